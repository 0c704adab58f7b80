// The decision's caches change nothing it decides: local time kept per zone and UTC hour agrees with Intl
// minute by minute across daylight-saving changes and odd offsets, instants are written as toISOString
// writes them, and a configuration's index is its own (a new configuration never routes with an old index).
import fc from 'fast-check';
import { parseBundle } from '../../src/config/parse';
import { workspaceDocument, numberDocument } from '../../src/config/layout';
import type { Bundle, BundleInput, Contact } from '../../src/config/types';
import { callSlice } from '../../src/config/layout';
import { decide } from '../../src/routing/decide';
import { indexBundle } from '../../src/routing/lookup';
import { localTime, type LocalTime } from '../../src/routing/hours';
import { MAX_HOURS_PER_ZONE } from '../../src/routing/hours';
import { MAX_KEPT_DAYS, isoInstant } from '../../src/routing/time-text';
import { callerOf } from '../../src/phone/caller-id';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The oracle: Intl's own wall clock for the instant, read field by field. */
const oracles = new Map<string, Intl.DateTimeFormat>();
function intlLocalTime(instant: Date, timeZone: string): LocalTime {
  let format = oracles.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    oracles.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? '').toLowerCase() as LocalTime['weekday'],
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Every `step` from `hoursBefore` before `around` to `hoursAfter` after it, each instant compared with Intl. */
function expectSameAsIntl(timeZone: string, around: string, { hoursBefore = 3, hoursAfter = 3, step = MINUTE } = {}) {
  const centre = Date.parse(around);
  const differences: string[] = [];
  for (let at = centre - hoursBefore * HOUR; at <= centre + hoursAfter * HOUR; at += step) {
    const instant = new Date(at);
    const ours = localTime(instant, timeZone);
    const intl = intlLocalTime(instant, timeZone);
    if (JSON.stringify(ours) !== JSON.stringify(intl))
      differences.push(`${instant.toISOString()}: ${JSON.stringify(ours)} but Intl says ${JSON.stringify(intl)}`);
  }
  expect(differences).toEqual([]);
}

