// Every call gets the right outcome (issue 11), locally under twilio-run: the leg Twilio bridged
// (DialCallSid) decides who answered, whatever other legs picked up first; the steps after incoming-call
// follow the route the call was given, even across closing time or a configuration change; and an
// unreadable state file never blocks a missed caller's text.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInput } from '../../src/config/types';
import { LocalStateStore } from '../../src/state/local-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { endDial, legSid, pickUp, ring, verbsOf } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { callLogOf } from '../support/call-log';
import { stateMapOf } from '../support/shards';

const O = {
  connectLine: '+15550800100',
  changeLine: '+15550800101',
  alicePhone: '+15550800002',
  benPhone: '+15550800003',
  forwardTo: '+15550800009',
};

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'out',
      name: 'Outcome Co',
      timeZone: 'UTC',
      inbound: { maxCallsPerCallerPerMinute: 0 },
      businessHours: {
        weekly: Object.fromEntries(
          ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [
            day,
            [{ open: '08:00', close: '22:00' }],
          ]),
        ),
      },
      voicemail: { greetingText: 'Outcome Co voicemail.' },
      textBack: { enabled: true, windowMinutes: 20 },
      users: [
        { id: 'alice', name: 'Alice', phone: O.alicePhone, webApp: true, voicemail: { greetingText: "Alice's voicemail." } },
        { id: 'ben', name: 'Ben', phone: O.benPhone, voicemail: { greetingText: "Ben's voicemail." } },
      ],
      numbers: [
        // Closed, this number forwards: deciding again after closing time would give the company's greeting.
        {
          number: O.connectLine,
          name: 'Connect line',
          assignedUser: 'alice',
          callConnect: { enabled: true },
          afterHours: { action: 'forward', forwardTo: O.forwardTo },
        },
        { number: O.changeLine, name: 'Change line', assignedUser: 'alice' },
      ],
    },
  ],
};

const stateDir = mkdtempSync(join(tmpdir(), 'outcomes-state-'));
const configFile = writeTempJson('outcomes.json', BUNDLE);
// Read as of the calls' simulated day: their items (the call log, the outbox's 7 days) are kept from that day on.
const store = new LocalStateStore(stateDir, () => Date.parse('2026-11-23T12:00:00Z'));
const callLog = callLogOf(store, ['out']);
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: configFile, LOCAL_STATE_DIR: stateDir, ALLOW_SIMULATED_CLOCK: 'true' });
});
afterAll(() => server?.stop());

let callers = 0;
const caller = () => `+1555081${String((callers += 1)).padStart(4, '0')}`;
const AT = { SimulatedAt: '2026-11-23T15:00:00Z' };
const textsTo = async (to: string) => (await store.list(OUTBOX_MAP)).filter((item) => item.data.to === to);

describe('answered means a person talked on the leg Twilio bridged', () => {
  test("a phone's voicemail picks up first (hears the whisper, presses nothing), then the web app answers and talks: answered, no greeting, no text", async () => {
    const from = caller();
    const call = await ring(server, { callSid: legSid(), to: O.connectLine, from, extra: AT });
    await pickUp(server, call, `number:${O.alicePhone}`, { pressKey: false });
    await pickUp(server, call, 'client:out_alice_web', { pressKey: false });
    const after = await endDial(server, call, { bridgedTo: 'client:out_alice_web' });
    expect(verbsOf(after)).toEqual(['Hangup']);
    const record = await callLog.read(call.callSid);
    expect(record).toMatchObject({
      outcome: 'answered',
      dial: { answeredBy: 'client:out_alice_web', dialCallSid: call.legs.find((leg) => leg.label === 'client:out_alice_web')!.callSid },
    });
    // Both legs that picked up are on record, each under its own CallSid.
    expect(
      Object.values(record?.legs ?? {})
        .map((leg) => leg.leg)
        .sort(),
    ).toEqual(['client:out_alice_web', `number:${O.alicePhone}`]);
    expect(record?.textback).toBeUndefined();
    expect(await textsTo(from)).toEqual([]);
  });

  test('a phone leg that pressed a key is the answer, even when another picked up first', async () => {
    const call = await ring(server, { callSid: legSid(), to: O.connectLine, from: caller(), extra: AT });
    await pickUp(server, call, 'client:out_alice_web', { pressKey: false });
    expect(verbsOf((await pickUp(server, call, `number:${O.alicePhone}`, { pressKey: true }))!)).toEqual([]);
    expect(verbsOf(await endDial(server, call, { bridgedTo: `number:${O.alicePhone}` }))).toEqual(['Hangup']);
    expect(await callLog.read(call.callSid)).toMatchObject({ outcome: 'answered', dial: { answeredBy: `number:${O.alicePhone}` } });
  });

  test('bridged to a phone leg that pressed no key (with call connect): missed, greeting and text', async () => {
    const from = caller();
    const call = await ring(server, { callSid: legSid(), to: O.connectLine, from, extra: AT });
    await pickUp(server, call, `number:${O.alicePhone}`, { pressKey: false });
    const after = await endDial(server, call, { bridgedTo: `number:${O.alicePhone}` });
    expect(verbsOf(after)).toEqual(['Say', 'Record']);
    expect(await callLog.read(call.callSid)).toMatchObject({
      outcome: 'missed',
      dial: { reason: expect.stringMatching(/without a key press/) },
    });
    expect(await textsTo(from)).toHaveLength(1);
  });
});

