// The contacts page's CSV and search (src/console/ui/contacts-csv.ts), from case tables: files as spreadsheets save
// them, columns guessed from their headers, rows read in the workspace's words with each row's problems, the export
// read back by the import, and a contact found by name or by a number typed in any format.
import {
  type ColumnChoice,
  contactsCsv,
  decodeCsv,
  guessColumns,
  matchesSearch,
  parseCsv,
  readImportRows,
} from '../../src/console/ui/contacts-csv';
import type { Locale } from '../../src/console/ui/format';

const US: Locale = { timeZone: 'America/New_York', country: 'US', language: 'en-US' };
const GB: Locale = { timeZone: 'Europe/London', country: 'GB', language: 'en-GB' };
const USERS = [
  { id: 'bob', name: 'Bob Okafor (senior technician)' },
  { id: 'carol', name: 'Carol Nguyen' },
];

test.each([
  [
    'commas, LF',
    'Name,Phone\nDana,555-010-0200\n',
    [
      ['Name', 'Phone'],
      ['Dana', '555-010-0200'],
    ],
  ],
  [
    'CRLF, a byte-order mark',
    '\uFEFFName,Phone\r\nDana,5550100200\r\n',
    [
      ['Name', 'Phone'],
      ['Dana', '5550100200'],
    ],
  ],
  [
    'quotes, a doubled quote, a comma and a line break inside',
    'a,b\n"Whitfield, Dana","say ""hi""\nthere"\n',
    [
      ['a', 'b'],
      ['Whitfield, Dana', 'say "hi"\nthere'],
    ],
  ],
  [
    'semicolons (Excel in Europe)',
    'Nom;Téléphone\nDana;+33 1 23 45 67 89\n',
    [
      ['Nom', 'Téléphone'],
      ['Dana', '+33 1 23 45 67 89'],
    ],
  ],
  [
    'tabs',
    'a\tb\n1\t2',
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  ],
  [
    'blank lines left out, the last line without a break',
    'a,b\n\n,\n1,2',
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  ],
])('parseCsv: %s', (_what, text, rows) => {
  expect(parseCsv(text)).toEqual(rows);
});

test.each<[string, string[], Partial<ColumnChoice>]>([
  ['first, last, phone', ['First Name', 'Last Name', 'Phone'], { firstName: 0, lastName: 1, phone: 2, name: null, assignedUser: null }],
  ['a whole name and a mobile', ['Name', 'Mobile', 'Notes'], { name: 0, phone: 1, firstName: null, lastName: null }],
  ['Google-style', ['Given Name', 'Family Name', 'Phone 1 - Value'], { firstName: 0, lastName: 1, phone: null }],
  [
    'the export itself: the E.164 column and the id of the user',
    ['First name', 'Last name', 'Phone number', 'Phone (as dialled)', 'Assigned to', 'Assigned to (id)', 'Opted out of texts'],
    { firstName: 0, lastName: 1, phone: 2, assignedUser: 5 },
  ],
  ['nothing known', ['foo', 'bar'], { phone: null, firstName: null, lastName: null, name: null, assignedUser: null }],
])('guessColumns: %s', (_what, header, expected) => {
  expect(guessColumns(header)).toMatchObject(expected);
});