describe('local time, kept per time zone and UTC hour', () => {
  test.each([
    ['America/New_York', '2026-03-08T07:00:00Z', '01:59', '03:00'], // spring forward: 02:00 EST is 03:00 EDT
    ['America/New_York', '2026-11-01T06:00:00Z', '01:59', '01:00'], // fall back: 02:00 EDT is 01:00 EST, the hour repeats
    ['Europe/London', '2026-03-29T01:00:00Z', '00:59', '02:00'], // 01:00 GMT is 02:00 BST
    ['Europe/London', '2026-10-25T01:00:00Z', '01:59', '01:00'], // 02:00 BST is 01:00 GMT
  ])(
    '%s across the change at %s: the minute before reads %s, the change %s, and every minute around agrees with Intl',
    (timeZone, change, before, after) => {
      const at = Date.parse(change);
      // Asked twice each: the second answer comes from the kept offset.
      for (let round = 0; round < 2; round += 1) {
        expect(localTime(new Date(at - MINUTE), timeZone).time).toBe(before);
        expect(localTime(new Date(at), timeZone).time).toBe(after);
      }
      expectSameAsIntl(timeZone, change);
      expectSameAsIntl(timeZone, change, { hoursBefore: 24 * 8, hoursAfter: 24 * 8, step: 7 * MINUTE + 13_000 });
    },
  );

  test.each([
    ['Asia/Kolkata', '2026-06-01T18:29:00Z', { date: '2026-06-01', weekday: 'monday', time: '23:59' }], // +05:30, no daylight saving
    ['Asia/Kathmandu', '2026-06-01T18:15:00Z', { date: '2026-06-02', weekday: 'tuesday', time: '00:00' }], // +05:45: midnight at a quarter past the UTC hour
    ['Australia/Adelaide', '2026-04-04T16:29:00Z', { date: '2026-04-05', weekday: 'sunday', time: '02:59' }], // +10:30, the last minute before falling back
    ['Australia/Adelaide', '2026-04-04T16:30:00Z', { date: '2026-04-05', weekday: 'sunday', time: '02:00' }], // +09:30 from half past the UTC hour
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', { date: '2026-10-04', weekday: 'sunday', time: '02:30' }], // daylight saving of 30 minutes
    ['America/St_Johns', '2026-03-08T05:30:00Z', { date: '2026-03-08', weekday: 'sunday', time: '03:00' }], // -03:30 to -02:30
    ['Pacific/Chatham', '2026-09-26T14:00:00Z', { date: '2026-09-27', weekday: 'sunday', time: '03:45' }], // +12:45 to +13:45
  ])('%s at %s, a 30- or 45-minute offset, is %o, and every minute around agrees with Intl', (timeZone, at, expected) => {
    expect(localTime(new Date(at), timeZone)).toEqual(expected);
    expect(localTime(new Date(at), timeZone)).toEqual(expected);
    expectSameAsIntl(timeZone, at);
  });

  test('an offset with seconds (Monrovia, -00:44:30 until 1972) is applied to the second', () => {
    expect(localTime(new Date('1960-06-01T00:44:29Z'), 'Africa/Monrovia')).toEqual({
      date: '1960-05-31',
      weekday: 'tuesday',
      time: '23:59',
    });
    expect(localTime(new Date('1960-06-01T00:44:30Z'), 'Africa/Monrovia')).toEqual({
      date: '1960-06-01',
      weekday: 'wednesday',
      time: '00:00',
    });
    expectSameAsIntl('Africa/Monrovia', '1972-01-07T00:44:30Z', { step: 30_000 }); // the change to UTC
  });

  test("one zone never answers with another zone's kept offset for the same hour", () => {
    const at = new Date('2026-07-01T12:34:00Z');
    expect(localTime(at, 'America/New_York').time).toBe('08:34');
    expect(localTime(at, 'Europe/London').time).toBe('13:34');
    expect(localTime(at, 'Asia/Kathmandu').time).toBe('18:19');
    expect(localTime(at, 'America/New_York').time).toBe('08:34');
  });

  test('instants outside the kept years and invalid dates are answered (or refused) by Intl as before', () => {
    for (const iso of ['1883-11-18T16:59:59Z', '0099-03-01T12:00:00Z', '9999-12-31T23:59:00Z', '+012345-06-01T00:00:00Z']) {
      expect(localTime(new Date(iso), 'America/New_York')).toEqual(intlLocalTime(new Date(iso), 'America/New_York'));
    }
    expect(() => localTime(new Date(Number.NaN), 'Europe/London')).toThrow(RangeError);
    expect(() => localTime(new Date(), 'Not/AZone')).toThrow(RangeError);
  });

  test('agrees with Intl for any zone at any instant from 1900 to 2200, past the number of hours a zone keeps', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const from = Date.UTC(1900, 0, 1);
    const until = Date.UTC(2200, 0, 1);
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: from, max: until }), (timeZone, at) => {
        expect(localTime(new Date(at), timeZone)).toEqual(intlLocalTime(new Date(at), timeZone));
      }),
      { numRuns: 3000 },
    );
    // One zone asked for more hours than it keeps: the cache starts again and stays right.
    const start = Date.UTC(2026, 0, 1, 0, 17);
    for (let hour = 0; hour < MAX_HOURS_PER_ZONE + 50; hour += 1) {
      const at = new Date(start + hour * HOUR);
      if (hour % 97 === 0 || hour >= MAX_HOURS_PER_ZONE) expect(localTime(at, 'Europe/Paris')).toEqual(intlLocalTime(at, 'Europe/Paris'));
      else localTime(at, 'Europe/Paris');
    }
  });
});

