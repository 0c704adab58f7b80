// The bundle schema refuses what would break a live call, naming the path and the reason of every problem at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ConfigValidationError } from '../../src/config/errors';
import { parseBundle, parseBundleText } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { decide } from '../../src/routing/decide';
import { callerOf } from '../../src/phone/caller-id';

const SAMPLE = join(__dirname, '..', '..', 'assets', 'sample-config.private.json');

function problems(bundle: unknown): { path: string; message: string }[] {
  try {
    parseBundle(bundle, 'test');
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the bundle to be refused');
}

const base = (): BundleInput & { workspaces: any[] } => ({
  workspaces: [
    {
      id: 'acme',
      name: 'Acme',
      companyPhone: '+15550800001',
      users: [{ id: 'al', name: 'Al', phone: '+15550800002' }],
      numbers: [{ number: '+15550800100', name: 'Main', assignedUser: 'al' }],
      contacts: [{ phone: '+15550800200', firstName: 'Cy', assignedUser: 'al' }],
    },
  ],
});

describe('the bundled sample', () => {
  test('is valid, and is the realistic workspace npm start routes with', () => {
    const bundle = parseBundleText(readFileSync(SAMPLE, 'utf8'));
    const [workspace] = bundle.workspaces;
    expect(bundle.workspaces).toHaveLength(1);
    expect(workspace!.numbers.length).toBeGreaterThanOrEqual(2);
    expect(workspace!.users.length).toBeGreaterThanOrEqual(3);
    expect(workspace!.users.some((user) => user.extension)).toBe(true);
    expect(workspace!.users.some((user) => user.webApp || user.mobileApp)).toBe(true);
    expect(workspace!.contacts.some((contact) => contact.assignedUser)).toBe(true);
  });
});

describe('validation', () => {
  test('a valid bundle passes and gets its defaults', () => {
    const bundle = parseBundle(base());
    expect(bundle.workspaces[0]!.numbers[0]).toMatchObject({ status: 'active', mode: 'standard', inboundTimeout: null, ringUsers: [] });
    expect(bundle.workspaces[0]!.inbound).toEqual({
      ringAssignedUser: true,
      forwardToCompanyPhone: true,
      timeout: null,
      maxCallsPerCallerPerMinute: 10,
      stickyAgent: { enabled: false, days: 30, seconds: 15 },
      screening: { blocked: [], stirFailed: 'allow', unknownCallers: 'allow' },
    });
  });

  test.each([
    ['a phone number that is not E.164', (b: any) => (b.workspaces[0].users[0].phone = '555-0100'), 'workspaces.0.users.0.phone', /E\.164/],
    ['an unknown mode', (b: any) => (b.workspaces[0].numbers[0].mode = 'ivr'), 'workspaces.0.numbers.0.mode', /standard|forward|voicemail/],
    [
      'a timeout Twilio would not accept',
      (b: any) => (b.workspaces[0].numbers[0].inboundTimeout = 601),
      'workspaces.0.numbers.0.inboundTimeout',
      /at most 600/,
    ],
    ['a zero timeout', (b: any) => (b.workspaces[0].inbound = { timeout: 0 }), 'workspaces.0.inbound.timeout', /at least 1/],
    [
      'a fractional timeout',
      (b: any) => (b.workspaces[0].numbers[0].inboundTimeout = 2.5),
      'workspaces.0.numbers.0.inboundTimeout',
      /whole number/,
    ],
    [
      'an unknown after-hours action',
      (b: any) => (b.workspaces[0].numbers[0].afterHours = { action: 'transfer' }),
      'workspaces.0.numbers.0.afterHours.action',
      /./,
    ],
    [
      'an after-hours forward without a number',
      (b: any) => (b.workspaces[0].numbers[0].afterHours = { action: 'forward' }),
      'workspaces.0.numbers.0.afterHours.forwardTo',
      /./,
    ],
    [
      'malformed business hours',
      (b: any) => (b.workspaces[0].businessHours = { weekly: { monday: [{ open: '9am', close: '17:00' }] } }),
      'workspaces.0.businessHours.weekly.monday.0.open',
      /HH:MM/,
    ],
    [
      'hours that close before they open',
      (b: any) => (b.workspaces[0].businessHours = { weekly: { monday: [{ open: '17:00', close: '09:00' }] } }),
      'workspaces.0.businessHours.weekly.monday.0',
      /earlier than close/,
    ],
    [
      'an unknown weekday',
      (b: any) => (b.workspaces[0].businessHours = { weekly: { funday: [] } }),
      'workspaces.0.businessHours.weekly',
      /funday/,
    ],
    ['an unknown time zone', (b: any) => (b.workspaces[0].timeZone = 'Mars/Olympus'), 'workspaces.0.timeZone', /IANA/],
    [
      'a reference to a user that does not exist',
      (b: any) => (b.workspaces[0].numbers[0].assignedUser = 'zed'),
      'workspaces.0.numbers.0.assignedUser',
      /"zed"/,
    ],
    [
      'a contact assigned to a missing user',
      (b: any) => (b.workspaces[0].contacts[0].assignedUser = 'zed'),
      'workspaces.0.contacts.0.assignedUser',
      /"zed"/,
    ],
    [
      'a duplicate user id',
      (b: any) => b.workspaces[0].users.push({ id: 'al', name: 'Al 2' }),
      'workspaces.0.users.1.id',
      /duplicate user id "al"/,
    ],
    [
      'a ring group over 7 users',
      (b: any) => {
        b.workspaces[0].users = Array.from({ length: 8 }, (_, i) => ({ id: `u${i}`, name: `U${i}` }));
        b.workspaces[0].numbers[0] = { number: '+15550800100', name: 'Main', ringUsers: b.workspaces[0].users.map((u: any) => u.id) };
        b.workspaces[0].contacts = [];
      },
      'workspaces.0.numbers.0.ringUsers',
      /at most 7 users; this one has 8/,
    ],
    [
      'a number in two workspaces',
      (b: any) => b.workspaces.push({ id: 'beta', name: 'Beta', numbers: [{ number: '+15550800100', name: 'Copy' }] }),
      'workspaces.1.numbers.0.number',
      /already configured at workspaces\.0\.numbers\.0/,
    ],
    [
      'a forwarding number that is a routed number',
      (b: any) => b.workspaces[0].numbers.push({ number: '+15550800101', name: 'Loop', forwardingNumber: '+15550800100' }),
      'workspaces.0.numbers.1.forwardingNumber',
      /loop back here/,
    ],
    [
      'a user phone that is a routed number',
      (b: any) => (b.workspaces[0].users[0].phone = '+15550800100'),
      'workspaces.0.users.0.phone',
      /loop back here/,
    ],
    [
      'a company phone that is a routed number',
      (b: any) => (b.workspaces[0].companyPhone = '+15550800100'),
      'workspaces.0.companyPhone',
      /loop back here/,
    ],
    [
      'forward mode without a forwarding number',
      (b: any) => (b.workspaces[0].numbers[0].mode = 'forward'),
      'workspaces.0.numbers.0.forwardingNumber',
      /required when mode is "forward"/,
    ],
    [
      'an unknown field (a typo)',
      (b: any) => (b.workspaces[0].numbers[0].forwardNumber = '+15550800300'),
      'workspaces.0.numbers.0',
      /forwardNumber/,
    ],
    [
      'a greeting URL that is not https',
      (b: any) => (b.workspaces[0].voicemail = { greetingUrl: 'http://example.com/a.mp3' }),
      'workspaces.0.voicemail.greetingUrl',
      /https/,
    ],
  ])('refuses %s', (_title, mutate, path, message) => {
    const bundle = base();
    mutate(bundle);
    const found = problems(bundle);
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  describe('time zones: UTC or an IANA place name, the same on Node 20 and 22', () => {
    const zoneProblems = (timeZone: string) => {
      const bundle = base();
      bundle.workspaces[0].timeZone = timeZone;
      try {
        parseBundle(bundle);
        return [];
      } catch (error) {
        return (error as ConfigValidationError).issues
          .filter((issue) => issue.path === 'workspaces.0.timeZone')
          .map((issue) => issue.message);
      }
    };

    test.each([
      ['EST', 'an abbreviation: UTC-5 all year, no daylight saving', /"EST" is not a canonical IANA time zone.*such as America\/New_York/],
      ['Etc/GMT+5', 'a fixed offset, its sign inverted (UTC-5)', /"Etc\/GMT\+5" is not a canonical IANA time zone/],
      ['GMT', 'an abbreviation', /not a canonical IANA time zone/],
      ['CST6CDT', 'a POSIX-style rule', /not a canonical IANA time zone/],
      ['US/Eastern', 'an old country alias', /not a canonical IANA time zone/],
      ['Etc/UTC', 'UTC under another name', /not a canonical IANA time zone.*\(or UTC\)/],
      [
        'america/new_york',
        'a place spelled in lower case',
        /^"america\/new_york" is not spelled as IANA spells it: write America\/New_York$/,
      ],
      ['Mars/Olympus', 'no such zone', /^"Mars\/Olympus" is not an IANA time zone/],
      ['America/Nowhere', 'a place IANA does not have', /is not an IANA time zone/],
    ])('%s is refused (%s)', (timeZone, _why, message) => {
      expect(zoneProblems(timeZone)).toEqual([expect.stringMatching(message)]);
    });

    test.each([
      'UTC',
      'America/New_York',
      'Asia/Kolkata',
      'Europe/Kyiv',
      'America/Argentina/Buenos_Aires',
      'America/Port-au-Prince',
      'Antarctica/DumontDUrville',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
    ])('%s is accepted', (timeZone) => {
      expect(zoneProblems(timeZone)).toEqual([]);
    });

    test("every zone this Node's Intl lists is accepted (Node 20 lists CLDR's names, such as Asia/Calcutta)", () => {
      const refused = Intl.supportedValuesOf('timeZone').filter((timeZone) => zoneProblems(timeZone).length > 0);
      expect(refused).toEqual([]);
    });
  });

  describe('closed dates that do not exist', () => {
    test.each([
      ['2026-02-30', 'February 2026 has 28 days'],
      ['2026-02-29', 'February 2026 has 28 days'],
      ['2026-04-31', 'April 2026 has 30 days'],
      ['2100-02-29', 'February 2100 has 28 days'],
    ])('%s is refused: %s', (date, days) => {
      const bundle = base();
      bundle.workspaces[0].businessHours = { weekly: {}, closedDates: ['2026-12-25', date] };
      expect(problems(bundle)).toEqual([{ path: 'workspaces.0.businessHours.closedDates.1', message: `${date} is not a date: ${days}` }]);
    });

    test.each(['2028-02-29', '2000-02-29', '2026-12-31', '2026-04-30'])('%s is accepted', (date) => {
      const bundle = base();
      bundle.workspaces[0].businessHours = { weekly: {}, closedDates: [date] };
      expect(parseBundle(bundle).workspaces[0]!.businessHours!.closedDates).toEqual([date]);
    });
  });

  describe('notifications whose listed recipients have no phone', () => {
    const withRecipients = (users: any[], notifications: any) => {
      const bundle = base();
      bundle.workspaces[0].users = users;
      bundle.workspaces[0].notifications = notifications;
      return bundle;
    };
    const appOnly = { id: 'web', name: 'Web only', webApp: true };

    test('every listed recipient without a phone: refused, naming them and the notices lost', () => {
      expect(
        problems(
          withRecipients([{ id: 'al', name: 'Al', phone: '+15550800002' }, appOnly, { id: 'mo', name: 'Mo', mobileApp: true }], {
            recipients: ['web', 'mo'],
            events: ['voicemail'],
          }),
        ),
      ).toEqual([
        {
          path: 'workspaces.0.notifications.recipients',
          message:
            'no listed recipient has a phone (web, mo): every voicemail notice would be texted to no one; give one of them a phone, or use "rung-users"',
        },
      ]);
    });

    test.each([
      ['one listed recipient has a phone', { recipients: ['web', 'al'] }],
      ['no events to notify of', { recipients: ['web'], events: [] }],
      ['"rung-users" (the default)', { recipients: 'rung-users' }],
    ])('accepted: %s', (_title, notifications) => {
      expect(() => parseBundle(withRecipients([{ id: 'al', name: 'Al', phone: '+15550800002' }, appOnly], notifications))).not.toThrow();
    });
  });

  describe('a ring group that can ring nothing while no greeting exists (every caller hung up)', () => {
    const ringGroup = (workspace: any, number: any = {}) => {
      const bundle = base();
      Object.assign(bundle.workspaces[0], {
        companyPhone: null,
        contacts: [],
        users: [
          { id: 'ann', name: 'Ann' },
          { id: 'bo', name: 'Bo' },
        ],
        ...workspace,
      });
      bundle.workspaces[0].numbers = [{ number: '+15550800100', name: 'Sales', ringUsers: ['ann', 'bo'], ...number }];
      return bundle;
    };

    test('refused, naming the number and the users', () => {
      expect(problems(ringGroup({}))).toEqual([
        {
          path: 'workspaces.0.numbers.0.ringUsers',
          message: expect.stringMatching(
            /^no user of this ring group \(ann, bo\) can ring anything .* every call to \+15550800100 that reaches the ring group would be hung up/,
          ),
        },
      ]);
    });

    test.each([
      [
        'the assigned user has nothing either, and its greeting is empty',
        {
          users: [
            { id: 'ann', name: 'Ann' },
            { id: 'bo', name: 'Bo' },
            { id: 'cy', name: 'Cy', voicemail: { greetingText: null } },
          ],
        },
        { assignedUser: 'cy' },
      ],
      [
        'the assigned user has a phone but "ring assigned user" is off',
        {
          users: [
            { id: 'ann', name: 'Ann' },
            { id: 'bo', name: 'Bo' },
            { id: 'cy', name: 'Cy', phone: '+15550800009' },
          ],
          inbound: { ringAssignedUser: false },
        },
        { assignedUser: 'cy' },
      ],
      [
        'a company phone that "forward to business phone" may not use',
        { companyPhone: '+15550800001', inbound: { forwardToCompanyPhone: false } },
        {},
      ],
    ])('refused too: %s', (_title, workspace, number) => {
      expect(problems(ringGroup(workspace, number)).map((issue) => issue.path)).toEqual(['workspaces.0.numbers.0.ringUsers']);
    });

    test("refused exactly when routing hangs up on a caller who is no contact (routing's own decide, any users, fallbacks and assignment)", () => {
      // Mostly nothing to ring, so that every branch of the rule (group, assigned user, fallbacks) is reached often.
      const phone = fc.option(fc.constant('+15550800009'), { nil: null, freq: 2 });
      const app = fc.constantFrom(false, false, false, true);
      fc.assert(
        fc.property(
          fc.array(fc.record({ phone, webApp: app, mobileApp: app }), { minLength: 1, maxLength: 3 }),
          fc.record({
            companyPhone: fc.option(fc.constant('+15550800001'), { nil: null, freq: 2 }),
            forwardToCompanyPhone: fc.boolean(),
            ringAssignedUser: fc.boolean(),
          }),
          fc.record({
            forwardingNumber: fc.option(fc.constant('+15550800008'), { nil: null, freq: 2 }),
            assignedIndex: fc.option(fc.nat(2), { nil: null }),
            groupSize: fc.integer({ min: 1, max: 3 }),
          }),
          (people, workspace, number) => {
            const users = people.map((person, i) => ({ id: `u${i}`, name: `U${i}`, ...person }));
            const assignedUser = number.assignedIndex !== null && number.assignedIndex < users.length ? `u${number.assignedIndex}` : null;
            const bundle = ringGroup(
              {
                users,
                companyPhone: workspace.companyPhone,
                inbound: { forwardToCompanyPhone: workspace.forwardToCompanyPhone, ringAssignedUser: workspace.ringAssignedUser },
              },
              // The ring group is the first users; the assigned user may be outside it.
              {
                ringUsers: users.slice(0, number.groupSize).map((user) => user.id),
                forwardingNumber: number.forwardingNumber,
                assignedUser,
              },
            );
            let refused = false;
            try {
              parseBundle(bundle);
            } catch (error) {
              const paths = (error as ConfigValidationError).issues.map((issue) => issue.path);
              expect(paths).toEqual(['workspaces.0.numbers.0.ringUsers']);
              refused = true;
            }
            // Routing's verdict on the same configuration, parsed with a greeting that is then taken away again.
            const greeted = structuredClone(bundle);
            greeted.workspaces[0].voicemail = { greetingText: 'x' };
            const parsed = parseBundle(greeted);
            parsed.workspaces[0]!.voicemail.greetingText = null;
            const decision = decide({ to: '+15550800100', from: '+15557770001', caller: callerOf('+15557770001') }, parsed, new Date());
            expect(refused).toBe(decision.action === 'hangup');
          },
        ),
        { numRuns: 500 },
      );
    });

    test.each([
      ['a workspace greeting (callers leave a message)', { voicemail: { greetingText: 'Leave a message.' } }, {}],
      [
        "the assigned user's greeting",
        {
          users: [
            { id: 'ann', name: 'Ann' },
            { id: 'bo', name: 'Bo' },
            { id: 'cy', name: 'Cy', voicemail: { greetingText: 'Cy here.' } },
          ],
        },
        { assignedUser: 'cy' },
      ],
      [
        'one user with an app',
        {
          users: [
            { id: 'ann', name: 'Ann', webApp: true },
            { id: 'bo', name: 'Bo' },
          ],
        },
        {},
      ],
      ['a forwarding number to fall back on', {}, { forwardingNumber: '+15550800009' }],
      ['the company phone to fall back on', { companyPhone: '+15550800001' }, {}],
      [
        'an assigned user with a phone takes the calls',
        {
          users: [
            { id: 'ann', name: 'Ann' },
            { id: 'bo', name: 'Bo' },
            { id: 'cy', name: 'Cy', phone: '+15550800009' },
          ],
        },
        { assignedUser: 'cy' },
      ],
      ['voicemail mode (the ring group is not used)', {}, { mode: 'voicemail' }],
      ['an inactive number', {}, { status: 'inactive' }],
    ])('accepted: %s', (_title, workspace, number) => {
      expect(() => parseBundle(ringGroup(workspace, number))).not.toThrow();
    });
  });

  test('a workspace whose Sync document would exceed 16 KiB is refused, with its size', () => {
    const bundle = base();
    bundle.workspaces[0].users = Array.from({ length: 150 }, (_, i) => ({
      id: `user-${i}`,
      name: `A rather long user name number ${i}`,
      phone: `+1555081${String(i).padStart(4, '0')}`,
    }));
    bundle.workspaces[0].numbers[0].assignedUser = 'user-0';
    bundle.workspaces[0].contacts = [];
    const found = problems(bundle);
    expect(found).toEqual([
      {
        path: 'workspaces.0',
        message: expect.stringMatching(/^workspace "acme" would be a Sync document of \d+ bytes; Sync holds at most 16384 bytes/),
      },
    ]);
  });

  test('a number whose Sync document would exceed 16 KiB is refused, with its size', () => {
    const bundle = base();
    bundle.workspaces[0].numbers[0].name = 'N'.repeat(17 * 1024);
    expect(problems(bundle)).toContainEqual({
      path: 'workspaces.0.numbers.0',
      message: expect.stringMatching(/^number \+15550800100 would be a Sync document of 1[78]\d{3} bytes/),
    });
  });

  test('reports every problem at once, each with its path', () => {
    const bundle = base();
    bundle.workspaces[0].users[0].phone = 'not-a-number';
    bundle.workspaces[0].numbers[0].inboundTimeout = 9999;
    bundle.workspaces[0].contacts[0].assignedUser = 'ghost';
    const found = problems(bundle);
    expect(found.map((issue) => issue.path).sort()).toEqual(
      ['workspaces.0.contacts.0.assignedUser', 'workspaces.0.numbers.0.inboundTimeout', 'workspaces.0.users.0.phone'].sort(),
    );
  });

  test('the error message lists every problem with its path', () => {
    const bundle = base();
    bundle.workspaces[0].numbers[0].number = '12345';
    expect(() => parseBundle(bundle, 'my.json')).toThrow(
      /in my\.json is not valid \(1 problem\):\n {2}- workspaces\.0\.numbers\.0\.number: must be an E\.164/,
    );
  });

  test('JSON that does not parse is a read error, not a crash', () => {
    expect(() => parseBundleText('{"workspaces": [', 'broken.json')).toThrow(/broken\.json is not valid JSON/);
  });
});
