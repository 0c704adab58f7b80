// The contacts page's CSV and search, pure (no DOM), so tests read them with case tables: a CSV file read as rows
// (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes; comma, semicolon or tab as a spreadsheet
// saved it; a byte-order mark dropped), the file's columns guessed for each contact field and then chosen by the
// owner, each row read into a contact in the workspace's words (a number as typed there: format.ts parsePhone; a
// user by id or name) with each row's problems, the contacts written back as CSV, and a contact found by name or
// by number typed in any format.
import { contactName } from '../contact-name';
import { formatPhone, type Locale, parsePhone } from './format';

/** The contact fields a column can fill; `name` is a whole name, split into first and last when those are not chosen. */
export const CONTACT_COLUMNS = ['phone', 'firstName', 'lastName', 'name', 'assignedUser'] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];
/** For each field, the index of the file's column that fills it, or null (not in the file). */
export type ColumnChoice = Record<ContactColumn, number | null>;

export const COLUMN_LABELS: Record<ContactColumn, string> = {
  phone: 'Phone number',
  firstName: 'First name',
  lastName: 'Last name',
  name: 'Full name',
  assignedUser: 'Assigned to',
};

/** The most characters of a first or last name (the server's CONTACT_NAME_MAX_LENGTH). */
const NAME_MAX = 100;

/** The delimiter the header line uses most, outside quotes: a comma, a semicolon (Excel in much of Europe) or a tab. */
function delimiterOf(text: string): string {
  const counts = new Map([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  const [most, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? most : ',';
}

/**
 * A file's bytes as text: UTF-8 (with or without its byte-order mark), else Windows-1252, as Excel saves "CSV" on
 * Windows (so "Zoë" stays Zoë, not Zo�).
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The file's rows, each a list of its cells; blank lines left out. */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '');
  const delimiter = delimiterOf(source);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endRow = () => {
    row.push(cell);
    if (row.some((value) => value.trim() !== '')) rows.push(row);
    row = [];
    cell = '';
  };
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      endRow();
    } else cell += char;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}

/** A cell a spreadsheet would run as a formula (=, @, a tab or return first) is written with a ' before it. */
const FORMULA_START = /^[=@\t\r]|^[+-](?!\d[\d\s()-]*$)/;