test('rows are read in the workspace’s country, each wrong row named, and only right rows kept', () => {
  const table = parseCsv(
    [
      'Name,Phone,Owner',
      'Dana Whitfield,(555) 010-0200,Bob', // national format, a user by first name
      'Eli Moreno,+1 555 010 0201,carol', // international, a user by id
      'Solo,555.010.0202,', // one word: a first name alone
      'Jay Bad,not a number,',
      'Kim Short,0100,',
      'Lee Nobody,555 010 0203,Zed',
      'Dana Again,555-010-0200,',
    ].join('\n'),
  );
  const read = readImportRows(table, guessColumns(table[0]!), US, USERS);
  expect(read.rows).toEqual([
    { row: 2, phone: '+15550100200', firstName: 'Dana', lastName: 'Whitfield', assignedUser: 'bob' },
    { row: 3, phone: '+15550100201', firstName: 'Eli', lastName: 'Moreno', assignedUser: 'carol' },
    { row: 4, phone: '+15550100202', firstName: 'Solo', lastName: null, assignedUser: null },
  ]);
  expect(read.problems.map((problem) => [problem.row, problem.message.slice(0, 30)])).toEqual([
    [5, '"not a number" is not a phone '],
    [6, '"0100" cannot be a phone numbe'],
    [7, 'Nobody in this workspace is "Z'],
    [8, 'This number is also on row 2: '],
  ]);
  // The same national digits are another country's number in a British workspace: read as typed there.
  const london = readImportRows(parseCsv('Name,Phone\nAda,020 7946 0000\n'), { ...guessColumns(['Name', 'Phone']) }, GB, USERS);
  expect(london.rows.map((row) => row.phone)).toEqual(['+442079460000']);
  // A file without an "Assigned to" column, or without names, leaves those out: the contacts already here keep theirs.
  const bare = readImportRows(parseCsv('Phone,Name\n555 010 0200,Dana W\n'), { ...guessColumns(['Phone', 'Name']) }, US, USERS);
  expect(bare.rows).toEqual([{ row: 2, phone: '+15550100200', firstName: 'Dana', lastName: 'W' }]);
  const phonesOnly = readImportRows(parseCsv('Phone\n555 010 0200\n'), guessColumns(['Phone']), US, USERS);
  expect(phonesOnly.rows).toEqual([{ row: 2, phone: '+15550100200' }]);
  // No phone column chosen: every row says so.
  const none = readImportRows(table, { ...guessColumns(table[0]!), phone: null }, US, USERS);
  expect(none.rows).toEqual([]);
  expect(none.problems.filter((problem) => problem.message.startsWith('Choose the column')).map((problem) => problem.row)).toEqual([
    2, 3, 4, 5, 6, 7, 8,
  ]);
});

test('the export reads back as the same contacts, and a name a spreadsheet would run as a formula is written inert', () => {
  const contacts = [
    { phone: '+15550100200', firstName: 'Dana', lastName: 'Whitfield, Jr.', assignedUser: 'bob', optedOut: false },
    { phone: '+442079460000', firstName: '=HYPERLINK("x")', lastName: null, assignedUser: null, optedOut: true },
  ];
  const csv = contactsCsv(contacts, USERS, US);
  expect(csv.split('\r\n')[1]).toBe('Dana,"Whitfield, Jr.",+15550100200,(555) 010-0200,Bob Okafor (senior technician),bob,no');
  expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  const table = parseCsv(csv);
  const read = readImportRows(table, guessColumns(table[0]!), US, USERS);
  expect(read.problems).toEqual([]);
  expect(read.rows.map(({ row: _row, ...rest }) => rest)).toEqual(contacts.map(({ optedOut: _optedOut, ...rest }) => rest));
});

test.each([
  ['a first name, any case', 'dana', true],
  ['both names, in another order', 'whitfield dana', true],
  ['someone else', 'eli', false],
  ['the number as dialled', '(555) 010-0200', true],
  ['the number with its country code', '+1 555-010-0200', true],
  ['a run of its digits', '0100200', true],
  ['digits it does not have', '0100201', false],
  ['too few digits to mean anything', '02', false],
  ['nothing typed', '  ', true],
])('matchesSearch: %s', (_what, typed, found) => {
  expect(matchesSearch({ phone: '+15550100200', firstName: 'Dana', lastName: 'Whitfield' }, typed, US)).toBe(found);
});

test.each([
  ['UTF-8', new TextEncoder().encode('Name\nZoë\n'), 'Name\nZoë\n'],
  ['UTF-8 with its byte-order mark (dropped)', new Uint8Array([0xef, 0xbb, 0xbf, 0x5a, 0xc3, 0xab]), 'Zë'],
  ['Windows-1252, as Excel saves CSV on Windows', new Uint8Array([0x5a, 0x6f, 0xeb, 0x0a]), 'Zoë\n'],
])('decodeCsv: %s', (_what, bytes, text) => {
  expect(decodeCsv(bytes)).toBe(text);
});
