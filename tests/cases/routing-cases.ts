// The shared routing cases: one fixture bundle and one table of cases with ids, each with its expected result
// written out literally, run against decide(), explain, the incoming-call function and the simulator.
import type { BundleInput } from '../../src/config/types';
import { callerOf } from '../../src/phone/caller-id';
import type { CallerCount, CallInput, Rotation } from '../../src/routing/types';

type WorkspaceInput = BundleInput['workspaces'][number];

/** A leg as the cases name it: `number:+1555...[:digits]` or `client:<identity>`. */
export type LegLabel = string;

export interface RoutingCase {
  id: string;
  title: string;
  to: string;
  from: string;
  /** ISO-8601 instant; every case pins one so business hours never depend on the day the tests run. */
  at: string;
  /**
   * The caller's calls to the number's workspace in the case's minute, this one included (the abuse guard's count).
   * decide() and explain are given it; the function and simulator runners place the earlier calls first. Absent:
   * the case's call is its caller's first of the minute to that workspace (or the guard does not count it).
   */
  callsThisMinute?: number;
  /** Twilio's StirVerstat of the call. */
  stir?: string;
  /** What the caller answers at each prompt, in order ("" for nothing). */
  presses?: string[];
  /** The number's round-robin turn, as counted. */
  rotation?: Rotation;
  /** The user who last answered this caller, and how many days before the case's instant. */
  lastAnswered?: { user: string; callSid: string; daysAgo: number };
  expect: {
    action: 'dial' | 'voicemail' | 'hangup' | 'reject' | 'gather';
    rule: string;
    /** Dial legs as a set (order does not matter in a <Dial>), every tier's; absent: nothing rings. */
    legs?: LegLabel[];
    callerId?: string;
    timeout?: number;
    /** The tiers, in order: each one's legs (as a set) and seconds. Absent: not pinned (one tier of every leg). */
    tiers?: { legs: LegLabel[]; seconds: number }[];
    /** The rule that decided what rings after a rule that rings first (the sticky agent). */
    thenRule?: string;
    /** For action gather: what the caller is asked. */
    gather?: 'challenge' | 'menu';
    /** The menu option taken, and how. */
    menu?: { chose: string; how: 'pressed' | 'said' | 'default' };
    /** What spam protection did. */
    screening?: 'blocked' | 'challenge' | 'passed' | 'failed' | 'voicemail' | 'reject';
    /** Whether an unanswered caller is texted back (pinned for the cases where screening says no). */
    textBack?: boolean;
    /** Words the trace must hold (why a user was skipped, the round-robin turn, the earlier call). */
    traceSays?: string[];
    /** Inputs the decision asks for. */
    wants?: ('rotation' | 'lastAnswered')[];
  };
}

/** What a runner that decides in process hands decide() for a case: the call, as the functions would see it. */
export function callInputOf(routingCase: RoutingCase): CallInput {
  const input: CallInput = { to: routingCase.to, from: routingCase.from, caller: callerOf(routingCase.from) };
  const count = guardCountOf(routingCase);
  if (count) input.callerCount = count;
  if (routingCase.stir !== undefined) input.stir = routingCase.stir;
  if (routingCase.presses) input.presses = routingCase.presses;
  if (routingCase.rotation) input.rotation = routingCase.rotation;
  const earlier = routingCase.lastAnswered;
  if (earlier) {
    const at = new Date(Date.parse(routingCase.at) - earlier.daysAgo * 86_400_000).toISOString();
    input.lastAnswered = { user: earlier.user, callSid: earlier.callSid, at };
  }
  return input;
}

/** The abuse guard's count a runner that decides in process hands decide() for a case (absent: not counted). */
export const guardCountOf = (routingCase: RoutingCase): CallerCount | undefined =>
  routingCase.callsThisMinute === undefined ? undefined : { counted: true, calls: routingCase.callsThisMinute };

/** Monday 2026-11-23 15:00Z = 10:00 in New York: inside the business hours below. */
export const OPEN_AT = '2026-11-23T15:00:00Z';
/** Monday 2026-11-23 03:00Z = Sunday 22:00 in New York: outside them. */
export const CLOSED_AT = '2026-11-23T03:00:00Z';

const WEEKDAY_HOURS = [{ open: '09:00', close: '17:00' }];
const NEW_YORK_HOURS = {
  weekly: {
    monday: WEEKDAY_HOURS,
    tuesday: WEEKDAY_HOURS,
    wednesday: WEEKDAY_HOURS,
    thursday: WEEKDAY_HOURS,
    friday: WEEKDAY_HOURS,
    saturday: [],
    sunday: [],
  },
  closedDates: ['2026-12-25'],
};

// ---------------------------------------------------------------------------------------------
// Seed 001's table: five columns for a call whose number is assigned to a user.

export const SEED_COLUMNS = ['webApp', 'mobileApp', 'userPhone', 'forwardingNumber', 'businessPhone'] as const;
type Columns = [boolean, boolean, boolean, boolean, boolean];
/** What rings, in the table's words: the user's apps, and one phone by its source. */
export type SeedLeg = 'web' | 'mobile' | 'user-phone' | 'forwarding-number' | 'business-phone';

