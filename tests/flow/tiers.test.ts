// Ring tiers through the served functions (issue 20), driven as Twilio drives them with signed requests: each tier is
// one <Dial timeout=tier.seconds>, and the next tier is dial-complete's answer to a tier nobody answered, while the
// caller is still on the line. Only the last tier's end is the missed call (one verdict, one text-back, voicemail);
// a Twilio retry of a tier's dial-complete rings the next tier once in the log. Round robin turns advance per call;
// the sticky agent rings the user who last answered the caller first. Expectations are written out from the
// fixture's configuration (tests/flow/tiers-fixture.ts), not from decide().
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteEntry } from '../../src/calls/call-log';
import { describeCall } from '../../src/cli/_calls-format';
import { LocalStateStore } from '../../src/state/local-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { callLogOf } from '../support/call-log';
import { bridgedDial, callIn, legSid, nextTier, pickUp, ring, send, unansweredDial, verbsOf, type DialedCall } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import type { TwimlNode } from '../support/twiml';
import { TIERS, TIERS_BUNDLE } from './tiers-fixture';

const stateDir = mkdtempSync(join(tmpdir(), 'tiers-state-'));
const store = new LocalStateStore(stateDir);
const callLog = callLogOf(store, ['tiers', 'sticky', 'screened']);
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: writeTempJson('tiers.json', TIERS_BUNDLE), LOCAL_STATE_DIR: stateDir });
});
afterAll(() => server?.stop());

let callers = 0;
/** A caller of its own per test: text-back's window and the sticky agent are per caller. */
const caller = () => `+15550698${String((callers += 1)).padStart(3, '0')}`;
const textsTo = async (to: string) =>
  (await store.list(OUTBOX_MAP)).map((item) => item.data as { to: string }).filter((text) => text.to === to);
/** A dial's legs, as the call log labels them, in any order. */
const legsOf = (call: DialedCall) => call.legs.map((leg) => leg.label).sort();
const query = (url: string) => Object.fromEntries(new URL(url, 'http://functions.invalid').searchParams);
const dialOf = (twiml: TwimlNode) => twiml.children.find((verb) => verb.name === 'Dial');

