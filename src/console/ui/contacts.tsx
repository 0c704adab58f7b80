// The Contacts page: a workspace's contacts as cards (a name, the number in the workspace's format with its E.164
// a hover away, who they are assigned to), found by name or by a number typed in any format. Its admins add, edit
// (a number typed as they dial it), assign, remove (asked first) and import a CSV file (contacts-import.tsx); anyone
// exports the list as CSV. Talks to console-contacts; contacts-csv.ts reads and writes the files.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, type SettingsResponse } from './api';
import { ContactForm } from './contact-form';
import type { ContactsAnswer, ShownContact, Users } from './contacts-api';
import { contactsCsv, matchesSearch } from './contacts-csv';
import { ImportPanel } from './contacts-import';
import { InputField } from './fields';
import { formatPhone, type Locale } from './format';
import type { PageProps } from './page-props';

/** How a card names a contact: its name, else its number. */
const labelOf = (contact: ShownContact, locale: Locale) => contact.name ?? formatPhone(contact.phone, locale);

/** The search, and the page's actions: add (admins), export (everyone). */
function ContactsBar({
  workspaceId,
  answer,
  users,
  locale,
  search,
  onSearch,
  onAdd,
}: {
  workspaceId: string;
  answer: ContactsAnswer;
  users: Users;
  locale: Locale;
  search: string;
  onSearch(text: string): void;
  /** Null while a contact is being edited. */
  onAdd: (() => void) | null;
}) {
  return (
    <div class="panel contacts-bar">
      <InputField
        id="contacts-search"
        label="Search contacts"
        type="search"
        value={search}
        placeholder="A name or a number"
        onValue={onSearch}
        aria-describedby="contacts-search-hint"
      >
        <p class="hint" id="contacts-search-hint">
          By name, or by number in any format: {formatPhone(answer.contacts[0]?.phone ?? '+15550100200', locale)}, with its country code, or
          a few of its digits.
        </p>
      </InputField>
      <div class="contacts-actions">
        {answer.canEdit ? (
          <button type="button" onClick={() => onAdd?.()} disabled={onAdd === null}>
            Add a contact
          </button>
        ) : null}
        <a
          class="button secondary"
          download={`${workspaceId}-contacts.csv`}
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(contactsCsv(answer.contacts, users, locale))}`}
        >
          Export CSV
        </a>
      </div>
      {answer.readOnly ? (
        <p class="hint">{answer.readOnly}</p>
      ) : !answer.canEdit ? (
        <p class="hint">Only an admin can change contacts.</p>
      ) : null}
    </div>
  );
}

/** One contact: call them, and for admins edit or remove them (asked first, saying what removing changes). */
function ContactCard({
  contact,
  workspaceId,
  users,
  locale,
  canEdit,
  editing,
  onEdit,
  onRemove,
}: {
  contact: ShownContact;
  workspaceId: string;
  users: Users;
  locale: Locale;
  canEdit: boolean;
  /** Another contact is being edited: no second edit meanwhile. */
  editing: boolean;
  onEdit(): void;
  onRemove(): Promise<void>;
}) {
  const [asking, setAsking] = useState(false);
  const label = labelOf(contact, locale);
  const assigned = contact.assignedUser ? (users.find((user) => user.id === contact.assignedUser)?.name ?? contact.assignedUser) : null;
  return (
    <li class="contact-card">
      <h3>{label}</h3>
      <p>
        <span title={contact.phone}>{formatPhone(contact.phone, locale)}</span>
        {contact.optedOut ? <span class="muted"> · opted out of texts</span> : null}
      </p>
      <p class="muted">{assigned ? `Assigned to ${assigned}` : 'Not assigned to anyone'}</p>
      <div class="card-actions">
        <a class="button secondary" href={`#/${encodeURIComponent(workspaceId)}/phone/${encodeURIComponent(contact.phone)}`}>
          Call <span class="visually-hidden">{label}</span>
        </a>
        {canEdit ? (
          <>
            <button type="button" class="secondary" disabled={editing} onClick={onEdit}>
              Edit <span class="visually-hidden">{label}</span>
            </button>
            <button type="button" class="secondary" aria-expanded={asking} onClick={() => setAsking(true)}>
              Remove <span class="visually-hidden">{label}</span>
            </button>
          </>
        ) : null}
      </div>
      {asking ? (
        <fieldset class="confirm">
          <legend>Remove {label}?</legend>
          <p>
            Calls from {formatPhone(contact.phone, locale)} will no longer show their name{assigned ? ` or ring ${assigned} first` : ''}.
          </p>
          <button type="button" class="danger" onClick={() => void onRemove().finally(() => setAsking(false))}>
            Yes, remove {label}
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(false)}>
            Keep {label}
          </button>
        </fieldset>
      ) : null}
    </li>
  );
}