/** The 16 rows of seed 001's table, as written there (Y/N per column, then the call flow). */
export const SEED_001_TABLE: { row: number; columns: Columns; says: string; rings: SeedLeg[] }[] = [
  {
    row: 1,
    columns: [true, true, true, true, true],
    says: 'Call will be forwarded to web/mobile/user phone number',
    rings: ['web', 'mobile', 'user-phone'],
  },
  {
    row: 2,
    columns: [true, true, true, true, false],
    says: 'Call will be forwarded to web/mobile/user phone number',
    rings: ['web', 'mobile', 'user-phone'],
  },
  {
    row: 3,
    columns: [true, true, true, false, true],
    says: 'Call will be forwarded to web/mobile/user phone number',
    rings: ['web', 'mobile', 'user-phone'],
  },
  {
    row: 4,
    columns: [true, true, true, false, false],
    says: 'Call will be forwarded to web/mobile/user phone number',
    rings: ['web', 'mobile', 'user-phone'],
  },
  { row: 5, columns: [true, true, false, false, false], says: 'Call will be forwarded to web app/mobile app', rings: ['web', 'mobile'] },
  { row: 6, columns: [true, false, false, false, false], says: 'Call will be forwarded to web', rings: ['web'] },
  {
    row: 7,
    columns: [true, true, false, true, true],
    says: 'Call will be forwarded to web/mobile/ and phone page forwarding number',
    rings: ['web', 'mobile', 'forwarding-number'],
  },
  {
    row: 8,
    columns: [true, true, false, false, true],
    says: 'Call will be forwarded to web/mobile/ and business phone number',
    rings: ['web', 'mobile', 'business-phone'],
  },
  { row: 9, columns: [false, false, true, true, true], says: 'Call will forward to user phone number', rings: ['user-phone'] },
  { row: 10, columns: [false, false, true, false, false], says: 'Call will forward to user phone number', rings: ['user-phone'] },
  { row: 11, columns: [false, false, true, true, false], says: 'Call will forward to user phone number', rings: ['user-phone'] },
  { row: 12, columns: [false, false, false, false, false], says: 'Call will drop immediately as no forwarding is there', rings: [] },
  {
    row: 13,
    columns: [false, false, false, true, true],
    says: 'Call will forward to phone page forwarding number',
    rings: ['forwarding-number'],
  },
  { row: 14, columns: [false, false, false, false, true], says: 'Call will forward to business phone number', rings: ['business-phone'] },
  { row: 15, columns: [true, false, false, false, false], says: 'Call will forward to web app', rings: ['web'] },
  { row: 16, columns: [false, true, false, false, false], says: 'Call will forward to mobile app', rings: ['mobile'] },
];

const pad = (n: number) => String(n).padStart(2, '0');
const seedCode = (columns: Columns) => columns.map((on, i) => `${'WMPFB'[i]}${on ? 1 : 0}`).join('');

/**
 * What each of the 32 combinations rings, written out by hand per case id (W web app, M mobile app, P user
 * phone, F forwarding number, B business phone; 1 = set). The 15 combinations seed 001's table lists are marked
 * with its row; the other 17 follow its stated rule (apps when enabled, plus one phone: the user's, else the
 * forwarding number, else the business phone). Nothing rings: nothing-to-ring, and with no greeting a hang-up.
 */
export const SEED_EXPECTED: Record<string, SeedLeg[]> = {
  'seed001-W0M0P0F0B0': [], // row 12
  'seed001-W0M0P0F0B1': ['business-phone'], // row 14
  'seed001-W0M0P0F1B0': ['forwarding-number'],
  'seed001-W0M0P0F1B1': ['forwarding-number'], // row 13
  'seed001-W0M0P1F0B0': ['user-phone'], // row 10
  'seed001-W0M0P1F0B1': ['user-phone'],
  'seed001-W0M0P1F1B0': ['user-phone'], // row 11
  'seed001-W0M0P1F1B1': ['user-phone'], // row 9
  'seed001-W0M1P0F0B0': ['mobile'], // row 16
  'seed001-W0M1P0F0B1': ['mobile', 'business-phone'],
  'seed001-W0M1P0F1B0': ['mobile', 'forwarding-number'],
  'seed001-W0M1P0F1B1': ['mobile', 'forwarding-number'],
  'seed001-W0M1P1F0B0': ['mobile', 'user-phone'],
  'seed001-W0M1P1F0B1': ['mobile', 'user-phone'],
  'seed001-W0M1P1F1B0': ['mobile', 'user-phone'],
  'seed001-W0M1P1F1B1': ['mobile', 'user-phone'],
  'seed001-W1M0P0F0B0': ['web'], // rows 6 and 15
  'seed001-W1M0P0F0B1': ['web', 'business-phone'],
  'seed001-W1M0P0F1B0': ['web', 'forwarding-number'],
  'seed001-W1M0P0F1B1': ['web', 'forwarding-number'],
  'seed001-W1M0P1F0B0': ['web', 'user-phone'],
  'seed001-W1M0P1F0B1': ['web', 'user-phone'],
  'seed001-W1M0P1F1B0': ['web', 'user-phone'],
  'seed001-W1M0P1F1B1': ['web', 'user-phone'],
  'seed001-W1M1P0F0B0': ['web', 'mobile'], // row 5
  'seed001-W1M1P0F0B1': ['web', 'mobile', 'business-phone'], // row 8
  'seed001-W1M1P0F1B0': ['web', 'mobile', 'forwarding-number'],
  'seed001-W1M1P0F1B1': ['web', 'mobile', 'forwarding-number'], // row 7
  'seed001-W1M1P1F0B0': ['web', 'mobile', 'user-phone'], // row 4
  'seed001-W1M1P1F0B1': ['web', 'mobile', 'user-phone'], // row 3
  'seed001-W1M1P1F1B0': ['web', 'mobile', 'user-phone'], // row 2
  'seed001-W1M1P1F1B1': ['web', 'mobile', 'user-phone'], // row 1
};

/** The case id of one combination of the five columns. */
export const seedCaseId = (columns: Columns) => `seed001-${seedCode(columns)}`;
const seedPhones = (i: number) => ({
  number: `+1555030${pad(i)}0`,
  user: `+1555030${pad(i)}1`,
  forwarding: `+1555030${pad(i)}2`,
  business: `+1555030${pad(i)}3`,
  caller: '+15550399999',
});

function seedWorkspace(i: number, columns: Columns): WorkspaceInput {
  const [web, mobile, userPhone, forwarding, business] = columns;
  const phones = seedPhones(i);
  return {
    id: `seed-${pad(i)}`,
    name: `Seed 001 combination ${seedCode(columns)}`,
    companyPhone: business ? phones.business : null,
    inbound: { ringAssignedUser: true, forwardToCompanyPhone: true, timeout: null },
    users: [{ id: 'u', name: 'Assigned user', phone: userPhone ? phones.user : null, webApp: web, mobileApp: mobile }],
    numbers: [
      { number: phones.number, name: 'Assigned number', assignedUser: 'u', forwardingNumber: forwarding ? phones.forwarding : null },
    ],
  };
}

