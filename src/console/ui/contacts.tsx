// The Contacts page: a workspace's contacts as cards (a name, the number in the workspace's format with its E.164
// a hover away, who they are assigned to), found by name or by a number typed in any format. Its admins add, edit
// (a number typed as they dial it), assign, remove (asked first) and import a CSV file (the columns chosen by them,
// each row's problems shown, nothing imported unless every row is right); anyone exports the list as CSV. Talks to
// console-contacts; contacts-csv.ts reads and writes the files.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { contactName } from '../contact-name';
import { ApiError, call, type SettingsResponse } from './api';
import {
  COLUMN_LABELS,
  CONTACT_COLUMNS,
  type ColumnChoice,
  type ContactColumn,
  contactsCsv,
  decodeCsv,
  guessColumns,
  type ImportProblem,
  type ImportRow,
  matchesSearch,
  parseCsv,
  readImportRows,
} from './contacts-csv';
import { InputField } from './fields';
import { formatPhone, type Locale, parsePhone } from './format';
import type { PageProps } from './page-props';

interface ShownContact {
  phone: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  assignedUser: string | null;
  optedOut: boolean;
}

interface ContactsAnswer {
  contacts: ShownContact[];
  canEdit: boolean;
  readOnly: string | null;
}

interface ServerProblem {
  row: number | null;
  field: string | null;
  message: string;
}

/** The server's answer to one import: at most this many rows (src/console/contacts.ts CONTACTS_IMPORT_MAX_ROWS). */
const IMPORT_MAX_ROWS = 100;
/** A file larger than this is no contacts list a person keeps by hand: refused before it is read. */
const IMPORT_MAX_BYTES = 256 * 1024;

type Users = readonly { id: string; name: string }[];

const problemsOf = (error: unknown): ServerProblem[] =>
  error instanceof ApiError && Array.isArray(error.body.problems) ? (error.body.problems as ServerProblem[]) : [];

