// console-contacts: a workspace's contacts in the console. Any member reads them (`list`); an admin adds or edits
// one (`save`), removes one (`remove`) or imports many (`import`: every row checked first, each row's problems
// answered, and nothing written unless every row is right). Phones arrive as E.164: the page reads what the owner
// typed in the workspace's format (ui/format.ts parsePhone) and sends E.164; here each is checked again, and must
// be a number a call could come from (src/phone/caller-id, as every call's caller is read). Writes go through contacts-store.ts, the one writer.
import { E164_PATTERN } from '../config/constants';
import type { Contact, User } from '../config/schema';
import { callerOf } from '../phone/caller-id';
import { canWrite } from './access';
import { contactName } from './contact-name';
import { ContactRefusal, type ContactChanges, type ContactsOf, contactsStoreFor, ContactWriteError } from './contacts-store';
import { refuse, type ConsoleAction, type ConsoleReply, type ConsoleRequest } from './handler';
import { consoleStore } from './settings';

/** The most rows one import takes: Sync writes a map's items at 20 a second, and a Function runs at most 10 s. */
export const CONTACTS_IMPORT_MAX_ROWS = 100;
/** The longest first or last name kept. */
export const CONTACT_NAME_MAX_LENGTH = 100;

/** A contact as the page sends it (`row`: its line in the imported file, for the problems). */
interface ContactInput {
  row?: unknown;
  phone?: unknown;
  firstName?: unknown;
  lastName?: unknown;
  assignedUser?: unknown;
  optedOut?: unknown;
}

export interface RowProblem {
  row: number | null;
  field: string | null;
  message: string;
}

const NO_ACCESS = 'You do not have access to that workspace.';
const ONLY_ADMINS = 'Only an admin of this workspace can change its contacts.';

function nameField(value: unknown, label: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push(`${label} must be text.`);
    return null;
  }
  const trimmed = value.trim();
  if (trimmed.length > CONTACT_NAME_MAX_LENGTH) problems.push(`${label} is longer than ${CONTACT_NAME_MAX_LENGTH} characters: shorten it.`);
  return trimmed || null;
}

/**
 * One contact checked against the workspace's users; `kept`: the stored contact it replaces, whose fields the input
 * leaves out (undefined) are kept (an import without an "Assigned to" column keeps every assignment).
 */
export function checkContact(
  input: ContactInput,
  users: readonly Pick<User, 'id' | 'name'>[],
  kept: Contact | null,
): { contact: Contact } | { problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const phone = typeof input.phone === 'string' ? input.phone.trim() : '';
  if (!phone) problems.push({ field: 'phone', message: 'Enter the phone number.' });
  // A number a call could come from (src/phone/caller-id: never a withheld placeholder, never too short for its code).
  else if (!E164_PATTERN.test(phone) || callerOf(phone).withheld)
    problems.push({ field: 'phone', message: `"${phone.slice(0, 40)}" cannot be a phone number: check its digits and country code.` });
  // A field left out (an imported file without that column) keeps what the contact it replaces has.
  const nameProblems: string[] = [];
  const firstName = input.firstName === undefined ? (kept?.firstName ?? null) : nameField(input.firstName, 'The first name', nameProblems);
  const lastName = input.lastName === undefined ? (kept?.lastName ?? null) : nameField(input.lastName, 'The last name', nameProblems);
  for (const message of nameProblems) problems.push({ field: message.includes('first') ? 'firstName' : 'lastName', message });
  let assignedUser: string | null = input.assignedUser === undefined ? (kept?.assignedUser ?? null) : null;
  if (input.assignedUser !== undefined && input.assignedUser !== null && input.assignedUser !== '') {
    const user = typeof input.assignedUser === 'string' ? users.find((candidate) => candidate.id === input.assignedUser) : undefined;
    if (user) assignedUser = user.id;
    else
      problems.push({
        field: 'assignedUser',
        message: `There is no user "${String(input.assignedUser).slice(0, 40)}" in this workspace: choose one of ${users.map((user) => user.name).join(', ') || 'its users'}, or nobody.`,
      });
  }
  if (input.optedOut !== undefined && typeof input.optedOut !== 'boolean')
    problems.push({ field: 'optedOut', message: 'Opted out must be yes or no.' });
  if (problems.length) return { problems };
  const optedOut = typeof input.optedOut === 'boolean' ? input.optedOut : (kept?.optedOut ?? false);
  return { contact: { phone, firstName, lastName, assignedUser, optedOut } };
}

/** A contact as the page shows it: its fields and its name. */
const shown = (contact: Contact) => ({ ...contact, name: contactName(contact) });