function seedCase(i: number, columns: Columns): RoutingCase {
  const phones = seedPhones(i);
  const id = seedCaseId(columns);
  const rings = SEED_EXPECTED[id];
  if (!rings) throw new Error(`no expectation written for ${id}`);
  const row = SEED_001_TABLE.find((entry) => entry.columns.every((on, c) => on === columns[c]));
  const legFor: Record<SeedLeg, LegLabel> = {
    web: `client:seed-${pad(i)}_u_web`,
    mobile: `client:seed-${pad(i)}_u_mobile`,
    'user-phone': `number:${phones.user}`,
    'forwarding-number': `number:${phones.forwarding}`,
    'business-phone': `number:${phones.business}`,
  };
  const source = row ? `row ${row.row}: "${row.says}"` : 'not in the table: its stated rule';
  return {
    id,
    title: `seed 001 ${seedCode(columns)} (${source})`,
    to: phones.number,
    from: phones.caller,
    at: OPEN_AT,
    expect:
      rings.length === 0
        ? { action: 'hangup', rule: 'nothing-to-ring' }
        : { action: 'dial', rule: 'number-assigned-user', legs: rings.map((leg) => legFor[leg]), callerId: phones.caller, timeout: 60 },
  };
}

export const SEED_COMBINATIONS: Columns[] = Array.from({ length: 32 }, (_, i) => [16, 8, 4, 2, 1].map((bit) => (i & bit) !== 0) as Columns);

// ---------------------------------------------------------------------------------------------
// Precedence: each rule against the one below it, and each option switched off.

const P = {
  company: '+15550410001',
  aliceCell: '+15550410002',
  bobCell: '+15550410003',
  carolCell: '+15550410004',
  forward: '+15550410005',
  afterHoursForward: '+15550410006',
  dana: '+15550410200', // contact assigned to bob
  eli: '+15550410201', // contact not assigned
  stranger: '+15550410299',
  offCompany: '+15550420001',
  offForward: '+15550420005',
  offAlice: '+15550420002',
};

const precedenceUsers = [
  { id: 'alice', name: 'Alice', phone: P.aliceCell, extension: '101' },
  { id: 'bob', name: 'Bob', phone: P.bobCell, mobileApp: true },
  { id: 'carol', name: 'Carol', phone: P.carolCell, webApp: true },
];

/** "prec": every option on, business hours in New York, a company greeting. Numbers +1555040NN00. */
const precedenceWorkspace: WorkspaceInput = {
  id: 'prec',
  name: 'Precedence Co',
  timeZone: 'America/New_York',
  companyPhone: P.company,
  businessHours: NEW_YORK_HOURS,
  inbound: { ringAssignedUser: true, forwardToCompanyPhone: true, timeout: 30 },
  voicemail: { greetingText: 'Precedence Co voicemail.' },
  users: precedenceUsers,
  contacts: [
    { phone: P.dana, firstName: 'Dana', assignedUser: 'bob' },
    { phone: P.eli, firstName: 'Eli', assignedUser: null },
  ],
  numbers: [
    { number: '+15550400100', name: 'inactive and assigned', status: 'inactive', assignedUser: 'alice' },
    {
      number: '+15550400200',
      name: 'voicemail mode, after-hours forward',
      mode: 'voicemail',
      afterHours: { action: 'forward', forwardTo: P.afterHoursForward },
    },
    {
      number: '+15550400300',
      name: 'forward mode, after-hours voicemail',
      mode: 'forward',
      forwardingNumber: P.forward,
      afterHours: { action: 'voicemail' },
    },
    {
      number: '+15550400400',
      name: 'assigned to alice, after-hours voicemail',
      assignedUser: 'alice',
      afterHours: { action: 'voicemail' },
    },
    { number: '+15550400500', name: 'assigned to alice, after-hours ring', assignedUser: 'alice', afterHours: { action: 'ring' } },
    {
      number: '+15550400600',
      name: 'assigned to alice, after-hours forward',
      assignedUser: 'alice',
      afterHours: { action: 'forward', forwardTo: P.afterHoursForward },
    },
    {
      number: '+15550400700',
      name: 'ring group bob+carol, forwarding number',
      ringUsers: ['bob', 'carol'],
      forwardingNumber: P.forward,
      inboundTimeout: 15,
    },
    { number: '+15550400800', name: 'forwarding number only', forwardingNumber: P.forward, passCalledNumberAsCallerId: true },
    { number: '+15550400900', name: 'nothing of its own', recording: { enabled: true, announcement: 'This call is recorded.' } },
  ],
};

/** "prec-off": both options off, no hours, no greeting. Numbers +1555042NN00. */
const optionsOffWorkspace: WorkspaceInput = {
  id: 'prec-off',
  name: 'Options Off Co',
  companyPhone: P.offCompany,
  inbound: { ringAssignedUser: false, forwardToCompanyPhone: false, timeout: null },
  users: [
    { id: 'alice', name: 'Alice', phone: P.offAlice },
    { id: 'bob', name: 'Bob', phone: '+15550420003' },
  ],
  contacts: [{ phone: P.dana, firstName: 'Dana', assignedUser: 'bob' }],
  numbers: [
    { number: '+15550420100', name: 'assigned to alice, option off', assignedUser: 'alice' },
    { number: '+15550420200', name: 'forwarding number, option off', forwardingNumber: P.offForward },
    { number: '+15550420300', name: 'nothing, company option off' },
  ],
};