export function ContactsPage({ workspace, settings, locale, setUnsaved, onSettingsSaved }: PageProps) {
  const users: Users = settings.workspace.users.map((user) => ({ id: user.id, name: user.name }));
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'done' } & ContactsAnswer)>({
    kind: 'loading',
  });
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ contact: ShownContact | null } | null>(null);
  const [message, setMessage] = useState('');
  const status = useRef<HTMLParagraphElement>(null);

  const load = async () => {
    try {
      setState({ kind: 'done', ...(await call<ContactsAnswer>('console-contacts', { workspace: workspace.id, op: 'list' })) });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  useEffect(() => {
    setState({ kind: 'loading' });
    setEditing(null);
    void load();
  }, [workspace.id]);

  /** After a write: the list again, and the shell's copy of the workspace (the preview and the phone read its contacts). */
  const written = async (words: string) => {
    await load();
    setMessage(words); // said once the list shows it
    call<SettingsResponse>('console-settings', { workspace: workspace.id }).then(onSettingsSaved, () => undefined);
    status.current?.focus();
  };
  const remove = async (contact: ShownContact) => {
    try {
      await call('console-contacts', { workspace: workspace.id, op: 'remove', phone: contact.phone });
      await written(`Removed ${labelOf(contact, locale)}.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  if (state.kind === 'loading') return <p class="loading">Loading contacts…</p>;
  if (state.kind === 'error') return <p class="problem">{state.message}</p>;
  const shown = state.contacts.filter((contact) => matchesSearch(contact, search, locale));
  const total = state.contacts.length;
  return (
    <div class="contacts">
      <ContactsBar
        workspaceId={workspace.id}
        answer={state}
        users={users}
        locale={locale}
        search={search}
        onSearch={setSearch}
        onAdd={editing ? null : () => setEditing({ contact: null })}
      />
      {editing ? (
        <ContactForm
          key={editing.contact?.phone ?? 'new'}
          workspaceId={workspace.id}
          contact={editing.contact}
          users={users}
          locale={locale}
          setUnsaved={setUnsaved}
          onDone={(words) => {
            setEditing(null);
            setUnsaved(null);
            if (words) void written(words);
          }}
        />
      ) : null}
      <p role="status" aria-live="polite" aria-label="Contacts found" tabIndex={-1} ref={status}>
        {message ? `${message} ` : ''}
        {total === 0
          ? 'No contacts yet.'
          : search.trim()
            ? `${shown.length} of ${total} contacts match “${search.trim()}”.`
            : `${total} contact${total === 1 ? '' : 's'}.`}
      </p>
      {shown.length ? (
        <ul class="contact-cards" aria-label="Contacts">
          {shown.map((contact) => (
            <ContactCard
              key={contact.phone}
              contact={contact}
              workspaceId={workspace.id}
              users={users}
              locale={locale}
              canEdit={state.canEdit}
              editing={editing !== null}
              onEdit={() => setEditing({ contact })}
              onRemove={() => remove(contact)}
            />
          ))}
        </ul>
      ) : null}
      {state.canEdit ? (
        <ImportPanel
          workspaceId={workspace.id}
          existing={new Set(state.contacts.map((contact) => contact.phone))}
          users={users}
          locale={locale}
          setUnsaved={setUnsaved}
          onImported={(words) => void written(words)}
        />
      ) : null}
    </div>
  );
}
