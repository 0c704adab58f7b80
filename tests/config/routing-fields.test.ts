// Issue 20's fields, refused field by field with the path and a message that says what to write: a menu key that is
// not one digit, more than 9 options, a digit written twice in the bundle's JSON text (JSON.parse alone would drop
// one option without a word), a blocked caller that is not E.164, a user's working hours not in the weekly shape.
import { ConfigValidationError } from '../../src/config/errors';
import { parseBundle, parseBundleText } from '../../src/config/parse';
import { duplicateKeyIssues } from '../../src/config/duplicate-keys';

const menuNumber = (options: Record<string, unknown>) => ({
  number: '+15550800100',
  name: 'Main',
  assignedUser: 'al',
  menu: { greeting: { text: 'Press 1 for sales.' }, options, default: '1' },
});

const bundleWith = (workspace: Record<string, unknown> = {}, number: Record<string, unknown> = {}) => ({
  workspaces: [
    {
      id: 'acme',
      name: 'Acme',
      users: [{ id: 'al', name: 'Al', phone: '+15550800002' }],
      numbers: [{ number: '+15550800100', name: 'Main', assignedUser: 'al', ...number }],
      ...workspace,
    },
  ],
});

function problems(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the bundle to be refused');
}

const sales = { label: 'Sales', action: 'ring', users: ['al'] };
const message = { label: 'Leave a message', action: 'voicemail' };

describe('refused, naming the field', () => {
  test.each([
    [
      'a menu key that is not one digit from 1 to 9',
      bundleWith({}, menuNumber({ '1': sales, '0': message, '10': message })),
      [
        { path: 'workspaces.0.numbers.0.menu.options.0', message: 'must be a single digit from 1 to 9' },
        { path: 'workspaces.0.numbers.0.menu.options.10', message: 'must be a single digit from 1 to 9' },
      ],
    ],
    [
      // Keys 1 to 9 and no digit twice (below): a tenth option has no key of its own, so more than 9 cannot pass.
      'a menu with 10 options',
      bundleWith({}, menuNumber({ ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), message])), '*': message })),
      [{ path: 'workspaces.0.numbers.0.menu.options.*', message: 'must be a single digit from 1 to 9' }],
    ],
    [
      'a blocked caller that is not E.164',
      bundleWith({ inbound: { screening: { blocked: ['+15550800999', '555-0100'] } } }),
      [{ path: 'workspaces.0.inbound.screening.blocked.1', message: 'must be an E.164 phone number such as +15551230000' }],
    ],
    [
      'working hours with a time that is not HH:MM',
      bundleWith({
        users: [{ id: 'al', name: 'Al', phone: '+15550800002', workingHours: { monday: [{ open: '08:00', close: '4pm' }] } }],
      }),
      [{ path: 'workspaces.0.users.0.workingHours.monday.0.close', message: 'must be a 24-hour time HH:MM (00:00 to 24:00)' }],
    ],
    [
      'working hours that close before they open',
      bundleWith({
        users: [{ id: 'al', name: 'Al', phone: '+15550800002', workingHours: { friday: [{ open: '16:00', close: '08:00' }] } }],
      }),
      [{ path: 'workspaces.0.users.0.workingHours.friday.0', message: 'open must be earlier than close on the same day' }],
    ],
    [
      'working hours on a day that is not a weekday name',
      bundleWith({ users: [{ id: 'al', name: 'Al', phone: '+15550800002', workingHours: { mon: [{ open: '08:00', close: '16:00' }] } }] }),
      [{ path: 'workspaces.0.users.0.workingHours', message: 'Unrecognized key: "mon"' }],
    ],
  ])('%s', (_title, bundle, expected) => {
    expect(problems(() => parseBundle(bundle))).toEqual(expected);
  });

  test('the same bundles pass with the field written right', () => {
    expect(() => parseBundle(bundleWith({}, menuNumber({ '1': sales, '2': message, '9': message })))).not.toThrow();
    expect(() => parseBundle(bundleWith({ inbound: { screening: { blocked: ['+15550800999'] } } }))).not.toThrow();
    const hours = { monday: [{ open: '08:00', close: '16:00' }], saturday: [{ open: '00:00', close: '24:00' }] };
    const parsed = parseBundle(bundleWith({ users: [{ id: 'al', name: 'Al', phone: '+15550800002', workingHours: hours }] }));
    expect(parsed.workspaces[0]!.users[0]!.workingHours).toMatchObject(hours);
  });
});

describe('a key written twice in the JSON text', () => {
  const text = (options: string) =>
    `{"workspaces": [{"id": "acme", "name": "Acme", "users": [{"id": "al", "name": "Al", "phone": "+15550800002"}],
      "numbers": [{"number": "+15550800100", "name": "Main", "assignedUser": "al",
        "menu": {"greeting": {"text": "Press 1."}, "options": {${options}}, "default": "1"}}]}]}`;

  test('two options on one digit are refused, the digit named (JSON.parse alone keeps only the last)', () => {
    const twice = text(`"1": {"label": "Sales", "action": "ring", "users": ["al"]}, "2": {"label": "Msg", "action": "voicemail"},
      "1": {"label": "Support", "action": "voicemail"}`);
    expect(Object.keys((JSON.parse(twice) as any).workspaces[0].numbers[0].menu.options)).toEqual(['1', '2']);
    expect(problems(() => parseBundleText(twice, 'menu.json'))).toEqual([
      {
        path: 'workspaces.0.numbers.0.menu.options.1',
        message:
          'digit "1" is used for two options: JSON keeps only the last one, so the first would be lost silently; give each option its own digit',
      },
    ]);
  });

  test("reported with the bundle's other problems, all at once", () => {
    const twice = text(
      `"1": {"label": "Sales", "action": "ring", "users": ["zed"]}, "1": {"label": "Sales", "action": "ring", "users": ["zed"]}`,
    );
    expect(problems(() => parseBundleText(twice)).map((issue) => issue.path)).toEqual([
      'workspaces.0.numbers.0.menu.options.1',
      'workspaces.0.numbers.0.menu.options.1.users.0',
    ]);
  });

  test('any other key written twice is refused too, with its path', () => {
    expect(
      duplicateKeyIssues('{"workspaces": [{"id": "a"}, {"id": "b", "name": "B", "name": "C", "x": {"y": [1, {"z": 1, "z": 2}]}}]}'),
    ).toEqual([
      {
        path: 'workspaces.1.name',
        message: '"name" is written twice in this object: JSON keeps only the last one, so the first would be lost silently; write it once',
      },
      {
        path: 'workspaces.1.x.y.1.z',
        message: '"z" is written twice in this object: JSON keeps only the last one, so the first would be lost silently; write it once',
      },
    ]);
  });

  test('keys that only look alike are not duplicates: escapes, strings as values, the same key in sibling objects', () => {
    expect(duplicateKeyIssues('{"a": "\\"a\\":", "b": {"a": 1}, "c": [{"a": 1}, {"a": 2}], "\\u0061x": 1, "ax\\\\": 2}')).toEqual([]);
    const valid = text(`"1": {"label": "Sales", "action": "ring", "users": ["al"]}, "2": {"label": "1", "action": "voicemail"}`);
    expect(() => parseBundleText(valid)).not.toThrow();
  });

  test('an escaped key that spells one written plainly is the same key', () => {
    expect(duplicateKeyIssues('{"id": 1, "\\u0069d": 2}').map((issue) => issue.path)).toEqual(['id']);
  });
});
