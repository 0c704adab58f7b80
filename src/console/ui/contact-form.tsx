// The contacts page's form for one contact, new or edited: names, a number typed as the owner dials it (read in the
// workspace's country on saving, format.ts parsePhone; a number that cannot be one refused beside the field), whom
// it is assigned to, and its opt-out; the server's problems shown beside the fields they are about.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { contactName } from '../contact-name';
import { ApiError, call } from './api';
import { problemsOf, type ShownContact, type Users } from './contacts-api';
import { formatPhone, type Locale, parsePhone } from './format';
import type { PageProps } from './page-props';

interface FormFields {
  firstName: string;
  lastName: string;
  phone: string;
  assignedUser: string;
  optedOut: boolean;
}
type Problems = Partial<Record<keyof FormFields | 'form', string>>;

/** A labelled control of the form with its hint and its problem, tied to it by aria-describedby. */
function Field({
  name,
  label,
  problem,
  hint,
  children,
}: {
  name: keyof FormFields;
  label: string;
  problem: string | undefined;
  hint?: string;
  children: (described: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const id = `contact-${name}`;
  const describedBy = [problem ? `${id}-problem` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${problem ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({
        id,
        ...(problem ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p class="problem" id={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** The server's problems, each beside its field (the rest, and the answer's sentence, under the form). */
function problemsByField(error: unknown, fields: FormFields): Problems {
  const found: Problems = {};
  for (const problem of problemsOf(error)) {
    const field = (problem.field && problem.field in fields ? problem.field : 'form') as keyof Problems;
    found[field] = found[field] ? `${found[field]} ${problem.message}` : problem.message;
  }
  if (error instanceof ApiError || !Object.keys(found).length) found.form = (error as Error).message;
  return found;
}

/** A new contact (`contact` null) or one being edited; `onDone` with what to say (null: cancelled). */
export function ContactForm({
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
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector('input')?.focus(), []);
  const change = (name: keyof FormFields, value: string | boolean) => {
    setFields((current) => ({ ...current, [name]: value }));
    setUnsaved(contact ? `your edits to ${contactName(contact) ?? 'the contact'}` : 'the new contact');
  };
  const typed = (name: keyof FormFields) => (event: Event) => change(name, (event.currentTarget as HTMLInputElement).value);
  const save = async (event: Event) => {
    event.preventDefault();
    const phone = parsePhone(fields.phone, locale);
    if ('error' in phone) return setProblems({ phone: phone.error });
    setSaving(true);
    setProblems({});
    const saved = { ...fields, phone: phone.e164, assignedUser: fields.assignedUser || null };
    try {
      await call('console-contacts', {
        workspace: workspaceId,
        op: 'save',
        original: contact?.phone ?? '',
        contact: JSON.stringify(saved),
      });
      const name = contactName(saved) ?? formatPhone(phone.e164, locale);
      onDone(contact ? `Saved ${name}.` : `Added ${name}.`);
    } catch (error) {
      setSaving(false);
      setProblems(problemsByField(error, fields));
    }
  };
  return (
    <form class="panel contact-form" aria-labelledby="contact-form-title" onSubmit={save} ref={form}>
      <h2 id="contact-form-title">{contact ? `Edit ${contactName(contact) ?? formatPhone(contact.phone, locale)}` : 'New contact'}</h2>
      <div class="contact-fields">
        <Field name="firstName" label="First name" problem={problems.firstName}>
          {(described) => <input type="text" autocomplete="off" value={fields.firstName} onInput={typed('firstName')} {...described} />}
        </Field>
        <Field name="lastName" label="Last name" problem={problems.lastName}>
          {(described) => <input type="text" autocomplete="off" value={fields.lastName} onInput={typed('lastName')} {...described} />}
        </Field>
        <Field
          name="phone"
          label="Phone number"
          problem={problems.phone}
          hint={`As you dial it, such as ${formatPhone('+15550100100', locale)}, or with its country code.`}
        >
          {(described) => <input type="tel" autocomplete="off" value={fields.phone} onInput={typed('phone')} {...described} />}
        </Field>
        <Field
          name="assignedUser"
          label="Assigned to"
          problem={problems.assignedUser}
          hint="Their calls ring this person first, when the number's settings let them."
        >
          {(described) => (
            <select value={fields.assignedUser} onChange={typed('assignedUser')} {...described}>
              <option value="">Nobody</option>
              {users.map((user) => (
                <option value={user.id}>{user.name}</option>
              ))}
            </select>
          )}
        </Field>
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