function byName(a: Contact, b: Contact): number {
  const left = contactName(a) ?? a.phone;
  const right = contactName(b) ?? b.phone;
  return left.localeCompare(right, 'en', { sensitivity: 'base' }) || a.phone.localeCompare(b.phone);
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is ContactInput => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The change one `save` makes: a new contact (`original` empty) or an edit of the contact at `original`, maybe to a new phone. */
function saveEdit(input: ContactInput, original: string): (current: ContactsOf) => ContactChanges | ContactRefusal {
  return (current) => {
    const byPhone = new Map(current.contacts.map((contact) => [contact.phone, contact]));
    const edited = original ? byPhone.get(original) : undefined;
    if (original && !edited) return new ContactRefusal(404, 'That contact is no longer there (someone removed it): reload the page.');
    const checked = checkContact(input, current.workspace.users, edited ?? null);
    if ('problems' in checked)
      return new ContactRefusal(
        422,
        'Fix the problems shown, then save again.',
        checked.problems.map((problem) => ({ row: null, ...problem })),
      );
    const { contact } = checked;
    const other = contact.phone !== original ? byPhone.get(contact.phone) : undefined;
    if (other)
      return new ContactRefusal(409, `${contactName(other) ?? 'Another contact'} already has this number: edit that contact instead.`, [
        { row: null, field: 'phone', message: `${contactName(other) ?? 'Another contact'} already has this number.` },
      ]);
    return { puts: [contact], removes: original && original !== contact.phone ? [original] : [] };
  };
}

/** The change one import makes: every row checked (against the users, and for a number twice in the file); any problem refuses them all. */
function importEdit(rows: ContactInput[]): (current: ContactsOf) => ContactChanges | ContactRefusal {
  return (current) => {
    const byPhone = new Map(current.contacts.map((contact) => [contact.phone, contact]));
    const problems: RowProblem[] = [];
    const puts: Contact[] = [];
    const seen = new Map<string, number>();
    rows.forEach((input, index) => {
      const row = typeof input.row === 'number' && Number.isInteger(input.row) ? input.row : index + 1;
      const phone = typeof input.phone === 'string' ? input.phone.trim() : '';
      const checked = checkContact(input, current.workspace.users, byPhone.get(phone) ?? null);
      if ('problems' in checked) {
        for (const problem of checked.problems) problems.push({ row, ...problem });
        return;
      }
      const first = seen.get(checked.contact.phone);
      if (first !== undefined) {
        problems.push({ row, field: 'phone', message: `This number is also on row ${first}: keep one of them.` });
        return;
      }
      seen.set(checked.contact.phone, row);
      puts.push(checked.contact);
    });
    if (problems.length) {
      const rowsWrong = new Set(problems.map((problem) => problem.row)).size;
      return new ContactRefusal(
        422,
        `Nothing was imported: ${rowsWrong} row${rowsWrong === 1 ? ' has' : 's have'} problems. Fix ${rowsWrong === 1 ? 'it' : 'them'} in the file (or the columns chosen) and import it again.`,
        problems,
      );
    }
    return { puts, removes: [] };
  };
}

/** Runs one write as the workspace's admin and answers it. */
async function writeAsAdmin(
  request: ConsoleRequest,
  edit: (current: ContactsOf) => ContactChanges | ContactRefusal,
): Promise<ConsoleReply> {
  const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
  if (readOnly) return refuse(409, readOnly);
  const contacts = contactsStoreFor(store, request.services.gateway, (message) => request.log.warn(message));
  try {
    const written = await contacts.write(request.params.workspace!, (workspace) => canWrite(request.confirm(workspace)), edit);
    if (written.status === 'missing') return refuse(403, NO_ACCESS);
    if (written.status === 'forbidden') return refuse(403, ONLY_ADMINS);
    if (written.status === 'refused') {
      const { refusal } = written;
      return { status: refusal.status, json: { error: refusal.error, problems: refusal.problems } };
    }
    const { status: _status, ...counts } = written;
    request.log.info(
      `contacts of ${request.params.workspace}: ${counts.created} created, ${counts.updated} updated, ${counts.removed} removed`,
    );
    return { json: { status: 'saved', ...counts } };
  } catch (error) {
    if (error instanceof ContactWriteError) return refuse(error.restored ? 503 : 500, error.message);
    throw error;
  }
}

const OPERATIONS: Record<string, ConsoleAction> = {
  /** Every contact of the workspace, by name; any member may read them. */
  list: async (request) => {
    const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
    const found = await contactsStoreFor(store, request.services.gateway, (message) => request.log.warn(message)).read(
      request.params.workspace!,
    );
    const membership = found ? request.confirm(found.workspace) : null;
    if (!found || !membership) return refuse(403, NO_ACCESS);
    return {
      json: { contacts: [...found.contacts].sort(byName).map(shown), canEdit: canWrite(membership) && !readOnly, readOnly },
    };
  },
  save: async (request) => {
    const input = parseJson(request.params.contact);
    if (!isObject(input)) return refuse(400, 'contact must be the contact as JSON text.');
    return writeAsAdmin(request, saveEdit(input, (request.params.original ?? '').trim()));
  },
  remove: async (request) => {
    const phone = (request.params.phone ?? '').trim();
    if (!E164_PATTERN.test(phone)) return refuse(400, "phone must be the contact's number, such as +15551230000.");
    return writeAsAdmin(request, (current) =>
      current.contacts.some((contact) => contact.phone === phone)
        ? { puts: [], removes: [phone] }
        : new ContactRefusal(404, 'That contact is no longer there (someone removed it): reload the page.'),
    );
  },
  import: async (request) => {
    const rows = parseJson(request.params.contacts);
    if (!Array.isArray(rows) || !rows.every(isObject)) return refuse(400, 'contacts must be a list of contacts as JSON text.');
    if (rows.length === 0) return refuse(400, 'The file has no contacts to import.');
    if (rows.length > CONTACTS_IMPORT_MAX_ROWS)
      return refuse(
        413,
        `The file has ${rows.length} contacts; import at most ${CONTACTS_IMPORT_MAX_ROWS} at a time: split it into files of ${CONTACTS_IMPORT_MAX_ROWS} rows.`,
      );
    return writeAsAdmin(request, importEdit(rows));
  },
};

/** console-contacts: `workspace`, `op` (list, save, remove, import; list when absent) and the operation's own fields. */
export const contactsAction: ConsoleAction = async (request) => {
  const operation = OPERATIONS[request.params.op ?? 'list'];
  if (!operation || !Object.hasOwn(OPERATIONS, request.params.op ?? 'list'))
    return refuse(400, 'op must be one of list, save, remove, import.');
  return operation(request);
};