/** "limits": a ring group over the 10-leg limit, shared phones, and a user whose phone is loop-free. */
const limitsWorkspace: WorkspaceInput = {
  id: 'limits',
  name: 'Limits Co',
  companyPhone: '+15550500001',
  users: Array.from({ length: 7 }, (_, i) => ({
    id: `u${i + 1}`,
    name: `User ${i + 1}`,
    phone: i < 2 ? '+15550500010' : `+155505000${20 + i}`, // u1 and u2 share a desk phone
    webApp: true,
    mobileApp: true,
  })),
  numbers: [{ number: '+15550500100', name: 'seven-user ring group', ringUsers: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'] }],
};

/** "guard": the abuse guard at 2 calls per caller per minute; "guard-off": no limit. Numbers +1555044NN00. */
const G = {
  forward: '+15550440005',
  within: '+15550440201',
  over: '+15550440202',
  overInactive: '+15550440203',
  offCaller: '+15550440204',
  otherWorkspace: '+15550440205',
};
const guardWorkspace: WorkspaceInput = {
  id: 'guard',
  name: 'Guard Co',
  inbound: { maxCallsPerCallerPerMinute: 2 },
  numbers: [
    { number: '+15550440100', name: 'forwarding number, guarded', forwardingNumber: G.forward },
    { number: '+15550440300', name: 'inactive, guarded', status: 'inactive' },
  ],
};
const guardOffWorkspace: WorkspaceInput = {
  id: 'guard-off',
  name: 'Guard Off Co',
  inbound: { maxCallsPerCallerPerMinute: 0 },
  numbers: [{ number: '+15550440400', name: 'forwarding number, unguarded', forwardingNumber: G.forward }],
};

// ---------------------------------------------------------------------------------------------
// Issue 20: ring order and tiers, availability, the person who helped last, the phone menu, screening.

const R = {
  company: '+15550660009',
  olga: '+15550660001',
  bob: '+15550660002',
  carol: '+15550660003',
  dan: '+15550660004',
  dee: '+15550660005',
  nia: '+15550660006',
  eve: '+15550660007',
  forward: '+15550660010',
  emergencies: '+15550660050',
  known: '+15550660201',
  stranger: '+15550660299',
};
const NIGHT_HOURS = { monday: [{ open: '18:00', close: '23:00' }] };
const DAY_HOURS = { monday: [{ open: '08:00', close: '16:00' }] };

/** "peers": one user of each kind (on do not disturb, outside and inside working hours). Numbers +1555066NN00. */
const peersWorkspace: WorkspaceInput = {
  id: 'peers',
  name: 'Peers Plumbing',
  timeZone: 'America/New_York',
  companyPhone: R.company,
  businessHours: NEW_YORK_HOURS,
  inbound: { timeout: 60 },
  voicemail: { greetingText: 'Peers Plumbing voicemail.' },
  users: [
    { id: 'olga', name: 'Olga Owner', phone: R.olga, role: 'admin' },
    { id: 'bob', name: 'Bob', phone: R.bob },
    { id: 'carol', name: 'Carol', phone: R.carol, webApp: true },
    { id: 'dan', name: 'Dan', phone: R.dan },
    { id: 'dee', name: 'Dee', phone: R.dee, doNotDisturb: true },
    { id: 'nia', name: 'Nia', phone: R.nia, workingHours: NIGHT_HOURS },
    { id: 'eve', name: 'Eve', phone: R.eve, workingHours: DAY_HOURS },
  ],
  contacts: [{ phone: R.known, firstName: 'Kim', assignedUser: null }],
  numbers: [
    { number: '+15550660100', name: 'team together', ringUsers: ['bob', 'carol', 'dan'] },
    { number: '+15550660200', name: 'team in order', ringUsers: ['bob', 'carol', 'dan'], ringOrder: 'in-order', ringSecondsEach: 15 },
    {
      number: '+15550660300',
      name: 'team round robin',
      ringUsers: ['bob', 'carol', 'dan'],
      ringOrder: 'round-robin',
      ringSecondsEach: 20,
    },
    {
      number: '+15550660400',
      name: 'owner first, then the team',
      ringUsers: ['bob', 'carol', 'dan'],
      ringFirst: { users: ['olga'], seconds: 15 },
      inboundTimeout: 35,
    },
    {
      number: '+15550660500',
      name: 'in order past the timeout',
      ringUsers: ['bob', 'carol', 'dan', 'eve'],
      ringOrder: 'in-order',
      ringSecondsEach: 15,
      inboundTimeout: 40,
    },
    { number: '+15550660600', name: 'nobody available', ringUsers: ['dee', 'nia'], forwardingNumber: R.forward },
    { number: '+15550660700', name: 'some available', ringUsers: ['dee', 'bob', 'nia', 'eve'] },
    { number: '+15550660800', name: 'assigned to a user on do not disturb', assignedUser: 'dee', ringUsers: ['bob'] },
    {
      number: '+15550660900',
      name: 'phone menu',
      menu: {
        greeting: { text: 'Thanks for calling Peers Plumbing.' },
        options: {
          '1': { label: 'Sales', action: 'ring', users: ['bob', 'carol'], words: ['sales', 'new job'] },
          '2': { label: 'Leave a message', action: 'voicemail', user: 'carol' },
          '3': { label: 'Emergencies', action: 'forward', to: R.emergencies, words: ['emergency'] },
          '4': { label: 'Nobody home', action: 'ring', users: ['dee'] },
        },
        default: '1',
        speech: true,
      },
      forwardingNumber: R.forward,
    },
    {
      number: '+15550661000',
      name: 'menu in voicemail mode',
      mode: 'voicemail',
      menu: { greeting: { text: 'Menu.' }, options: { '1': { label: 'Sales', action: 'ring', users: ['bob'] } }, default: '1' },
    },
    {
      number: '+15550661100',
      name: 'menu in forward mode',
      mode: 'forward',
      forwardingNumber: R.forward,
      menu: { greeting: { text: 'Menu.' }, options: { '1': { label: 'Sales', action: 'ring', users: ['bob'] } }, default: '1' },
    },
  ],
};

const S = { blocked: '+15550670201', known: '+15550670202', stranger: '+15550670299', forward: '+15550670010' };
/** "screen": a blocked number, failed caller ID checks challenged. "screen-strict" rejects them and challenges strangers. */
const screenWorkspace: WorkspaceInput = {
  id: 'screen',
  name: 'Screen Co',
  inbound: { screening: { blocked: [S.blocked], stirFailed: 'challenge' } },
  voicemail: { greetingText: 'Screen Co voicemail.' },
  users: [{ id: 'bob', name: 'Bob', phone: '+15550670002' }],
  numbers: [
    { number: '+15550670100', name: 'forwarding number, screened', forwardingNumber: S.forward },
    {
      number: '+15550670200',
      name: 'screened menu',
      menu: {
        greeting: { text: 'Screen Co.' },
        options: { '1': { label: 'Bob', action: 'ring', users: ['bob'] }, '2': { label: 'Message', action: 'voicemail' } },
        default: '1',
      },
    },
  ],
};
const screenStrictWorkspace: WorkspaceInput = {
  id: 'screen-strict',
  name: 'Screen Strict Co',
  inbound: { screening: { stirFailed: 'reject', unknownCallers: 'challenge' } },
  users: [{ id: 'bob', name: 'Bob', phone: '+15550670003' }],
  contacts: [{ phone: S.known, firstName: 'Kay', assignedUser: null }],
  numbers: [{ number: '+15550670300', name: 'forwarding number, strict', forwardingNumber: S.forward }],
};
const screenVoicemailWorkspace: WorkspaceInput = {
  id: 'screen-vm',
  name: 'Screen Voicemail Co',
  inbound: { screening: { stirFailed: 'voicemail' } },
  voicemail: { greetingText: 'Screen Voicemail Co voicemail.' },
  numbers: [{ number: '+15550670400', name: 'forwarding number, to voicemail', forwardingNumber: S.forward }],
};

/** "sticky": the person who helped last rings first for 15 s; inbound timeout 45. Numbers +1555068NN00. */
const stickyWorkspace: WorkspaceInput = {
  id: 'sticky',
  name: 'Sticky Co',
  inbound: { timeout: 45, stickyAgent: { enabled: true, days: 30, seconds: 15 } },
  users: [
    { id: 'bob', name: 'Bob', phone: '+15550680002' },
    { id: 'carol', name: 'Carol', phone: '+15550680003' },
    { id: 'dee', name: 'Dee', phone: '+15550680005', doNotDisturb: true },
    { id: 'olga', name: 'Olga', phone: '+15550680001' },
  ],
  numbers: [
    { number: '+15550680100', name: 'team', ringUsers: ['bob', 'carol'] },
    { number: '+15550680200', name: 'assigned to olga', assignedUser: 'olga', ringUsers: ['bob', 'carol'] },
  ],
};

export const FIXTURE: BundleInput = {
  workspaces: [
    peersWorkspace,
    screenWorkspace,
    screenStrictWorkspace,
    screenVoicemailWorkspace,
    stickyWorkspace,
    ...SEED_COMBINATIONS.map((columns, i) => seedWorkspace(i, columns)),
    precedenceWorkspace,
    optionsOffWorkspace,
    limitsWorkspace,
    guardWorkspace,
    guardOffWorkspace,
  ],
};

const dial = (rule: string, legs: LegLabel[], extra: Partial<RoutingCase['expect']> = {}): RoutingCase['expect'] => ({
  action: 'dial',
  rule,
  legs,
  ...extra,
});
const aliceLegs = [`number:${P.aliceCell}:ww101`];
const bobLegs = ['client:prec_bob_mobile', `number:${P.bobCell}`];

const PRECEDENCE_CASES: RoutingCase[] = [
  {
    id: 'prec-unknown-number',
    title: 'an unknown called number is rejected',
    to: '+15550499999',
    from: P.dana,
    at: OPEN_AT,
    expect: { action: 'reject', rule: 'unknown-number' },
  },
  {
    id: 'prec-inactive-over-assigned',
    title: 'inactive beats the assignment below it',
    to: '+15550400100',
    from: P.dana,
    at: OPEN_AT,
    expect: { action: 'reject', rule: 'inactive-number' },
  },
  {
    id: 'prec-voicemail-mode-over-after-hours',
    title: 'voicemail mode beats after-hours forward',
    to: '+15550400200',
    from: P.dana,
    at: CLOSED_AT,
    expect: { action: 'voicemail', rule: 'voicemail-mode' },
  },
  {
    id: 'prec-forward-mode-over-after-hours',
    title: 'forward mode beats after-hours voicemail',
    to: '+15550400300',
    from: P.dana,
    at: CLOSED_AT,
    expect: dial('forward-mode', [`number:${P.forward}`]),
  },
  {
    id: 'prec-after-hours-voicemail',
    title: 'after hours, voicemail beats the assigned user',
    to: '+15550400400',
    from: P.dana,
    at: CLOSED_AT,
    expect: { action: 'voicemail', rule: 'after-hours' },
  },
  {
    id: 'prec-after-hours-forward',
    title: 'after hours, forward beats the assigned user',
    to: '+15550400600',
    from: P.dana,
    at: CLOSED_AT,
    expect: dial('after-hours', [`number:${P.afterHoursForward}`]),
  },
  {
    id: 'prec-after-hours-ring-falls-through',
    title: 'after hours with "ring as usual" falls through to the assigned user',
    to: '+15550400500',
    from: P.dana,
    at: CLOSED_AT,
    expect: dial('number-assigned-user', aliceLegs),
  },
  {
    id: 'prec-open-hours-falls-through',
    title: 'within hours the after-hours rule does not apply',
    to: '+15550400400',
    from: P.eli,
    at: OPEN_AT,
    expect: dial('number-assigned-user', aliceLegs, { timeout: 30, callerId: P.eli }),
  },
  {
    id: 'prec-closed-date',
    title: 'a closed date counts as after hours',
    to: '+15550400400',
    from: P.eli,
    at: '2026-12-25T15:00:00Z',
    expect: { action: 'voicemail', rule: 'after-hours' },
  },
  {
    id: 'prec-number-user-over-caller-user',
    title: 'the number\'s user beats the caller\'s assigned user ("always always always")',
    to: '+15550400400',
    from: P.dana,
    at: OPEN_AT,
    expect: dial('number-assigned-user', aliceLegs),
  },
  {
    id: 'prec-ring-assigned-off',
    title: 'with "ring user assigned to called number" off, the caller\'s user rings',
    to: '+15550420100',
    from: P.dana,
    at: OPEN_AT,
    expect: dial('caller-assigned-user', ['number:+15550420003']),
  },
  {
    id: 'prec-caller-user-over-ring-group',
    title: "the caller's assigned user beats the ring group",
    to: '+15550400700',
    from: P.dana,
    at: OPEN_AT,
    expect: dial('caller-assigned-user', bobLegs, { timeout: 15 }),
  },
  {
    id: 'prec-ring-group-over-forwarding',
    title: 'the ring group beats the forwarding number',
    to: '+15550400700',
    from: P.eli,
    at: OPEN_AT,
    expect: dial('ring-group', [...bobLegs, 'client:prec_carol_web', `number:${P.carolCell}`], { timeout: 15 }),
  },
  {
    id: 'prec-forwarding-over-company',
    title: 'the forwarding number beats the company phone',
    to: '+15550400800',
    from: P.stranger,
    at: OPEN_AT,
    expect: dial('forwarding-number', [`number:${P.forward}`], { callerId: '+15550400800' }),
  },
  {
    id: 'prec-company-phone',
    title: 'nothing else: the company phone',
    to: '+15550400900',
    from: P.stranger,
    at: OPEN_AT,
    expect: dial('company-phone', [`number:${P.company}`], { callerId: P.stranger, timeout: 30 }),
  },
  {
    id: 'prec-forwarding-option-off',
    title: 'a forwarding number still rings with the company option off',
    to: '+15550420200',
    from: P.stranger,
    at: OPEN_AT,
    expect: dial('forwarding-number', [`number:${P.offForward}`], { timeout: 60 }),
  },
  {
    id: 'prec-company-option-off',
    title: 'with "forward calls to business phone number" off and no greeting, the call hangs up',
    to: '+15550420300',
    from: P.stranger,
    at: OPEN_AT,
    expect: { action: 'hangup', rule: 'nothing-to-ring' },
  },
  {
    id: 'prec-withheld-caller',
    title: 'a withheld caller still routes, shown as the called number',
    to: '+15550400900',
    from: 'anonymous',
    at: OPEN_AT,
    expect: dial('company-phone', [`number:${P.company}`], { callerId: '+15550400900' }),
  },
  {
    id: 'prec-empty-caller',
    title: 'an empty caller ID still routes',
    to: '+15550400800',
    from: '',
    at: OPEN_AT,
    expect: dial('forwarding-number', [`number:${P.forward}`], { callerId: '+15550400800' }),
  },
  // Twilio's placeholders for a withheld caller ID look like numbers; they are withheld callers, never shown as a caller ID.
  ...(
    [
      ['anonymous', '+266696687'],
      ['restricted', '+7378742833'],
      ['unavailable', '+86282452253'],
      ['unknown', '+8656696'],
      ['blocked', '+2562533'],
    ] as const
  ).map(
    ([word, placeholder]): RoutingCase => ({
      id: `prec-withheld-placeholder-${word}`,
      title: `Twilio's placeholder for ${word.toUpperCase()} (${placeholder}) routes as a withheld caller`,
      to: '+15550400900',
      from: placeholder,
      at: OPEN_AT,
      expect: dial('company-phone', [`number:${P.company}`], { callerId: '+15550400900' }),
    }),
  ),
  {
    id: 'prec-impossible-caller',
    title: 'a From too short to be a number (+12345) routes as a withheld caller',
    to: '+15550400900',
    from: '+12345',
    at: OPEN_AT,
    expect: dial('company-phone', [`number:${P.company}`], { callerId: '+15550400900' }),
  },
  {
    id: 'limits-ring-group-ten-legs',
    title: "a 7-user ring group with 21 legs rings 10, each user's phone first, a shared phone once",
    to: '+15550500100',
    from: P.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [
      // round 1: each user's best leg (u2's phone is u1's, so u2 starts with its web app)
      'number:+15550500010',
      'client:limits_u2_web',
      'number:+15550500022',
      'number:+15550500023',
      'number:+15550500024',
      'number:+15550500025',
      'number:+15550500026',
      // round 2, until ten: u1 web, u2 mobile, u3 web
      'client:limits_u1_web',
      'client:limits_u2_mobile',
      'client:limits_u3_web',
    ]),
  },
];

/** The abuse guard's rule: each case a caller of its own, so that no other case's calls count with theirs. */
const GUARD_CASES: RoutingCase[] = [
  {
    id: 'guard-within-limit',
    title: "a caller's 2nd call in a minute, at the limit of 2, routes as usual",
    to: '+15550440100',
    from: G.within,
    at: OPEN_AT,
    callsThisMinute: 2,
    expect: dial('forwarding-number', [`number:${G.forward}`]),
  },
  {
    id: 'guard-over-limit',
    title: "a caller's 3rd call in a minute, over the limit of 2, is rejected by the guard and rings nothing",
    to: '+15550440100',
    from: G.over,
    at: OPEN_AT,
    callsThisMinute: 3,
    expect: { action: 'reject', rule: 'abuse-guard' },
  },
  {
    id: 'guard-over-inactive-number',
    title: 'the guard comes before an inactive number: its caller over the limit is turned away by the guard',
    to: '+15550440300',
    from: G.overInactive,
    at: OPEN_AT,
    callsThisMinute: 3,
    expect: { action: 'reject', rule: 'abuse-guard' },
  },
  {
    id: 'guard-over-limit-withheld',
    title: "a withheld caller (Twilio's RESTRICTED placeholder) over the limit is counted under its placeholder and rejected",
    to: '+15550440100',
    from: '+7378742833',
    at: OPEN_AT,
    callsThisMinute: 3,
    expect: { action: 'reject', rule: 'abuse-guard' },
  },
  {
    id: 'guard-off',
    title: 'a workspace without a limit (0) lets a 3rd call in a minute through',
    to: '+15550440400',
    from: G.offCaller,
    at: OPEN_AT,
    callsThisMinute: 3,
    expect: dial('forwarding-number', [`number:${G.forward}`]),
  },
  {
    id: 'guard-unknown-number',
    title: 'an unknown number is rejected as unknown, however often its caller calls (no workspace counts it)',
    to: '+15550449999',
    from: G.otherWorkspace,
    at: OPEN_AT,
    callsThisMinute: 3,
    expect: { action: 'reject', rule: 'unknown-number' },
  },
];

const num = (phone: string) => `number:${phone}`;
const CALL_SID = 'CA0000000000000000000000000000e020';

/**
 * Issue 20's cases. decide() and explain run them all; the served functions all but a random turn (they draw it
 * themselves: tests/functions/peer-cases.twilio-run.test.ts); the simulator the ones it can drive.
 */
export const PEER_CASES: RoutingCase[] = [
  {
    id: 'peer-together-one-tier',
    title: 'a ring group rings together: one tier of everyone for the whole timeout',
    to: '+15550660100',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], {
      tiers: [{ legs: [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], seconds: 60 }],
      timeout: 60,
    }),
  },
  {
    id: 'peer-in-order',
    title: "in order: one user at a time, ringSecondsEach each, in the listed order (a user's app and phone together)",
    to: '+15550660200',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], {
      tiers: [
        { legs: [num(R.bob)], seconds: 15 },
        { legs: ['client:peers_carol_web', num(R.carol)], seconds: 15 },
        { legs: [num(R.dan)], seconds: 15 },
      ],
    }),
  },
  {
    id: 'peer-round-robin-turn-1',
    title: 'round robin, turn 1: starts at the second user and wraps round',
    to: '+15550660300',
    from: R.stranger,
    at: OPEN_AT,
    rotation: { turn: 1, source: 'counter' },
    expect: dial('ring-group', [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], {
      tiers: [
        { legs: ['client:peers_carol_web', num(R.carol)], seconds: 20 },
        { legs: [num(R.dan)], seconds: 20 },
        { legs: [num(R.bob)], seconds: 20 },
      ],
      traceSays: ['round robin turn 1 (counted) starts at carol'],
    }),
  },
  {
    id: 'peer-round-robin-random',
    title: "round robin over the store's rate: a random turn, and the trace says so",
    to: '+15550660300',
    from: R.stranger,
    at: OPEN_AT,
    rotation: { turn: 5, source: 'random', why: "the counter is over Sync's rate" },
    expect: dial('ring-group', [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], {
      tiers: [
        { legs: [num(R.dan)], seconds: 20 },
        { legs: [num(R.bob)], seconds: 20 },
        { legs: ['client:peers_carol_web', num(R.carol)], seconds: 20 },
      ],
      traceSays: ["drawn at random: the counter is over Sync's rate"],
    }),
  },
  {
    id: 'peer-round-robin-uncounted',
    title: 'round robin with no turn counted: the first user, and the decision asks for the turn',
    to: '+15550660300',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], {
      tiers: [
        { legs: [num(R.bob)], seconds: 20 },
        { legs: ['client:peers_carol_web', num(R.carol)], seconds: 20 },
        { legs: [num(R.dan)], seconds: 20 },
      ],
      wants: ['rotation'],
    }),
  },
  {
    id: 'peer-ring-first',
    title: 'ring first: the owner alone for 15 s, then the team together for what is left of 35 s',
    to: '+15550660400',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [num(R.olga), num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], {
      tiers: [
        { legs: [num(R.olga)], seconds: 15 },
        { legs: [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], seconds: 20 },
      ],
      timeout: 35,
    }),
  },
  {
    id: 'peer-in-order-past-timeout',
    title: 'the whole ring never outlasts the timeout: the third turn is cut short, the fourth not reached',
    to: '+15550660500',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [num(R.bob), 'client:peers_carol_web', num(R.carol), num(R.dan)], {
      tiers: [
        { legs: [num(R.bob)], seconds: 15 },
        { legs: ['client:peers_carol_web', num(R.carol)], seconds: 15 },
        { legs: [num(R.dan)], seconds: 10 },
      ],
      timeout: 40,
      traceSays: ['not reached within the 40 s timeout: in order: eve (4 of 4)'],
    }),
  },
  {
    id: 'peer-nobody-available',
    title: 'everyone in the group unavailable: the route goes on as if the group were empty (the forwarding number)',
    to: '+15550660600',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('forwarding-number', [num(R.forward)], {
      traceSays: ['dee is on do not disturb', 'nia is outside their working hours (monday 18:00-23:00'],
    }),
  },
  {
    id: 'peer-some-available',
    title: 'do not disturb and working hours skip users; the others ring',
    to: '+15550660700',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [num(R.bob), num(R.eve)], { traceSays: ['skipped: dee is on do not disturb'] }),
  },
  {
    id: 'peer-assigned-user-dnd',
    title: 'a number assigned to a user on do not disturb goes on down the route',
    to: '+15550660800',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', [num(R.bob)], { traceSays: ['dee is on do not disturb; going on down the route'] }),
  },
  {
    id: 'peer-menu-asks',
    title: 'a number with a menu asks the caller first',
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    expect: { action: 'gather', rule: 'phone-menu', gather: 'menu' },
  },
  {
    id: 'peer-menu-press-voicemail',
    title: "pressing 2 takes a message with that option's user's greeting",
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    presses: ['2'],
    expect: { action: 'voicemail', rule: 'phone-menu', menu: { chose: '2', how: 'pressed' } },
  },
  {
    id: 'peer-menu-press-forward',
    title: 'pressing 3 forwards to the emergency line',
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    presses: ['3'],
    expect: dial('phone-menu', [num(R.emergencies)], { menu: { chose: '3', how: 'pressed' } }),
  },
  {
    id: 'peer-menu-no-input-default',
    title: 'no input, asked again, no input: the default option (ring sales)',
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    presses: ['', ''],
    expect: dial('phone-menu', [num(R.bob), 'client:peers_carol_web', num(R.carol)], { menu: { chose: '1', how: 'default' } }),
  },
  {
    id: 'peer-menu-no-input-asks-again',
    title: 'no input once: the menu is repeated',
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    presses: [''],
    expect: { action: 'gather', rule: 'phone-menu', gather: 'menu' },
  },
  {
    id: 'peer-menu-wrong-then-right',
    title: 'a wrong key, then 3: the second answer counts',
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    presses: ['7', '3'],
    expect: dial('phone-menu', [num(R.emergencies)], { menu: { chose: '3', how: 'pressed' } }),
  },
  {
    id: 'peer-menu-said',
    title: "with speech on, saying an option's words takes it",
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    presses: ['I have a new job for you'],
    expect: dial('phone-menu', [num(R.bob), 'client:peers_carol_web', num(R.carol)], { menu: { chose: '1', how: 'said' } }),
  },
  {
    id: 'peer-menu-option-nobody-available',
    title: 'an option whose users are all unavailable goes on down the route (the forwarding number)',
    to: '+15550660900',
    from: R.stranger,
    at: OPEN_AT,
    presses: ['4'],
    expect: dial('forwarding-number', [num(R.forward)], { menu: { chose: '4', how: 'pressed' } }),
  },
  {
    id: 'peer-menu-after-hours',
    title: 'after hours comes before the menu',
    to: '+15550660900',
    from: R.stranger,
    at: CLOSED_AT,
    expect: { action: 'voicemail', rule: 'after-hours' },
  },
  {
    id: 'peer-menu-voicemail-mode',
    title: '"voicemail only" wins over the menu',
    to: '+15550661000',
    from: R.stranger,
    at: OPEN_AT,
    expect: { action: 'voicemail', rule: 'voicemail-mode' },
  },
  {
    id: 'peer-menu-forward-mode',
    title: '"always forward" wins over the menu',
    to: '+15550661100',
    from: R.stranger,
    at: OPEN_AT,
    expect: dial('forward-mode', [num(R.forward)]),
  },
  {
    id: 'screen-blocked',
    title: 'a blocked caller is rejected, never texted',
    to: '+15550670100',
    from: S.blocked,
    at: OPEN_AT,
    expect: { action: 'reject', rule: 'blocked-caller', screening: 'blocked', textBack: false },
  },
  {
    id: 'screen-stir-failed-challenged',
    title: 'a failed caller ID check is asked to press 1',
    to: '+15550670100',
    from: S.stranger,
    at: OPEN_AT,
    stir: 'TN-Validation-Failed-C',
    expect: { action: 'gather', rule: 'screening', gather: 'challenge', screening: 'challenge' },
  },
  {
    id: 'screen-challenge-passed',
    title: 'the caller who presses 1 rings as usual',
    to: '+15550670100',
    from: S.stranger,
    at: OPEN_AT,
    stir: 'TN-Validation-Failed-C',
    presses: ['1'],
    expect: dial('forwarding-number', [num(S.forward)], { screening: 'passed', textBack: true }),
  },
  {
    id: 'screen-challenge-second-try',
    title: 'a wrong key, then 1: passes',
    to: '+15550670100',
    from: S.stranger,
    at: OPEN_AT,
    stir: 'No-TN-Validation',
    presses: ['5', '1'],
    expect: dial('forwarding-number', [num(S.forward)], { screening: 'passed' }),
  },
  {
    id: 'screen-challenge-failed',
    title: 'a robot that presses nothing twice is hung up and never texted',
    to: '+15550670100',
    from: S.stranger,
    at: OPEN_AT,
    stir: 'TN-Validation-Failed-B',
    presses: ['', ''],
    expect: { action: 'hangup', rule: 'screening', screening: 'failed', textBack: false },
  },
  {
    id: 'screen-stir-passed',
    title: 'a caller ID check that passed is not screened',
    to: '+15550670100',
    from: S.stranger,
    at: OPEN_AT,
    stir: 'TN-Validation-Passed-A',
    expect: dial('forwarding-number', [num(S.forward)], { textBack: true }),
  },
  {
    id: 'screen-then-menu',
    title: 'the challenge first, then the menu: 1 passes, 2 takes a message',
    to: '+15550670200',
    from: S.stranger,
    at: OPEN_AT,
    stir: 'TN-Validation-Failed-A',
    presses: ['1', '2'],
    expect: { action: 'voicemail', rule: 'phone-menu', screening: 'passed', menu: { chose: '2', how: 'pressed' } },
  },
  {
    id: 'screen-strict-reject',
    title: 'stirFailed reject: rejected, never texted',
    to: '+15550670300',
    from: S.known,
    at: OPEN_AT,
    stir: 'No-TN-Validation',
    expect: { action: 'reject', rule: 'screening', screening: 'reject', textBack: false },
  },
  {
    id: 'screen-strict-unknown-challenged',
    title: 'unknown callers challenged: a stranger is asked to press 1',
    to: '+15550670300',
    from: S.stranger,
    at: OPEN_AT,
    expect: { action: 'gather', rule: 'screening', gather: 'challenge', screening: 'challenge' },
  },
  {
    id: 'screen-strict-contact-rings',
    title: 'unknown callers challenged: a contact rings as usual',
    to: '+15550670300',
    from: S.known,
    at: OPEN_AT,
    expect: dial('forwarding-number', [num(S.forward)]),
  },
  {
    id: 'screen-voicemail',
    title: 'stirFailed voicemail: straight to voicemail, never texted',
    to: '+15550670400',
    from: S.stranger,
    at: OPEN_AT,
    stir: 'TN-Validation-Failed-C',
    expect: { action: 'voicemail', rule: 'screening', screening: 'voicemail', textBack: false },
  },
  {
    id: 'sticky-rings-first',
    title: 'the user who answered this caller 3 days ago rings first for 15 s, then the route as usual',
    to: '+15550680100',
    from: S.stranger,
    at: OPEN_AT,
    lastAnswered: { user: 'carol', callSid: CALL_SID, daysAgo: 3 },
    expect: dial('sticky-agent', ['number:+15550680003', 'number:+15550680002'], {
      thenRule: 'ring-group',
      tiers: [
        { legs: ['number:+15550680003'], seconds: 15 },
        { legs: ['number:+15550680002', 'number:+15550680003'], seconds: 30 },
      ],
      traceSays: [`carol answered ${S.stranger} on`, CALL_SID],
    }),
  },
  {
    id: 'sticky-too-long-ago',
    title: 'answered 40 days ago, past the 30 days: the route as usual',
    to: '+15550680100',
    from: S.stranger,
    at: OPEN_AT,
    lastAnswered: { user: 'carol', callSid: CALL_SID, daysAgo: 40 },
    expect: dial('ring-group', ['number:+15550680002', 'number:+15550680003'], { traceSays: ['more than 30 days ago'] }),
  },
  {
    id: 'sticky-not-looked-up',
    title: 'not looked up: the route as usual, and the decision asks for it',
    to: '+15550680100',
    from: S.stranger,
    at: OPEN_AT,
    expect: dial('ring-group', ['number:+15550680002', 'number:+15550680003'], { wants: ['lastAnswered'] }),
  },
  {
    id: 'sticky-agent-on-dnd',
    title: 'the person who helped last is on do not disturb: the route as usual',
    to: '+15550680100',
    from: S.stranger,
    at: OPEN_AT,
    lastAnswered: { user: 'dee', callSid: CALL_SID, daysAgo: 1 },
    expect: dial('ring-group', ['number:+15550680002', 'number:+15550680003'], { traceSays: ['dee is on do not disturb'] }),
  },
  {
    id: 'sticky-below-assigned-user',
    title: "the number's assigned user comes before the person who helped last",
    to: '+15550680200',
    from: S.stranger,
    at: OPEN_AT,
    lastAnswered: { user: 'carol', callSid: CALL_SID, daysAgo: 1 },
    expect: dial('number-assigned-user', ['number:+15550680001']),
  },
];

/** The cases before issue 20's (the served functions run these in shared-cases.twilio-run, PEER_CASES in peer-cases). */
export const CASES: RoutingCase[] = [...SEED_COMBINATIONS.map((columns, i) => seedCase(i, columns)), ...PRECEDENCE_CASES, ...GUARD_CASES];

/** Every case: what decide() and explain run. */
export const ALL_CASES: RoutingCase[] = [...CASES, ...PEER_CASES];