function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The ' a cell was written with (csvCell) taken off again when the file comes back. */
const unguarded = (value: string) => (/^'[=@+\-\t\r]/.test(value) ? value.slice(1) : value);

export const EXPORT_HEADER = [
  'First name',
  'Last name',
  'Phone number',
  'Phone (as dialled)',
  'Assigned to',
  'Assigned to (id)',
  'Opted out of texts',
];

export interface ExportedContact {
  phone: string;
  firstName: string | null;
  lastName: string | null;
  assignedUser: string | null;
  optedOut: boolean;
}

/** The contacts as CSV (CRLF, as RFC 4180 writes it): the file the page exports, and imports back. */
export function contactsCsv(contacts: readonly ExportedContact[], users: readonly { id: string; name: string }[], locale: Locale): string {
  const lines = [
    EXPORT_HEADER,
    ...contacts.map((contact) => [
      contact.firstName ?? '',
      contact.lastName ?? '',
      contact.phone,
      formatPhone(contact.phone, locale),
      users.find((user) => user.id === contact.assignedUser)?.name ?? '',
      contact.assignedUser ?? '',
      contact.optedOut ? 'yes' : 'no',
    ]),
  ];
  return `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const normal = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');

/** Header words that name each field, most telling first (`phone` last: "Phone (as dialled)" is the export's copy). */
const HEADER_WORDS: Record<ContactColumn, string[]> = {
  phone: ['phonenumber', 'phone', 'mobile', 'mobilephone', 'cell', 'cellphone', 'telephone', 'tel', 'number', 'e164'],
  firstName: ['firstname', 'first', 'givenname', 'forename'],
  lastName: ['lastname', 'last', 'surname', 'familyname'],
  name: ['name', 'fullname', 'contact', 'contactname', 'displayname'],
  assignedUser: ['assignedtoid', 'assigneduser', 'assignedto', 'assigned', 'owner', 'user', 'agent'],
};

/** For each field, the header that names it (the first such header), else null; no column fills two fields. */
export function guessColumns(header: readonly string[]): ColumnChoice {
  const words = header.map(normal);
  const taken = new Set<number>();
  const choice = {} as ColumnChoice;
  for (const field of CONTACT_COLUMNS) {
    let found: number | null = null;
    for (const word of HEADER_WORDS[field]) {
      const index = words.findIndex((candidate, at) => candidate === word && !taken.has(at));
      if (index >= 0) {
        found = index;
        break;
      }
    }
    if (found !== null) taken.add(found);
    choice[field] = found;
  }
  // A file with first and last names needs no whole name.
  if (choice.firstName !== null && choice.lastName !== null) choice.name = null;
  return choice;
}

/**
 * A row read into a contact: `row` is its line in the file (the header is line 1). A field whose column the file
 * does not have is left out, so a contact already there keeps it (no names column: its name; no "Assigned to": its
 * user).
 */
export interface ImportRow {
  row: number;
  phone: string;
  firstName?: string | null;
  lastName?: string | null;
  assignedUser?: string | null;
}

export interface ImportProblem {
  row: number;
  message: string;
}

/**
 * The file's rows after its header, read with the columns chosen: the contacts, and each row's problems (a number that
 * cannot be one where the workspace is, a user nobody is, a number twice, a name too long). Without a phone column
 * every row is a problem.
 */
export function readImportRows(
  table: readonly (readonly string[])[],
  choice: ColumnChoice,
  locale: Pick<Locale, 'country'>,
  users: readonly { id: string; name: string }[],
): { rows: ImportRow[]; problems: ImportProblem[] } {
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const cellOf = (cells: readonly string[], field: ContactColumn) => {
    const index = choice[field];
    return index === null ? '' : unguarded((cells[index] ?? '').trim());
  };
  table.slice(1).forEach((cells, index) => {
    const row = index + 2;
    const wrong = (message: string) => problems.push({ row, message });
    const before = problems.length;
    let phone = '';
    if (choice.phone === null) wrong('Choose the column that holds the phone number.');
    else {
      const parsed = parsePhone(cellOf(cells, 'phone'), locale);
      if ('error' in parsed) wrong(parsed.error);
      else phone = parsed.e164;
    }
    let firstName = cellOf(cells, 'firstName') || null;
    let lastName = cellOf(cells, 'lastName') || null;
    const whole = cellOf(cells, 'name');
    if (whole && !firstName && !lastName) {
      const [first = '', ...rest] = whole.split(/\s+/);
      firstName = first || null;
      lastName = rest.join(' ') || null;
    }
    for (const [label, value] of [
      ['The first name', firstName],
      ['The last name', lastName],
    ] as const)
      if (value && value.length > NAME_MAX) wrong(`${label} is longer than ${NAME_MAX} characters.`);
    const userText = cellOf(cells, 'assignedUser');
    let assignedUser: string | null = null;
    if (userText) {
      const wanted = userText.toLowerCase();
      const user =
        users.find((candidate) => candidate.id.toLowerCase() === wanted) ??
        users.find((candidate) => candidate.name.toLowerCase() === wanted) ??
        users.find((candidate) => candidate.name.toLowerCase().split(/[\s(]+/)[0] === wanted);
      if (user) assignedUser = user.id;
      else
        wrong(
          `Nobody in this workspace is "${userText}": use a user's name or id (${users.map((candidate) => candidate.name).join(', ')}), or leave it blank.`,
        );
    }
    if (phone) {
      const first = seen.get(phone);
      if (first !== undefined) wrong(`This number is also on row ${first}: keep one of them.`);
      else seen.set(phone, row);
    }
    if (problems.length !== before) return;
    const named = choice.firstName !== null || choice.lastName !== null || choice.name !== null;
    rows.push({
      row,
      phone,
      ...(named ? { firstName, lastName } : {}),
      ...(choice.assignedUser !== null ? { assignedUser } : {}),
    });
  });
  return { rows, problems };
}

/**
 * Whether a contact is found by what was typed in the search: words of its name (any order, any case), or its number
 * typed in any format: the whole number as the workspace dials it, or a run of its digits.
 */
export function matchesSearch(
  contact: { phone: string; firstName: string | null; lastName: string | null },
  typed: string,
  locale: Pick<Locale, 'country'>,
): boolean {
  const text = typed.trim().toLowerCase();
  if (!text) return true;
  const name = (contactName(contact) ?? '').toLowerCase();
  if (text.split(/\s+/).every((word) => name.includes(word))) return true;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 3 || /[a-z]/.test(text)) return false;
  const parsed = parsePhone(typed, locale);
  if ('e164' in parsed && parsed.e164 === contact.phone) return true;
  const national = formatPhone(contact.phone, locale).replace(/\D/g, '');
  return contact.phone.replace(/\D/g, '').includes(digits) || national.includes(digits);
}