describe('the steps after incoming-call follow the route the call was given', () => {
  test("a call that rang Alice at 21:59:50 and ends after closing gets Alice's greeting, not the after-hours route's", async () => {
    const call = await ring(server, {
      callSid: legSid(),
      to: O.connectLine,
      from: caller(),
      extra: { SimulatedAt: '2026-11-23T21:59:50Z' },
    });
    expect(call.legs.map((leg) => leg.label)).toContain(`number:${O.alicePhone}`);
    const after = await endDial(server, call, { status: 'no-answer' }, { SimulatedAt: '2026-11-23T22:00:30Z' });
    expect(after.children[0]).toMatchObject({ name: 'Say', text: "Alice's voicemail." });
    expect(await callLog.read(call.callSid)).toMatchObject({ dial: { outcome: 'missed', route: 'the callback URL' } });
  });

  test('a configuration change mid-call does not change the route: the number reassigned to Ben, the caller still gets Alice', async () => {
    const call = await ring(server, { callSid: legSid(), to: O.changeLine, from: caller(), extra: AT });
    const changed = structuredClone(BUNDLE);
    changed.workspaces[0]!.numbers![1]!.assignedUser = 'ben';
    writeFileSync(configFile, JSON.stringify(changed));
    try {
      const after = await endDial(server, call, { status: 'no-answer' });
      expect(after.children[0]).toMatchObject({ name: 'Say', text: "Alice's voicemail." });
    } finally {
      writeFileSync(configFile, JSON.stringify(BUNDLE));
    }
  });

  test('a dial-complete that carries no route reads it once from the call log', async () => {
    const call = await ring(server, {
      callSid: legSid(),
      to: O.connectLine,
      from: caller(),
      extra: { SimulatedAt: '2026-11-23T21:59:50Z' },
    });
    // The action with the route taken off (the call's place stays): where the log is, but not what it says.
    const action = new URL(call.action, 'http://functions.invalid');
    for (const carried of ['crRule', 'crConnect', 'crGreeting']) action.searchParams.delete(carried);
    const after = await endDial(
      server,
      { ...call, action: `${action.pathname}${action.search}` },
      { status: 'no-answer' },
      { SimulatedAt: '2026-11-23T22:00:30Z' },
    );
    expect(after.children[0]).toMatchObject({ name: 'Say', text: "Alice's voicemail." });
    expect(await callLog.read(call.callSid)).toMatchObject({ dial: { route: 'the call log' } });
  });
});

test("a truncated local state file counts as absent and is moved aside: the caller's missed call is texted", async () => {
  const from = caller();
  // The caller's text-back window, where the functions keep it: their shard of the workspace's window maps.
  const folder = join(stateDir, stateMapOf('callers', 'out', from));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${encodeURIComponent(`window:${from}`)}.json`);
  writeFileSync(file, '{"data":{"callSid":"CA');
  const call = await ring(server, { callSid: legSid(), to: O.connectLine, from, extra: AT });
  expect(verbsOf(await endDial(server, call, { status: 'no-answer' }))).toEqual(['Say', 'Record']);
  expect(await textsTo(from)).toHaveLength(1);
  expect(await callLog.read(call.callSid)).toMatchObject({ textback: { status: 'outbox' } });
  expect(existsSync(file)).toBe(true); // the new window claim, readable
  expect(readdirSync(folder).filter((name) => name.startsWith(`${encodeURIComponent(`window:${from}`)}.json.unreadable-`))).toHaveLength(1);
  expect(server.output()).toMatch(/could not be read; counted as absent and moved aside/);
});
