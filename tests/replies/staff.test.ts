// Staff answer a customer, and phones cannot loop. The functions run under twilio-run in Sync mode; every text they
// send goes to the API double behind Prism (Messages checked against Twilio's OpenAPI), and each test reads what was
// sent there. A user's text to a business number reaches the customer whose text was last forwarded to them from that
// number within STAFF_ANSWER_WINDOW_HOURS, from that number, and nobody else; both histories say who answered. A text
// with no one to answer is kept, with at most one note an hour. A user's phone and one of our numbers are never
// forwarded to other users, so auto-replying phones cannot ping-pong, and the per-sender hourly cap ends the one loop
// left (an auto-replying customer and an auto-replying user), with a log line when it acts.
// Every time is derived from the clock the functions run under (SimulatedAt from the test's own now).
import { randomBytes } from 'node:crypto';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { CallLogFinder } from '../../src/calls/call-finder';
import { callHistoryTtlSeconds } from '../../src/calls/call-log';
import { describeCall } from '../../src/cli/_calls-format';
import { createStepLog } from '../../src/log/step-log';
import { MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR } from '../../src/replies/sender-cap';
import { STAFF_ANSWER_WINDOW_HOURS } from '../../src/replies/staff-state';
import { noCustomerNote, optedOutNote } from '../../src/replies/staff-answer';
import { replyKey, type ReplyEntry } from '../../src/replies/ledger';
import { SyncStateStore } from '../../src/sync/state-store';
import { SyncRepository } from '../../src/sync/repository';
import { driveCall, replyByText } from '../support/drive-call';
import { DEFAULT_SHARDS, stateMapOf } from '../support/shards';
import { createSyncService, gatewayFor, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { OPT_OUT_LINE } from '../../src/textback/opt-out-line';

/** The first text a customer gets from the workspace ends with the opt-out line (the text-back's rule, for answers too). */
const firstText = (body: string) => `${body}\n${OPT_OUT_LINE}`;

const api = useTwilioApi({ clearFaults: true });
const SERVICE = `MG${'e5'.repeat(16)}`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** For the tests that send some 40 texts one after another: room on a busy machine (not a speed target). */
const LONG = 240_000;

/** Each scenario has its own workspace (its own state): a main line, a side line, two admins, a plain user, a contact. */
interface Scenario {
  id: string;
  line: string;
  side: string;
  ann: string;
  cat: string;
  ben: string;
  dana: string;
  customer: string;
  other: string;
  /** A number of another workspace of the deployment. */
  elsewhere: string;
}
const ELSEWHERE = '+15550999100';
let scenarios = 0;
function scenario(): Scenario {
  scenarios += 1;
  const n = String(scenarios).padStart(2, '0');
  return {
    id: `staff-${n}`,
    line: `+155509${n}100`,
    side: `+155509${n}101`,
    ann: `+155509${n}001`,
    cat: `+155509${n}002`,
    ben: `+155509${n}003`,
    dana: `+155509${n}200`,
    customer: `+155509${n}300`,
    other: `+155509${n}301`,
    elsewhere: ELSEWHERE,
  };
}
/** One workspace per test (made ahead: the configuration is pushed once). */
const SCENARIOS = Array.from({ length: 26 }, scenario);
let nextScenario = 0;
function fresh(): Scenario {
  const next = SCENARIOS[nextScenario++];
  if (!next) throw new Error(`more tests than the ${SCENARIOS.length} workspaces made ahead: raise SCENARIOS' length`);
  return next;
}

const workspaceOf = (s: Scenario): BundleInput['workspaces'][number] => ({
  id: s.id,
  name: `Staff Co ${s.id}`,
  inbound: { maxCallsPerCallerPerMinute: 0 },
  messagingServiceSid: SERVICE,
  users: [
    { id: 'ann', name: 'Ann', phone: s.ann, role: 'admin' },
    { id: 'cat', name: 'Cat', phone: s.cat, role: 'admin' },
    { id: 'ben', name: 'Ben', phone: s.ben },
  ],
  numbers: [
    { number: s.line, name: 'Main line' },
    { number: s.side, name: 'Side line', ringUsers: ['ben'] },
  ],
  contacts: [{ phone: s.dana, firstName: 'Dana', lastName: 'Reyes', assignedUser: 'ben' }],
});

let server: FunctionsServer;
let serviceSid: string;
const start = Date.now();
/** An instant `offsetMs` after the test run began, as the functions' clock (SimulatedAt). */
const at = (offsetMs: number) => new Date(start + offsetMs).toISOString();

beforeAll(async () => {
  // The configuration in Sync; the state maps are left to be made on first use (as on a deployment that skipped
  // `config push`'s provisioning), so two dozen workspaces do not cost 600 maps made ahead.
  serviceSid = await createSyncService(api);
  const repository = new SyncRepository(gatewayFor(api, serviceSid));
  const elsewhere = { id: 'elsewhere', name: 'Elsewhere', numbers: [{ number: ELSEWHERE, name: 'Elsewhere line' }] };
  await repository.apply(await repository.plan(parseBundle({ workspaces: [...SCENARIOS.map(workspaceOf), elsewhere] })));
  server = await startFunctions({ ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0', ALLOW_SIMULATED_CLOCK: 'true' });
}, LONG);
afterAll(() => server?.stop());

const messageSid = () => `SM${randomBytes(16).toString('hex')}`;
const store = () => new SyncStateStore(gatewayFor(api, serviceSid));

/** Posts one text to incoming-sms as Twilio does (signed), at `offsetMs` into the run; the texts it caused. */
async function text(from: string, to: string, body: string, options: { offsetMs?: number; sid?: string; status?: number } = {}) {
  const sid = options.sid ?? messageSid();
  const before = api.double.messages.length;
  const extra = { AccountSid: api.accountSid, SimulatedAt: at(options.offsetMs ?? 0) };
  const request = replyByText({ to, from, extra }, body, sid);
  const response = await server.post(request.url, request.params);
  expect(response.status).toBe(options.status ?? 200);
  const sent = api.double.messages
    .slice(before)
    .map((message) => ({ to: message.to, from: message.from, body: message.body, messagingServiceSid: message.messagingServiceSid }));
  return { sid, sent };
}

const kept = async (workspace: string, sender: string, sid: string) =>
  (await store().get(stateMapOf('callers', workspace, sender), replyKey(sid))) as unknown as ReplyEntry | null;

describe('who sent what: a text to a business number, and every text it caused', () => {
  type Who = 'ann' | 'cat' | 'ben' | 'dana' | 'customer' | 'other' | 'side' | 'elsewhere';
  type Line = 'line' | 'side';
  interface Step {
    from: Who;
    to?: Line;
    body: string;
    /** Minutes into the scenario (the functions' clock). */
    minute?: number;
    /** Deliver the previous step's message again (a retried webhook). */
    again?: boolean;
  }
  /** A text caused by the last step: to whom, from which line, and its words (`quote`: the last step's body forwarded). */
  interface Caused {
    to: Who;
    from: Line;
    body: 'answer' | 'quote' | 'note: no customer' | 'note: opted out';
  }
  const cases: { name: string; steps: Step[]; caused: Caused[] }[] = [
    {
      name: 'a stranger (no contact, no call): forwarded to the admins',
      steps: [{ from: 'customer', body: 'Need a quote' }],
      caused: [
        { to: 'ann', from: 'line', body: 'quote' },
        { to: 'cat', from: 'line', body: 'quote' },
      ],
    },
    {
      name: 'a contact: forwarded to the user they are assigned to',
      steps: [{ from: 'dana', body: 'Running late' }],
      caused: [{ to: 'ben', from: 'line', body: 'quote' }],
    },
    { name: 'one of our own numbers: kept, sent to nobody', steps: [{ from: 'side', body: 'Auto text' }], caused: [] },
    {
      name: "another workspace's number of this deployment: kept, sent to nobody",
      steps: [{ from: 'elsewhere', body: 'Auto text' }],
      caused: [],
    },
    {
      name: 'an admin answering the customer just forwarded to them: that customer only, from the line',
      steps: [
        { from: 'customer', body: 'Need a quote' },
        { from: 'ann', body: 'Sure, $120', minute: 2 },
      ],
      caused: [{ to: 'customer', from: 'line', body: 'answer' }],
    },
    {
      name: 'the other admin answering the same customer: that customer only (never the colleague)',
      steps: [
        { from: 'customer', body: 'Need a quote' },
        { from: 'cat', body: 'Cat here, $120', minute: 2 },
      ],
      caused: [{ to: 'customer', from: 'line', body: 'answer' }],
    },
    {
      name: 'two customers forwarded: the answer goes to the last one',
      steps: [
        { from: 'customer', body: 'First' },
        { from: 'other', body: 'Second', minute: 1 },
        { from: 'ann', body: 'Answering', minute: 2 },
      ],
      caused: [{ to: 'other', from: 'line', body: 'answer' }],
    },
    {
      name: 'the forward came from the other line: per line, so texting this line finds no customer',
      steps: [
        { from: 'customer', to: 'side', body: 'Side question' },
        { from: 'ann', to: 'line', body: 'Answering', minute: 2 },
      ],
      caused: [{ to: 'ann', from: 'line', body: 'note: no customer' }],
    },
    {
      name: 'the same, texting the line it came from: answered from that line',
      steps: [
        { from: 'customer', to: 'side', body: 'Side question' },
        { from: 'ann', to: 'side', body: 'Answering', minute: 2 },
      ],
      caused: [{ to: 'customer', from: 'side', body: 'answer' }],
    },
    {
      name: `a forward just inside ${STAFF_ANSWER_WINDOW_HOURS} h: answered`,
      steps: [
        { from: 'customer', body: 'Yesterday' },
        { from: 'ann', body: 'Sorry, just saw this', minute: STAFF_ANSWER_WINDOW_HOURS * 60 - 1 },
      ],
      caused: [{ to: 'customer', from: 'line', body: 'answer' }],
    },
    {
      name: `a forward ${STAFF_ANSWER_WINDOW_HOURS} h old: no customer, a note`,
      steps: [
        { from: 'customer', body: 'Yesterday' },
        { from: 'ann', body: 'Sorry, just saw this', minute: STAFF_ANSWER_WINDOW_HOURS * 60 },
      ],
      caused: [{ to: 'ann', from: 'line', body: 'note: no customer' }],
    },
    {
      name: 'a user nothing was forwarded to: a note to them, nothing to anyone else',
      steps: [{ from: 'ben', body: 'Hello?' }],
      caused: [{ to: 'ben', from: 'line', body: 'note: no customer' }],
    },
    {
      name: 'a second text with no one to answer within the hour: kept, no second note',
      steps: [
        { from: 'ben', body: 'Hello?' },
        { from: 'ben', body: "I'm driving", minute: 59 },
      ],
      caused: [],
    },
    {
      name: 'an hour after the note: a note again',
      steps: [
        { from: 'ben', body: 'Hello?' },
        { from: 'ben', body: 'Hello again', minute: 60 },
      ],
      caused: [{ to: 'ben', from: 'line', body: 'note: no customer' }],
    },
    {
      name: 'the customer replied STOP: not sent, a note says why',
      steps: [
        { from: 'customer', body: 'Need a quote' },
        { from: 'customer', body: 'STOP', minute: 1 },
        { from: 'ann', body: 'Sure, $120', minute: 2 },
      ],
      caused: [{ to: 'ann', from: 'line', body: 'note: opted out' }],
    },
    {
      name: 'an answer delivered again (a retried webhook): sent once',
      steps: [
        { from: 'customer', body: 'Need a quote' },
        { from: 'ann', body: 'Sure, $120', minute: 2 },
        { from: 'ann', body: 'Sure, $120', minute: 2, again: true },
      ],
      caused: [],
    },
    {
      name: 'a customer answering the answer: forwarded as any reply (to the admins)',
      steps: [
        { from: 'customer', body: 'Need a quote' },
        { from: 'ann', body: 'Sure, $120', minute: 2 },
        { from: 'customer', body: 'Deal', minute: 3 },
      ],
      caused: [
        { to: 'ann', from: 'line', body: 'quote' },
        { to: 'cat', from: 'line', body: 'quote' },
      ],
    },
  ];

  test.each(cases)('$name', async ({ steps, caused }) => {
    const s = fresh();
    const phone = (who: Who) => s[who];
    let last: Awaited<ReturnType<typeof text>> = { sid: '', sent: [] };
    for (const step of steps) {
      last = await text(phone(step.from), s[step.to ?? 'line'], step.body, {
        offsetMs: (step.minute ?? 0) * MINUTE,
        ...(step.again ? { sid: last.sid } : {}),
      });
    }
    const final = steps[steps.length - 1]!;
    const lineOf = (line: Line) => ({ number: s[line], name: line === 'line' ? 'Main line' : 'Side line' });
    const wanted = caused.map(({ to, from, body }) => ({
      to: phone(to),
      from: s[from],
      messagingServiceSid: SERVICE,
      body:
        body === 'answer'
          ? firstText(final.body)
          : body === 'note: no customer'
            ? noCustomerNote(lineOf(from))
            : body === 'note: opted out'
              ? optedOutNote(lineOf(from), s.customer)
              : expect.stringContaining(`"${final.body}"`),
    }));
    const byTo = (a: { to: string }, b: { to: string }) => a.to.localeCompare(b.to);
    expect([...last.sent].sort(byTo)).toEqual([...wanted].sort(byTo));
  });
});

describe('staff answers', () => {
  test("the answer is kept in the user's history and the customer's, saying who answered and whom", async () => {
    const s = fresh();
    const asked = await text(s.customer, s.line, 'Can you come Tuesday?');
    const answered = await text(s.ann, s.line, 'Tuesday at 9am works', { offsetMs: MINUTE });
    expect(answered.sent).toEqual([
      { to: s.customer, from: s.line, body: firstText('Tuesday at 9am works'), messagingServiceSid: SERVICE },
    ]);
    // Told once how to opt out: the next answer is the user's words alone.
    const later = await text(s.ann, s.line, 'See you then', { offsetMs: 2 * MINUTE });
    expect(later.sent).toEqual([{ to: s.customer, from: s.line, body: 'See you then', messagingServiceSid: SERVICE }]);

    const own = await kept(s.id, s.ann, answered.sid);
    expect(own).toMatchObject({
      status: 'forwarded',
      from: s.ann,
      to: s.line,
      body: 'Tuesday at 9am works',
      answer: { user: 'ann', customer: s.customer, inReplyTo: asked.sid, status: 'sent' },
    });
    expect(own!.answer!.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    // The customer's history (no call: a per-message item in their shard) holds the answer too.
    expect(await kept(s.id, s.customer, answered.sid)).toMatchObject({
      from: s.ann,
      body: 'Tuesday at 9am works',
      answer: { user: 'ann', customer: s.customer, status: 'sent' },
    });
  });

  test("after a missed call, the answer is filed with the customer's call, and `calls show` says who answered", async () => {
    const s = fresh();
    const call = await driveCall(server, { to: s.side, from: s.customer }, 'missed');
    const asked = await text(s.customer, s.side, 'Still need the plumber', { offsetMs: MINUTE });
    expect(asked.sent.map((message) => message.to)).toEqual([s.ben]);
    const answered = await text(s.ben, s.side, 'On my way', { offsetMs: 2 * MINUTE });
    expect(answered.sent).toEqual([{ to: s.customer, from: s.side, body: firstText('On my way'), messagingServiceSid: SERVICE }]);

    const record = await new CallLogFinder(store(), DEFAULT_SHARDS, createStepLog('test'), callHistoryTtlSeconds(90)).read(call.callSid, [
      s.id,
    ]);
    expect(record?.replies?.[asked.sid]).toMatchObject({ from: s.customer, status: 'forwarded' });
    expect(record?.replies?.[answered.sid]).toMatchObject({
      from: s.ben,
      callSid: call.callSid,
      answer: { user: 'ben', customer: s.customer, inReplyTo: asked.sid, status: 'sent' },
    });
    const shown = describeCall({ ...record!, workspace: s.id, at: at(0) });
    expect(shown).toContain(`${answered.sid}: answer by ben to ${s.customer}: sent`);
  });

  test("when whom a user's text answers cannot be read, it is answered 500 and nothing is sent; delivered again, it is answered once", async () => {
    const s = fresh();
    await text(s.customer, s.line, 'Need a quote');
    api.double.faults.add({ kind: 'server-error', match: /\/Items\/thread/, method: 'GET' });
    const refused = await text(s.ann, s.line, 'Sure, $120', { status: 500 });
    expect(refused.sent).toEqual([]);
    expect(await kept(s.id, s.ann, refused.sid)).toBeNull();
    api.double.faults.clear();
    const again = await text(s.ann, s.line, 'Sure, $120', { sid: refused.sid });
    expect(again.sent).toEqual([{ to: s.customer, from: s.line, body: firstText('Sure, $120'), messagingServiceSid: SERVICE }]);
    expect((await text(s.ann, s.line, 'Sure, $120', { sid: refused.sid })).sent).toEqual([]);
  });

  test('a text with no one to answer is kept, with why, and whether a note went', async () => {
    const s = fresh();
    const first = await text(s.ben, s.line, 'Anyone?');
    const second = await text(s.ben, s.line, "I'm driving, I'll text you later", { offsetMs: 5 * MINUTE });
    expect(first.sent.map((message) => message.to)).toEqual([s.ben]);
    expect(second.sent).toEqual([]);
    const firstKept = await kept(s.id, s.ben, first.sid);
    expect(firstKept).toMatchObject({
      status: 'not-forwarded',
      body: 'Anyone?',
      answer: { user: 'ben', customer: null, status: 'no-customer', note: { status: 'sent' } },
    });
    expect(firstKept!.why).toContain('no customer to answer');
    expect(await kept(s.id, s.ben, second.sid)).toMatchObject({
      status: 'not-forwarded',
      answer: { status: 'no-customer', note: { status: 'withheld' } },
    });
  });
});

describe('phones cannot loop', () => {
  /**
   * Every phone in `autoReplies` answers each text it gets from `line` at once with its auto-reply, as a phone in
   * "driving" mode does; the texts go on until nothing new is sent (or `rounds` runs out). Returns every text sent.
   */
  async function autoReplyUntilQuiet(line: string, autoReplies: Map<string, string>, startedAt: number, rounds = 200) {
    const sent: { to: string; from: string | null; body: string }[] = [];
    const pending = [...api.double.messages.slice(startedAt)];
    for (let round = 0; round < rounds && pending.length; round += 1) {
      const message = pending.shift()!;
      sent.push({ to: message.to, from: message.from, body: message.body });
      const reply = autoReplies.get(message.to);
      if (message.from !== line || !reply) continue;
      // All at the run's first instant: the hour the cap counts in is the same for every text, whatever the time of day.
      const caused = await text(message.to, line, reply);
      pending.push(...api.double.messages.slice(api.double.messages.length - caused.sent.length));
    }
    return { sent, quiet: pending.length === 0 };
  }

  test("two users' phones that auto-reply never reach each other: a user's text is never forwarded to a colleague", async () => {
    const s = fresh();
    const replies = new Map([
      [s.ann, "Ann's phone: I'm driving, I'll text you later"],
      [s.cat, "Cat's phone: I'm driving, I'll text you later"],
    ]);
    const phones = (sent: { to: string; body: string }[]) => sent.map((message) => `${message.to} ${message.body}`).sort();
    // Ann's phone starts it, with nothing to answer: one note, and her phone's answer to the note goes nowhere.
    let before = api.double.messages.length;
    await text(s.ann, s.line, replies.get(s.ann)!);
    const alone = await autoReplyUntilQuiet(s.line, replies, before);
    expect(alone.quiet).toBe(true);
    expect(phones(alone.sent)).toEqual([`${s.ann} ${noCustomerNote({ number: s.line, name: 'Main line' })}`]);

    // A customer's text reaches both: each phone's auto-reply answers the customer, and there it ends.
    before = api.double.messages.length;
    await text(s.customer, s.line, 'Are you open today?');
    const { sent, quiet } = await autoReplyUntilQuiet(s.line, replies, before);
    expect(quiet).toBe(true);
    expect(
      sent.filter((message) => message.to === s.ann || message.to === s.cat).filter((message) => /driving/.test(message.body)),
    ).toEqual([]);
    // The customer's first text from the business (whichever phone answered first) carries the opt-out line.
    const withLine = sent.filter((message) => message.to === s.customer && message.body.endsWith(`\n${OPT_OUT_LINE}`));
    expect(withLine).toHaveLength(1);
    const unlined = sent.map((message) => ({ ...message, body: message.body.replace(`\n${OPT_OUT_LINE}`, '') }));
    expect(phones(unlined)).toEqual(
      [
        `${s.ann} Text from ${s.customer} to Main line (${s.line}):\n"Are you open today?"`,
        `${s.cat} Text from ${s.customer} to Main line (${s.line}):\n"Are you open today?"`,
        `${s.customer} ${replies.get(s.ann)}`,
        `${s.customer} ${replies.get(s.cat)}`,
      ].sort(),
    );
  });

  test(
    'an auto-replying customer and an auto-replying user: the sender cap ends it, and the log says so',
    async () => {
      const s = fresh();
      const replies = new Map([
        [s.dana, "Dana's phone: I'm driving"],
        [s.ben, "Ben's phone: I'm driving"],
      ]);
      const before = api.double.messages.length;
      await text(s.dana, s.line, 'Is the part in?');
      const { sent, quiet } = await autoReplyUntilQuiet(s.line, replies, before);
      expect(quiet).toBe(true);
      // Dana's texts are forwarded to Ben (her assigned user), Ben's phone answers Dana: each side passes on at most the cap.
      const toBen = sent.filter((message) => message.to === s.ben);
      const toDana = sent.filter((message) => message.to === s.dana);
      expect(toBen).toHaveLength(MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR);
      expect(toDana).toHaveLength(MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR);
      expect(sent).toHaveLength(2 * MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR);
      expect(server.output()).toMatch(
        new RegExp(`sender cap acted: the forward of SM[0-9a-f]{32} not sent; held by the sender cap: \\${s.dana}'s texts to ${s.id}`),
      );
    },
    LONG,
  );

  test(
    "the cap holds a user's answers too, keeps the text, and the next hour lets them through again",
    async () => {
      const s = fresh();
      await text(s.customer, s.line, 'Quote please');
      for (let count = 1; count <= MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR; count += 1) {
        const { sent } = await text(s.ann, s.line, `Answer ${count}`, { offsetMs: MINUTE });
        expect(sent.map((message) => message.to)).toEqual([s.customer]);
      }
      const held = await text(s.ann, s.line, 'One too many', { offsetMs: MINUTE });
      expect(held.sent).toEqual([]);
      const record = await kept(s.id, s.ann, held.sid);
      expect(record).toMatchObject({
        status: 'not-forwarded',
        body: 'One too many',
        answer: { user: 'ann', customer: s.customer, status: 'held' },
      });
      expect(record!.why).toContain(
        `held by the sender cap: ${s.ann}'s texts to ${s.id} already caused ${MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR} texts`,
      );
      expect(server.output()).toContain(`sender cap acted: ann's answer of ${held.sid} not sent`);

      const nextHour = await text(s.ann, s.line, 'Back again', { offsetMs: HOUR + MINUTE });
      expect(nextHour.sent.map((message) => message.to)).toEqual([s.customer]);
    },
    LONG,
  );
});