describe('a route in two tiers: the owner first for 15 s, then the team together for 20 s', () => {
  test('tier 1 rings the owner alone for 15 s, after the announcement; its action carries the tier and the instant', async () => {
    const call = await ring(server, { to: TIERS.ownerFirst, from: caller() });
    expect(verbsOf(call.twiml)).toEqual(['Say', 'Dial']);
    expect(legsOf(call)).toEqual([`number:${TIERS.olga}`]);
    expect(call.dial!.attrs).toMatchObject({ timeout: '15', record: 'record-from-answer-dual', answerOnBridge: 'true' });
    expect(query(call.action)).toMatchObject({ crTier: '0', crAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), crRule: 'ring-group' });
    // The route entry records every tier as it will ring.
    expect(await callLog.readStep<RouteEntry>(call.callSid, 'route')).toMatchObject({
      rule: 'ring-group',
      tiers: [
        { users: ['olga'], seconds: 15, legs: [`number:${TIERS.olga}`] },
        { users: ['bob', 'carol', 'dan'], seconds: 20 },
      ],
    });
  });

  test('tier 1 no-answers, tier 2 answers: answered by the team, no text-back, no voicemail', async () => {
    const from = caller();
    const first = await ring(server, { to: TIERS.ownerFirst, from });
    const afterFirst = await send(server, unansweredDial(first, 'no-answer'));
    // The next tier: the team together for 20 s, no announcement again, the same recording, the next tier carried.
    expect(verbsOf(afterFirst.twiml)).toEqual(['Dial']);
    const second = nextTier(first, afterFirst);
    expect(legsOf(second)).toEqual(['client:tiers_carol_web', `number:${TIERS.bob}`, `number:${TIERS.carol}`, `number:${TIERS.dan}`]);
    expect(second.dial!.attrs).toMatchObject({ timeout: '20', record: 'record-from-answer-dual', answerOnBridge: 'true' });
    expect(query(second.action)).toMatchObject({ crTier: '1', crAt: query(first.action).crAt });
    await pickUp(server, second, `number:${TIERS.dan}`, { pressKey: false });
    const ended = await send(server, bridgedDial(second, `number:${TIERS.dan}`));
    expect(verbsOf(ended.twiml)).toEqual(['Hangup']);
    const record = await callLog.read(first.callSid);
    expect(record).toMatchObject({
      outcome: 'answered',
      dial: { outcome: 'answered', answeredBy: `number:${TIERS.dan}` },
      tiersRung: { '1': { tier: 1, users: ['bob', 'carol', 'dan'], seconds: 20, after: { dialStatus: 'no-answer' } } },
    });
    expect(record?.textback).toBeUndefined();
    expect(await textsTo(from)).toEqual([]);
  });

  test('every tier no-answers: one missed verdict, one text-back, and voicemail after the last tier', async () => {
    const from = caller();
    const first = await ring(server, { to: TIERS.ownerFirst, from });
    const second = nextTier(first, await send(server, unansweredDial(first, 'no-answer')));
    // Nothing is missed yet: the call is still ringing its second tier.
    expect((await callLog.read(first.callSid))?.dial).toBeUndefined();
    expect(await textsTo(from)).toEqual([]);
    const last = await send(server, unansweredDial(second, 'no-answer'));
    expect(verbsOf(last.twiml)).toEqual(['Say', 'Record']);
    expect(last.twiml.children[0]!.text).toBe('Tiers Plumbing voicemail.');
    expect(await callLog.read(first.callSid)).toMatchObject({
      outcome: 'missed',
      dial: { outcome: 'missed', reason: 'no answer', dialStatus: 'no-answer' },
      textback: { status: 'outbox' },
    });
    expect(await textsTo(from)).toHaveLength(1);
    // The call history tells both tiers, and when each rang.
    const record = (await callLog.read(first.callSid))!;
    const told = describeCall({ ...record, workspace: 'tiers', at: record.route!.at });
    expect(told).toContain('  Ring tiers:\n');
    expect(told).toContain(`    1. olga for 15 s (ring first: olga), rang at ${record.route!.at}`);
    expect(told).toContain(`    2. bob, carol, dan for 20 s (together), rang at ${String(record.tiersRung!['1']!.at)}`);
  });

  test('the caller hangs up during tier 1: missed, and tier 2 never rings', async () => {
    const from = caller();
    const first = await ring(server, { to: TIERS.ownerFirst, from });
    const gone = await send(server, unansweredDial(first, 'no-answer', true));
    expect(dialOf(gone.twiml)).toBeUndefined();
    const record = await callLog.read(first.callSid);
    expect(record).toMatchObject({ outcome: 'missed', dial: { outcome: 'missed', reason: 'the caller hung up' } });
    expect(record?.tiersRung).toBeUndefined();
    expect(await textsTo(from)).toHaveLength(1);
  });

  test('busy on tier 1: tier 2 rings', async () => {
    const first = await ring(server, { to: TIERS.ownerFirst, from: caller() });
    const second = nextTier(first, await send(server, unansweredDial(first, 'busy')));
    expect(legsOf(second)).toContain(`number:${TIERS.bob}`);
    expect((await callLog.read(first.callSid))?.tiersRung?.['1']).toMatchObject({ after: { dialStatus: 'busy', reason: 'busy' } });
  });

  test("Twilio retries tier 1's dial-complete: the same tier 2 answered again, rung once in the log", async () => {
    const first = await ring(server, { to: TIERS.ownerFirst, from: caller() });
    const request = unansweredDial(first, 'no-answer');
    const once = await send(server, request);
    // Twilio's retry is the same request again (our connection overrides ask it to retry a failed answer).
    const again = await send(server, request);
    expect(again.body).toBe(once.body);
    expect(Object.keys((await callLog.read(first.callSid))?.tiersRung ?? {})).toEqual(['1']);
    const said = server
      .output()
      .split('\n')
      .filter((line) => line.includes(first.callSid));
    expect({
      rang: said.filter((line) => line.includes('tier 1 ended unanswered')).length,
      retried: said.filter((line) => line.includes('tier 2 was rung already')).length,
    }).toEqual({ rang: 1, retried: 1 });
    // No dial entry: tier 1's end was no verdict.
    expect((await callLog.read(first.callSid))?.dial).toBeUndefined();
  });
});

describe('one user at a time', () => {
  test('bob for 15 s, then carol (her app and phone) for 15 s, then voicemail', async () => {
    const from = caller();
    const first = await ring(server, { to: TIERS.inOrder, from });
    expect(legsOf(first)).toEqual([`number:${TIERS.bob}`]);
    expect(first.dial!.attrs.timeout).toBe('15');
    const second = nextTier(first, await send(server, unansweredDial(first, 'no-answer')));
    expect(legsOf(second)).toEqual(['client:tiers_carol_web', `number:${TIERS.carol}`]);
    expect(second.dial!.attrs.timeout).toBe('15');
    const last = await send(server, unansweredDial(second, 'failed'));
    expect(verbsOf(last.twiml)).toEqual(['Say', 'Record']);
    expect(await textsTo(from)).toHaveLength(1);
  });

  test('bridged to a phone that did not press the key after the whisper: the next user rings', async () => {
    const first = await ring(server, { to: TIERS.connectInOrder, from: caller() });
    await pickUp(server, first, `number:${TIERS.bob}`, { pressKey: false });
    const afterBob = await send(server, bridgedDial(first, `number:${TIERS.bob}`));
    const second = nextTier(first, afterBob);
    expect(legsOf(second)).toEqual([`number:${TIERS.dan}`]);
    // The whisper and press-a-key stay on the next tier's phone legs.
    expect(second.legs[0]!.noun.attrs.url).toContain('connect-whisper');
    await pickUp(server, second, `number:${TIERS.dan}`, { pressKey: true });
    const ended = await send(server, bridgedDial(second, `number:${TIERS.dan}`));
    expect(verbsOf(ended.twiml)).toEqual(['Hangup']);
    expect(await callLog.read(first.callSid)).toMatchObject({ outcome: 'answered', dial: { answeredBy: `number:${TIERS.dan}` } });
  });
});