export function ContactsPage({ workspace, settings, locale, setUnsaved, onSettingsSaved }: PageProps) {
  const users: Users = settings.workspace.users.map((user) => ({ id: user.id, name: user.name }));
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'done' } & ContactsAnswer)>({
    kind: 'loading',
  });
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<{ original: string; contact: ShownContact | null } | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const status = useRef<HTMLParagraphElement>(null);

  const load = async () => {
    try {
      const answer = await call<ContactsAnswer>('console-contacts', { workspace: workspace.id, op: 'list' });
      setState({ kind: 'done', ...answer });
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

  if (state.kind === 'loading') return <p class="loading">Loading contacts…</p>;
  if (state.kind === 'error') return <p class="problem">{state.message}</p>;
  const shown = state.contacts.filter((contact) => matchesSearch(contact, search, locale));
  const userName = (id: string | null) => users.find((user) => user.id === id)?.name ?? id;
  const label = (contact: ShownContact) => contact.name ?? formatPhone(contact.phone, locale);

  const remove = async (contact: ShownContact) => {
    try {
      await call('console-contacts', { workspace: workspace.id, op: 'remove', phone: contact.phone });
      setRemoving(null);
      await written(`Removed ${label(contact)}.`);
    } catch (error) {
      setRemoving(null);
      setMessage((error as Error).message);
    }
  };

  return (
    <div class="contacts">
      <div class="panel contacts-bar">
        <InputField
          id="contacts-search"
          label="Search contacts"
          type="search"
          value={search}
          placeholder="A name or a number"
          onValue={setSearch}
          aria-describedby="contacts-search-hint"
        >
          <p class="hint" id="contacts-search-hint">
            By name, or by number as you would dial it: {formatPhone('+15550100200', locale)}, 0100200 or +1 555 010 0200.
          </p>
        </InputField>
        <div class="contacts-actions">
          {state.canEdit ? (
            <button type="button" onClick={() => setEditing({ original: '', contact: null })} disabled={editing !== null}>
              Add a contact
            </button>
          ) : null}
          <a
            class="button secondary"
            download={`${workspace.id}-contacts.csv`}
            href={`data:text/csv;charset=utf-8,${encodeURIComponent(contactsCsv(state.contacts, users, locale))}`}
          >
            Export CSV
          </a>
        </div>
        {state.readOnly ? (
          <p class="hint">{state.readOnly}</p>
        ) : !state.canEdit ? (
          <p class="hint">Only an admin can change contacts.</p>
        ) : null}
      </div>
      {editing ? (
        <ContactForm
          key={editing.original || 'new'}
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
        {state.contacts.length === 0
          ? 'No contacts yet.'
          : search.trim()
            ? `${shown.length} of ${state.contacts.length} contacts match “${search.trim()}”.`
            : `${state.contacts.length} contact${state.contacts.length === 1 ? '' : 's'}.`}
      </p>
      {shown.length ? (
        <ul class="contact-cards" aria-label="Contacts">
          {shown.map((contact) => (
            <li class="contact-card">
              <h3>{label(contact)}</h3>
              <p>
                <span title={contact.phone}>{formatPhone(contact.phone, locale)}</span>
                {contact.optedOut ? <span class="muted"> · opted out of texts</span> : null}
              </p>
              <p class="muted">{contact.assignedUser ? `Assigned to ${userName(contact.assignedUser)}` : 'Not assigned to anyone'}</p>
              <div class="card-actions">
                <a class="button secondary" href={`#/${encodeURIComponent(workspace.id)}/phone/${encodeURIComponent(contact.phone)}`}>
                  Call <span class="visually-hidden">{label(contact)}</span>
                </a>
                {state.canEdit ? (
                  <>
                    <button
                      type="button"
                      class="secondary"
                      disabled={editing !== null}
                      onClick={() => setEditing({ original: contact.phone, contact })}
                    >
                      Edit <span class="visually-hidden">{label(contact)}</span>
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-expanded={removing === contact.phone}
                      onClick={() => setRemoving(contact.phone)}
                    >
                      Remove <span class="visually-hidden">{label(contact)}</span>
                    </button>
                  </>
                ) : null}
              </div>
              {removing === contact.phone ? (
                <fieldset class="confirm">
                  <legend>Remove {label(contact)}?</legend>
                  <p>
                    Calls from {formatPhone(contact.phone, locale)} will no longer show their name
                    {contact.assignedUser ? ` or ring ${userName(contact.assignedUser)} first` : ''}.
                  </p>
                  <button type="button" class="danger" onClick={() => void remove(contact)}>
                    Yes, remove {label(contact)}
                  </button>
                  <button type="button" class="secondary" onClick={() => setRemoving(null)}>
                    Keep {label(contact)}
                  </button>
                </fieldset>
              ) : null}
            </li>
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

interface FormFields {
  firstName: string;
  lastName: string;
  phone: string;
  assignedUser: string;
  optedOut: boolean;
}

/** A new contact (`contact` null) or one being edited; a number as typed, read in the workspace's country on saving. */
function ContactForm({
  workspaceId,
  contact,
  users,
  locale,
  setUnsaved,
  onDone,
}: {
  workspaceId: string;
  contact: ShownContact | null;
  users: Users;
  locale: Locale;
  setUnsaved: PageProps['setUnsaved'];
  onDone(words: string | null): void;
}) {
  const [fields, setFields] = useState<FormFields>({
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    phone: contact ? formatPhone(contact.phone, locale) : '',
    assignedUser: contact?.assignedUser ?? '',
    optedOut: contact?.optedOut ?? false,
  });
  const [problems, setProblems] = useState<Partial<Record<keyof FormFields | 'form', string>>>({});
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const title = contact ? `Edit ${contactName(contact) ?? formatPhone(contact.phone, locale)}` : 'New contact';
  const change = (name: keyof FormFields, value: string | boolean) => {
    setFields((current) => ({ ...current, [name]: value }));
    setUnsaved(contact ? `your edits to ${contactName(contact) ?? 'the contact'}` : 'the new contact');
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const phone = parsePhone(fields.phone, locale);
    if ('error' in phone) {
      setProblems({ phone: phone.error });
      return;
    }
    setSaving(true);
    setProblems({});
    try {
      await call('console-contacts', {
        workspace: workspaceId,
        op: 'save',
        original: contact?.phone ?? '',
        contact: JSON.stringify({
          phone: phone.e164,
          firstName: fields.firstName,
          lastName: fields.lastName,
          assignedUser: fields.assignedUser || null,
          optedOut: fields.optedOut,
        }),
      });
      const name = [fields.firstName.trim(), fields.lastName.trim()].filter(Boolean).join(' ') || formatPhone(phone.e164, locale);
      onDone(contact ? `Saved ${name}.` : `Added ${name}.`);
    } catch (error) {
      setSaving(false);
      const found = problemsOf(error);
      const byField: Partial<Record<keyof FormFields | 'form', string>> = {};
      for (const problem of found) {
        const field = (problem.field && problem.field in fields ? problem.field : 'form') as keyof FormFields | 'form';
        byField[field] = byField[field] ? `${byField[field]} ${problem.message}` : problem.message;
      }
      if (!found.length || error instanceof ApiError) byField.form = (error as Error).message;
      setProblems(byField);
    }
  };
  const invalid = (name: keyof FormFields) =>
    problems[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `contact-${name}-problem` } : {};
  const problem = (name: keyof FormFields) =>
    problems[name] ? (
      <p class="problem" id={`contact-${name}-problem`}>
        {problems[name]}
      </p>
    ) : null;
  return (
    <form class="panel contact-form" aria-labelledby="contact-form-title" onSubmit={save}>
      <h2 id="contact-form-title">{title}</h2>
      <div class="contact-fields">
        <div class={`field${problems.firstName ? ' invalid' : ''}`}>
          <label for="contact-firstName">First name</label>
          <input
            id="contact-firstName"
            type="text"
            ref={first}
            autocomplete="off"
            value={fields.firstName}
            onInput={(event) => change('firstName', (event.currentTarget as HTMLInputElement).value)}
            {...invalid('firstName')}
          />
          {problem('firstName')}
        </div>
        <div class={`field${problems.lastName ? ' invalid' : ''}`}>
          <label for="contact-lastName">Last name</label>
          <input
            id="contact-lastName"
            type="text"
            autocomplete="off"
            value={fields.lastName}
            onInput={(event) => change('lastName', (event.currentTarget as HTMLInputElement).value)}
            {...invalid('lastName')}
          />
          {problem('lastName')}
        </div>
        <div class={`field${problems.phone ? ' invalid' : ''}`}>
          <label for="contact-phone">Phone number</label>
          <input
            id="contact-phone"
            type="tel"
            autocomplete="off"
            value={fields.phone}
            onInput={(event) => change('phone', (event.currentTarget as HTMLInputElement).value)}
            aria-invalid={problems.phone ? 'true' : undefined}
            aria-describedby={problems.phone ? 'contact-phone-problem contact-phone-hint' : 'contact-phone-hint'}
          />
          <p class="hint" id="contact-phone-hint">
            As you dial it, such as {formatPhone('+15550100100', locale)}, or with its country code.
          </p>
          {problem('phone')}
        </div>
        <div class={`field${problems.assignedUser ? ' invalid' : ''}`}>
          <label for="contact-assignedUser">Assigned to</label>
          <select
            id="contact-assignedUser"
            value={fields.assignedUser}
            onChange={(event) => change('assignedUser', (event.currentTarget as HTMLSelectElement).value)}
            aria-describedby="contact-assignedUser-hint"
          >
            <option value="">Nobody</option>
            {users.map((user) => (
              <option value={user.id}>{user.name}</option>
            ))}
          </select>
          <p class="hint" id="contact-assignedUser-hint">
            Their calls ring this person first, when the number's settings let them.
          </p>
          {problem('assignedUser')}
        </div>
        <div class="field check">
          <input
            id="contact-optedOut"
            type="checkbox"
            checked={fields.optedOut}
            onChange={(event) => change('optedOut', (event.currentTarget as HTMLInputElement).checked)}
          />
          <label for="contact-optedOut">Opted out of texts (never texted back)</label>
        </div>
      </div>
      {problems.form ? <p class="problem">{problems.form}</p> : null}
      <div class="card-actions">
        <button type="submit" disabled={saving}>
          {contact ? 'Save contact' : 'Add contact'}
        </button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A CSV file read here, its columns chosen, each row checked; sent only when every row is right. */
function ImportPanel({
  workspaceId,
  existing,
  users,
  locale,
  setUnsaved,
  onImported,
}: {
  workspaceId: string;
  /** The numbers of the contacts already here: a row with one of them updates that contact. */
  existing: ReadonlySet<string>;
  users: Users;
  locale: Locale;
  setUnsaved: PageProps['setUnsaved'];
  onImported(words: string): void;
}) {
  const [file, setFile] = useState<{ name: string; table: string[][] } | null>(null);
  const [choice, setChoice] = useState<ColumnChoice | null>(null);
  const [fileProblem, setFileProblem] = useState('');
  const [serverProblems, setServerProblems] = useState<{ error: string; problems: ServerProblem[] } | null>(null);
  const [importing, setImporting] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const read = useMemo(
    () => (file && choice ? readImportRows(file.table, choice, locale, users) : null),
    [file, choice, locale, users.length],
  );

  const open = async (chosen: File | undefined) => {
    setServerProblems(null);
    setFile(null);
    setChoice(null);
    setFileProblem('');
    if (!chosen) return;
    if (chosen.size > IMPORT_MAX_BYTES) {
      setFileProblem(
        `${chosen.name} is ${Math.round(chosen.size / 1024)} KB: a contacts file of at most ${IMPORT_MAX_ROWS} rows is far smaller. Choose a CSV file.`,
      );
      return;
    }
    const table = parseCsv(decodeCsv(new Uint8Array(await chosen.arrayBuffer())));
    if (table.length < 2) {
      setFileProblem(`${chosen.name} has no rows under its header: choose a CSV file with a header line and one contact a line.`);
      return;
    }
    if (table.length - 1 > IMPORT_MAX_ROWS) {
      setFileProblem(
        `${chosen.name} has ${table.length - 1} rows; import at most ${IMPORT_MAX_ROWS} at a time: split it into files of ${IMPORT_MAX_ROWS} rows.`,
      );
      return;
    }
    setFile({ name: chosen.name, table });
    setChoice(guessColumns(table[0]!));
    setUnsaved('the contacts file not yet imported');
  };
  const reset = () => {
    setFile(null);
    setChoice(null);
    setUnsaved(null);
    if (input.current) input.current.value = '';
  };
  const send = async (rows: ImportRow[]) => {
    setImporting(true);
    setServerProblems(null);
    try {
      const answer = await call<{ created: number; updated: number }>('console-contacts', {
        workspace: workspaceId,
        op: 'import',
        contacts: JSON.stringify(rows),
      });
      reset();
      onImported(`Imported ${file?.name ?? 'the file'}: ${answer.created} added, ${answer.updated} updated.`);
    } catch (error) {
      setServerProblems({ error: (error as Error).message, problems: problemsOf(error) });
    } finally {
      setImporting(false);
    }
  };

  const header = file?.table[0] ?? [];
  const sample = file?.table[1] ?? [];
  const problems: ImportProblem[] = [
    ...(read?.problems ?? []),
    ...(serverProblems?.problems ?? []).map((problem) => ({ row: problem.row ?? 0, message: problem.message })),
  ];
  return (
    <section class="panel contacts-import" aria-labelledby="contacts-import-title">
      <h2 id="contacts-import-title">Import contacts</h2>
      <p class="hint">
        A CSV file (from a spreadsheet or another phone system) with a header line, up to {IMPORT_MAX_ROWS} contacts. You choose which
        column is which; a contact already here (the same number) is updated. Every row is imported, or none.
      </p>
      <div class="field">
        <label for="contacts-file">CSV file</label>
        <input
          id="contacts-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          ref={input}
          onChange={(event) => void open((event.currentTarget as HTMLInputElement).files?.[0])}
        />
      </div>
      {fileProblem ? <p class="problem">{fileProblem}</p> : null}
      {file && choice ? (
        <>
          <fieldset>
            <legend>Which column is which</legend>
            <div class="contact-fields">
              {CONTACT_COLUMNS.map((field: ContactColumn) => (
                <div class="field">
                  <label for={`import-column-${field}`}>{COLUMN_LABELS[field]}</label>
                  <select
                    id={`import-column-${field}`}
                    value={choice[field] === null ? '' : String(choice[field])}
                    onChange={(event) => {
                      const value = (event.currentTarget as HTMLSelectElement).value;
                      setServerProblems(null);
                      setChoice({ ...choice, [field]: value === '' ? null : Number(value) });
                    }}
                  >
                    <option value="">Not in the file</option>
                    {header.map((name, index) => (
                      <option value={String(index)}>
                        {name || `Column ${index + 1}`}
                        {sample[index] ? ` (e.g. ${sample[index]!.slice(0, 30)})` : ''}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
          </fieldset>
          <div role="status" aria-live="polite" aria-label="Import check">
            {serverProblems && !serverProblems.problems.length ? <p class="problem">{serverProblems.error}</p> : null}
            {problems.length ? (
              <>
                <p class="problem">
                  {serverProblems?.problems.length
                    ? serverProblems.error
                    : `Nothing can be imported yet: ${new Set(problems.map((problem) => problem.row)).size} of ${file.table.length - 1} rows have problems. Fix them in the file (or choose other columns) and choose it again.`}
                </p>
                <ul class="row-problems" aria-label="Problems in the file">
                  {problems.map((problem) => (
                    <li>
                      {problem.row ? `Row ${problem.row}: ` : ''}
                      {problem.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : read ? (
              <p>
                {`${file.name}: ${read.rows.length} contact${read.rows.length === 1 ? '' : 's'} ready to import (${
                  read.rows.filter((row) => !existing.has(row.phone)).length
                } new, ${read.rows.filter((row) => existing.has(row.phone)).length} already here and updated).`}
              </p>
            ) : null}
          </div>
          <div class="card-actions">
            <button
              type="button"
              disabled={importing || !read || problems.length > 0 || read.rows.length === 0}
              onClick={() => read && void send(read.rows)}
            >
              Import {read?.rows.length ?? 0} contact{read?.rows.length === 1 ? '' : 's'}
            </button>
            <button type="button" class="secondary" onClick={reset}>
              Cancel the import
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