describe('an instant as text', () => {
  test('is what toISOString writes, in the years written here and outside them', () => {
    const samples = [
      '2026-11-23T14:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
      '2028-02-29T00:00:00.001Z',
      '1000-01-01T00:00:00.000Z',
      '0999-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '-000001-06-15T12:30:00.000Z',
    ];
    for (const iso of samples) expect(isoInstant(new Date(iso))).toBe(iso);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(-300, 0, 1), max: Date.UTC(12_000, 0, 1) }), (at) => {
        expect(isoInstant(new Date(at))).toBe(new Date(at).toISOString());
      }),
      { numRuns: 5000 },
    );
    // More days than the date texts kept: they are written again, the same.
    for (let day = 0; day < MAX_KEPT_DAYS + 20; day += 1) {
      const at = new Date(Date.UTC(2030, 0, 1) + day * 86_400_000 + 45_296_789);
      if (day % 101 === 0 || day >= MAX_KEPT_DAYS) expect(isoInstant(at)).toBe(at.toISOString());
      else isoInstant(at);
    }
  });

  test('an invalid date throws as toISOString does', () => {
    expect(() => isoInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("a configuration's index", () => {
  const NOW = new Date('2026-11-23T15:00:00Z');
  const MAIN = '+15550700100';
  const CALLER = '+15550700999';
  const input = (assignedUser: string): BundleInput => ({
    workspaces: [
      {
        id: 'w',
        name: 'Widget Works',
        users: [
          { id: 'ann', name: 'Ann', phone: '+15550700002' },
          { id: 'ben', name: 'Ben', phone: '+15550700003' },
        ],
        numbers: [{ number: MAIN, name: 'Main', assignedUser }],
      },
    ],
  });
  const ringing = (bundle: Bundle) =>
    decide({ to: MAIN, from: CALLER, caller: callerOf(CALLER) }, bundle, NOW).targets.map((target) =>
      target.kind === 'number' ? target.number : target.identity,
    );

  test('a new configuration object, even one that looks alike, is indexed anew and routes by what it says', () => {
    const first = parseBundle(input('ann'));
    const second = parseBundle(input('ben'));
    expect(ringing(first)).toEqual(['+15550700002']);
    expect(ringing(second)).toEqual(['+15550700003']);
    expect(ringing(first)).toEqual(['+15550700002']);
    expect(indexBundle(first)).toBe(indexBundle(first));
    expect(indexBundle(second)).not.toBe(indexBundle(first));
  });

  /** A call's slice as the Sync source cuts it from a workspace's documents. */
  function documentsOf(bundle: Bundle) {
    const [workspace] = bundle.workspaces;
    if (!workspace?.numbers[0]) throw new Error('the test bundle has one workspace with a number');
    return { workspace: workspaceDocument(workspace), number: numberDocument(workspace.id, workspace.numbers[0]) };
  }
  const contact = (assignedUser: string | null): Contact => ({
    phone: CALLER,
    firstName: 'Cal',
    lastName: 'Ler',
    assignedUser,
    optedOut: false,
  });

  test("slices cut from the same documents share the workspace's indexed users and routed numbers, but each has its own contact", () => {
    const bundle = parseBundle({
      ...input('ann'),
      workspaces: [
        {
          ...input('ann').workspaces[0]!,
          numbers: [
            { number: MAIN, name: 'Main' },
            { number: '+15550700101', name: 'Other' },
          ],
        },
      ],
    });
    const documents = documentsOf(bundle);
    const toAnn = callSlice(documents.workspace, documents.number, contact('ann'));
    const toBen = callSlice(documents.workspace, documents.number, contact('ben'));
    const stranger = callSlice(documents.workspace, documents.number, null);
    expect(ringing(toAnn)).toEqual(['+15550700002']);
    expect(ringing(toBen)).toEqual(['+15550700003']);
    expect(decide({ to: MAIN, from: CALLER, caller: callerOf(CALLER) }, stranger, NOW).rule).toBe('nothing-to-ring');
    expect(ringing(toAnn)).toEqual(['+15550700002']);

    const [annIndex, benIndex] = [indexBundle(toAnn), indexBundle(toBen)];
    expect(annIndex.numbers.get(MAIN)?.users).toBe(benIndex.numbers.get(MAIN)?.users);
    expect(annIndex.routedNumbers).toBe(benIndex.routedNumbers);
    expect([...annIndex.routedNumbers].sort()).toEqual([MAIN, '+15550700101']);
    expect(annIndex.numbers.get(MAIN)?.contacts.get(CALLER)?.assignedUser).toBe('ann');
    expect(benIndex.numbers.get(MAIN)?.contacts.get(CALLER)?.assignedUser).toBe('ben');
  });

  test('a slice cut from refetched documents (new objects) uses their users, not the old index', () => {
    const before = documentsOf(parseBundle(input('ann')));
    const renamed = parseBundle({
      workspaces: [
        {
          ...input('ann').workspaces[0]!,
          users: [
            { id: 'ann', name: 'Ann', phone: '+15550700004' },
            { id: 'ben', name: 'Ben' },
          ],
        },
      ],
    });
    const after = documentsOf(renamed);
    expect(ringing(callSlice(before.workspace, before.number, contact('ann')))).toEqual(['+15550700002']);
    expect(ringing(callSlice(after.workspace, after.number, contact('ann')))).toEqual(['+15550700004']);
    expect(indexBundle(callSlice(after.workspace, after.number, null)).numbers.get(MAIN)?.users).not.toBe(
      indexBundle(callSlice(before.workspace, before.number, null)).numbers.get(MAIN)?.users,
    );
  });

  test('a slice whose number is missing from its routed list still treats that number as routed', () => {
    const documents = documentsOf(parseBundle(input('ann')));
    const slice = { ...callSlice(documents.workspace, documents.number, null), routedNumbers: ['+15550700101'] };
    expect([...indexBundle(slice).routedNumbers].sort()).toEqual([MAIN, '+15550700101']);
  });
});