describe('round robin', () => {
  test("each call starts at the next user after the one the previous call started with (the number's counter)", async () => {
    const starts: string[] = [];
    const turns: unknown[] = [];
    for (let call = 0; call < 4; call += 1) {
      const rung = await ring(server, { to: TIERS.roundRobin, from: caller() });
      starts.push(legsOf(rung)[0]!);
      turns.push((await callLog.readStep<RouteEntry>(rung.callSid, 'route'))?.rotation);
    }
    expect(starts).toEqual([`number:${TIERS.bob}`, 'client:tiers_carol_web', `number:${TIERS.dan}`, `number:${TIERS.bob}`]);
    expect(turns).toEqual([0, 1, 2, 3].map((turn) => ({ turn, source: 'counter' })));
  });

  test("a later tier rings the rotation the call started with (its turn carried), not the counter's next", async () => {
    const first = await ring(server, { to: TIERS.roundRobin, from: caller() });
    const start = legsOf(first)[0]!;
    // Another call takes the next turn meanwhile.
    await ring(server, { to: TIERS.roundRobin, from: caller() });
    const second = nextTier(first, await send(server, unansweredDial(first, 'no-answer')));
    const order = [`number:${TIERS.bob}`, 'client:tiers_carol_web', `number:${TIERS.dan}`];
    expect(legsOf(second)).toContain(order[(order.indexOf(start) + 1) % 3]);
  });
});

describe('the sticky agent', () => {
  test('a caller carol answered earlier rings carol first for 15 s, then the team; the trace names the earlier call', async () => {
    const from = caller();
    const earlier = await ring(server, { to: TIERS.stickyLine, from });
    expect(legsOf(earlier)).toEqual([`number:${TIERS.stickyBob}`, `number:${TIERS.stickyCarol}`]);
    await pickUp(server, earlier, `number:${TIERS.stickyCarol}`, { pressKey: false });
    await send(server, bridgedDial(earlier, `number:${TIERS.stickyCarol}`));

    const later = await ring(server, { to: TIERS.stickyLine, from });
    expect(legsOf(later)).toEqual([`number:${TIERS.stickyCarol}`]);
    expect(later.dial!.attrs.timeout).toBe('15');
    const route = await callLog.readStep<RouteEntry>(later.callSid, 'route');
    expect(route).toMatchObject({ rule: 'sticky-agent', lastAnswered: { user: 'carol', callSid: earlier.callSid } });
    expect(route?.trace?.find((entry) => entry.rule === 'sticky-agent')?.reason).toContain(earlier.callSid);
    const then = nextTier(later, await send(server, unansweredDial(later, 'no-answer')));
    expect(legsOf(then)).toEqual([`number:${TIERS.stickyBob}`, `number:${TIERS.stickyCarol}`]);
  });

  test('a caller nobody answered before rings the team together', async () => {
    const call = await callIn(server, { to: TIERS.stickyLine, from: caller(), callSid: legSid() });
    expect(verbsOf(call.twiml)).toEqual(['Dial']);
    expect(call.legs.map((leg) => leg.label).sort()).toEqual([`number:${TIERS.stickyBob}`, `number:${TIERS.stickyCarol}`]);
    expect(call.dial!.attrs.timeout).toBe('45');
    expect(query(call.action).crTier).toBeUndefined();
  });
});

describe('a screened caller is never texted back (the decision says textBack false)', () => {
  test('a failed caller ID check sent to voicemail: the greeting and <Record>, no text, and the text-back retry refused (409)', async () => {
    const from = caller();
    const call = await callIn(server, { to: TIERS.screenedLine, from, extra: { StirVerstat: 'TN-Validation-Failed-C' } });
    expect(verbsOf(call.twiml)).toEqual(['Say', 'Record']);
    expect(call.twiml.children[0]!.text).toBe('Screened Co voicemail.');
    expect(await callLog.read(call.callSid)).toMatchObject({
      outcome: 'missed',
      route: {
        rule: 'screening',
        action: 'voicemail',
        screening: { verdict: 'voicemail' },
        textBack: false,
        stir: 'TN-Validation-Failed-C',
      },
      textback: { status: 'skipped', reason: 'screened' },
    });
    expect(await textsTo(from)).toEqual([]);
    const retried = await server.post('/sms-textback', { CallSid: call.callSid });
    expect({ status: retried.status, json: JSON.parse(retried.body) }).toEqual({
      status: 409,
      json: { status: 'refused', reason: 'screened', detail: expect.stringContaining('never texted') },
    });
    expect(await textsTo(from)).toEqual([]);
  });

  test('the same number with a caller ID check that passed: rings, and a missed call is texted', async () => {
    const from = caller();
    const call = await ring(server, { to: TIERS.screenedLine, from, extra: { StirVerstat: 'TN-Validation-Passed-A' } });
    expect(legsOf(call)).toEqual([`number:${TIERS.screenedForward}`]);
    await send(server, unansweredDial(call, 'no-answer'));
    expect(await textsTo(from)).toHaveLength(1);
  });
});
