// Answered is answered, withheld is withheld (issue 18), through the functions served by twilio-run with signed
// requests, in local mode (texts land in the outbox, the call log in the local state folder):
// - the <Dial action> in every shape Twilio's docs allow (DialBridged true, false or left out; each DialCallStatus;
//   DialCallSid and DialCallDuration there or not): a caller who talked hears no greeting and gets no text, and the
//   user who answered gets no missed-call notice, also once Twilio's status callback comes;
// - sms-textback texts only a call its log says was missed, and refuses an answered, ringing or rejected one;
// - Twilio's placeholders for a withheld caller ID (+266696687 is ANONYMOUS on a keypad) and a From that cannot be
//   a number are withheld callers: shown as the called number, never texted, never named in a notice, and counted
//   by the abuse guard each under its own placeholder, apart from real numbers; a fictional 555-01xx caller is not.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInput } from '../../src/config/types';
import { dialCompleteFallback } from '../../src/flows/dial-complete';
import { CallLog, callPlace } from '../../src/calls/call-log';
import { createStepLog } from '../../src/log/step-log';
import { LocalStateStore } from '../../src/state/local-store';
import { StateShards } from '../../src/state/shards';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { callLogOf } from '../support/call-log';
import { runCli } from '../support/cli';
import { callOver, type DialedCall, driveCall, legOf, legSid, pickUp, postDialAction, ring, send, verbsOf } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml } from '../support/twiml';

const A = {
  plainLine: '+15550950100',
  connectLine: '+15550950101',
  inactiveLine: '+15550950102',
  guardLine: '+15550960100',
  annPhone: '+15550950002',
  benPhone: '+15550950003',
  gusPhone: '+15550960002',
};

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'aw',
      name: 'Answered Co',
      // Each test calls from its own number; the abuse guard is tested below, in a workspace of its own.
      inbound: { maxCallsPerCallerPerMinute: 0 },
      voicemail: { greetingText: 'Answered Co voicemail.' },
      textBack: { enabled: true, windowMinutes: 20 },
      users: [
        { id: 'ann', name: 'Ann', phone: A.annPhone, webApp: true, voicemail: { greetingText: "Ann's voicemail." } },
        { id: 'ben', name: 'Ben', phone: A.benPhone, voicemail: { greetingText: "Ben's voicemail." } },
      ],
      numbers: [
        { number: A.plainLine, name: 'Plain line', assignedUser: 'ben' },
        {
          number: A.connectLine,
          name: 'Connect line',
          assignedUser: 'ann',
          callConnect: { enabled: true, whisper: 'Call for {{number.name}} from {{call.from | a withheld number}}. Press any key.' },
        },
        { number: A.inactiveLine, name: 'Old line', status: 'inactive' },
      ],
    },
    {
      id: 'guard',
      name: 'Guard Co',
      inbound: { maxCallsPerCallerPerMinute: 2 },
      users: [{ id: 'gus', name: 'Gus', phone: A.gusPhone }],
      numbers: [{ number: A.guardLine, name: 'Guard line', assignedUser: 'gus' }],
    },
  ],
};

const stateDir = mkdtempSync(join(tmpdir(), 'answered-withheld-'));
const configFile = writeTempJson('answered-withheld.json', BUNDLE);
const store = new LocalStateStore(stateDir);
const callLog = callLogOf(store, ['aw', 'guard']);
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: configFile, LOCAL_STATE_DIR: stateDir, ALLOW_SIMULATED_CLOCK: 'true' });
});
afterAll(() => server?.stop());

let callers = 0;
/** A fresh caller for each call (555-09xx: fictional, and possible; none of the workspace's own phones). */
const caller = () => `+1555097${String((callers += 1)).padStart(4, '0')}`;
const textsTo = async (to: string) =>
  (await store.list(OUTBOX_MAP)).map((item) => item.data as { to: string; body: string }).filter((text) => text.to === to);
/** Twilio's status callback on the number, when the call is over. */
const callIsOver = (call: DialedCall) => send(server, callOver(call));

describe('the <Dial action> in every shape Twilio sends it', () => {
  type Pick = 'phone-key' | 'phone-no-key' | 'app';
  interface Shape {
    line: 'plain' | 'connect';
    status: string;
    /** DialBridged as sent; undefined: left out. */
    bridged?: 'true' | 'false';
    /** Who picked up (and is named by DialCallSid); none: nobody, and no DialCallSid. */
    pick?: Pick;
    duration?: boolean;
    callerGone?: boolean;
    expect: 'answered' | 'missed';
  }
  const NOT_CONNECTED = ['no-answer', 'busy', 'failed', 'canceled'] as const;
  const shapes: Shape[] = [
    // Call connect off: a person who picked up and was connected talked.
    { line: 'plain', status: 'completed', pick: 'phone-key', duration: true, expect: 'answered' },
    { line: 'plain', status: 'completed', pick: 'phone-key', duration: false, expect: 'answered' },
    { line: 'plain', status: 'answered', pick: 'phone-key', duration: true, expect: 'answered' },
    { line: 'plain', status: 'answered', expect: 'answered' },
    { line: 'plain', status: 'completed', expect: 'answered' },
    { line: 'plain', status: 'completed', bridged: 'true', pick: 'phone-key', duration: true, expect: 'answered' },
    { line: 'plain', status: 'answered', bridged: 'true', pick: 'phone-key', duration: true, expect: 'answered' },
    // DialBridged false: a leg picked up but the caller was never connected to it.
    { line: 'plain', status: 'completed', bridged: 'false', expect: 'missed' },
    { line: 'plain', status: 'answered', bridged: 'false', expect: 'missed' },
    ...NOT_CONNECTED.flatMap((status): Shape[] => [
      { line: 'plain', status, expect: 'missed' },
      { line: 'plain', status, bridged: 'false', expect: 'missed' },
    ]),
    { line: 'plain', status: 'no-answer', callerGone: true, expect: 'missed' },
    { line: 'plain', status: 'canceled', callerGone: true, expect: 'missed' },
    // Call connect on: the key press decides; an app leg needs none.
    { line: 'connect', status: 'completed', pick: 'phone-key', duration: true, expect: 'answered' },
    { line: 'connect', status: 'answered', pick: 'phone-key', expect: 'answered' },
    { line: 'connect', status: 'completed', pick: 'app', duration: true, expect: 'answered' },
    { line: 'connect', status: 'completed', pick: 'phone-no-key', duration: true, expect: 'missed' },
    { line: 'connect', status: 'completed', bridged: 'true', pick: 'phone-no-key', duration: true, expect: 'missed' },
    { line: 'connect', status: 'no-answer', expect: 'missed' },
  ];
  const title = (s: Shape) =>
    `${s.line} line, ${s.status}, DialBridged ${s.bridged ?? 'absent'}, ${s.pick ? `${s.pick} (DialCallSid)` : 'nobody named'}${s.duration ? ', DialCallDuration' : ''}${s.callerGone ? ', caller gone' : ''}: ${s.expect}`;

  test.each(shapes.map((shape) => [title(shape), shape] as const))('%s', async (_title, shape) => {
    const line = shape.line === 'plain' ? A.plainLine : A.connectLine;
    const user =
      shape.line === 'plain'
        ? { id: 'ben', phone: A.benPhone, greeting: "Ben's voicemail." }
        : { id: 'ann', phone: A.annPhone, greeting: "Ann's voicemail." };
    const from = caller();
    const call = await ring(server, { callSid: legSid(), to: line, from });
    const label = shape.pick === 'app' ? 'client:aw_ann_web' : `number:${user.phone}`;
    if (shape.pick) await pickUp(server, call, label, { pressKey: shape.pick === 'phone-key' });
    const answer = await postDialAction(
      server,
      call,
      {
        DialCallStatus: shape.status,
        DialBridged: shape.bridged,
        DialCallSid: shape.pick ? legOf(call, label).callSid : undefined,
        DialCallDuration: shape.duration ? '42' : undefined,
      },
      shape.callerGone ? 'completed' : 'in-progress',
    );
    const noticesBefore = (await textsTo(user.phone)).length;
    await callIsOver(call);
    const record = await callLog.read(call.callSid);
    const notices = Object.keys(record?.notices ?? {}).filter((id) => id.startsWith('missed-call:'));
    if (shape.expect === 'answered') {
      expect(verbsOf(answer)).toEqual(['Hangup']);
      expect(record).toMatchObject({ outcome: 'answered' });
      expect(record?.textback).toBeUndefined();
      expect(await textsTo(from)).toEqual([]);
      expect(notices).toEqual([]);
      expect((await textsTo(user.phone)).length).toBe(noticesBefore);
    } else {
      // Missed: the greeting while the caller is there, one text-back, and the rung user told once the call is over.
      expect(verbsOf(answer)).toEqual(shape.callerGone ? ['Hangup'] : ['Say', 'Record']);
      if (!shape.callerGone) expect(answer.children[0]!.text).toBe(user.greeting);
      expect(record).toMatchObject({ outcome: 'missed', textback: { status: 'outbox' } });
      expect((await textsTo(from)).map((text) => text.body)).toEqual([expect.stringContaining('Sorry we missed your call')]);
      expect(notices).toEqual([`missed-call:${user.id}`]);
      expect((await textsTo(user.phone)).filter((text) => text.body.includes(from))).toEqual([
        expect.objectContaining({ body: expect.stringMatching(/^Missed call from \+1555097/) }),
      ]);
    }
  });
});

test("dial-complete's fallback (the step failed) never greets a caller who talked: no DialBridged and completed ends the call", () => {
  const fallback = (params: Record<string, string>) =>
    verbsOf(parseTwiml(String(dialCompleteFallback({ env: undefined, params: { CallStatus: 'in-progress', ...params } }).reply)));
  expect(fallback({ DialCallStatus: 'completed' })).toEqual(['Hangup']);
  expect(fallback({ DialCallStatus: 'answered' })).toEqual(['Hangup']);
  expect(fallback({ DialCallStatus: 'completed', DialBridged: 'false' })).toEqual(['Say', 'Record']);
  expect(fallback({ DialCallStatus: 'no-answer' })).toEqual(['Say', 'Record']);
});

describe('sms-textback texts only a call its log says was missed', () => {
  const retry = async (callSid: string) => {
    const response = await server.post('/sms-textback', { CallSid: callSid });
    return { status: response.status, json: JSON.parse(response.body) as Record<string, unknown> };
  };

  test('an answered call (DialBridged left out): refused as answered, nothing sent', async () => {
    const call = await ring(server, { callSid: legSid(), to: A.plainLine, from: caller() });
    await pickUp(server, call, `number:${A.benPhone}`, { pressKey: true });
    await postDialAction(server, call, {
      DialCallStatus: 'completed',
      DialCallSid: legOf(call, `number:${A.benPhone}`).callSid,
      DialCallDuration: '30',
    });
    expect(await retry(call.callSid)).toEqual({
      status: 409,
      json: { status: 'refused', reason: 'answered', detail: expect.stringContaining('was answered') },
    });
    expect(await textsTo(call.from)).toEqual([]);
    expect(await callLog.readStep(call.callSid, 'textback')).toBeNull();
  });

  test('a call still ringing: refused as in progress, nothing sent', async () => {
    const call = await ring(server, { callSid: legSid(), to: A.plainLine, from: caller() });
    expect(await retry(call.callSid)).toEqual({
      status: 409,
      json: { status: 'refused', reason: 'in-progress', detail: expect.stringContaining('not over yet') },
    });
    expect(await textsTo(call.from)).toEqual([]);
  });

  test('a rejected call (an inactive number): refused as rejected, nothing sent', async () => {
    const from = caller();
    const callSid = legSid();
    const rejected = parseTwiml(
      (await server.post('/incoming-call', { CallSid: callSid, To: A.inactiveLine, From: from, CallStatus: 'ringing' })).body,
    );
    expect(verbsOf(rejected)).toEqual(['Reject']);
    expect(await retry(callSid)).toEqual({
      status: 409,
      json: { status: 'refused', reason: 'rejected', detail: expect.stringContaining('was rejected') },
    });
    expect(await textsTo(from)).toEqual([]);
  });

  test("a missed call whose end was never recorded (the dial's entry lost) but whose text-back was attempted: the retry sends", async () => {
    const call = await ring(server, { callSid: legSid(), to: A.plainLine, from: caller() });
    // What a dial-complete leaves when the store fails between its writes: the text-back's outcome, no dial entry.
    await new CallLog(store, createStepLog('test'), callPlace(new StateShards(), 'aw', call.callSid), 3600).write(
      call.callSid,
      'textback',
      { status: 'failed', reason: 'error', detail: 'the store failed', to: call.from, from: A.plainLine },
    );
    expect(await retry(call.callSid)).toEqual({ status: 200, json: expect.objectContaining({ status: 'outbox', to: call.from }) });
    expect(await textsTo(call.from)).toHaveLength(1);
  });

  test('a missed call: retried as before (already sent once, nothing more)', async () => {
    const call = await driveCall(server, { to: A.plainLine, from: caller() }, 'missed');
    expect(await textsTo(call.from)).toHaveLength(1);
    expect(await retry(call.callSid)).toEqual({
      status: 200,
      json: expect.objectContaining({ status: 'skipped', reason: 'already-sent' }),
    });
    expect(await textsTo(call.from)).toHaveLength(1);
  });

  test('"send a test" (the console\'s Send Test, `npm run textback -- test`) still sends, but never to a withheld placeholder', async () => {
    const tester = caller();
    const sent = await server.post('/sms-textback', { Mode: 'test', Workspace: 'aw', To: tester });
    expect(JSON.parse(sent.body)).toMatchObject({ status: 'outbox', to: tester, from: A.plainLine });
    expect(await textsTo(tester)).toHaveLength(1);
    const refused = await server.post('/sms-textback', { Mode: 'test', Workspace: 'aw', To: '+266696687' });
    expect(JSON.parse(refused.body)).toMatchObject({ status: 'skipped', reason: 'withheld' });
    expect(await textsTo('+266696687')).toEqual([]);

    const cli = await runCli('textback', ['test', '--workspace', 'aw', '--to', '+7378742833', '--config', configFile], {
      LOCAL_STATE_DIR: stateDir,
    });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('Not sent');
    expect(await textsTo('+7378742833')).toEqual([]);
    const cliTester = caller();
    const cliSent = await runCli('textback', ['test', '--workspace', 'aw', '--to', cliTester, '--config', configFile], {
      LOCAL_STATE_DIR: stateDir,
    });
    expect(cliSent.code).toBe(0);
    expect(await textsTo(cliTester)).toHaveLength(1);
  });
});

describe('withheld callers', () => {
  // Twilio's placeholders (keypad spellings of the words), the words themselves, and a From that cannot be a number.
  const WITHHELD = ['+266696687', '+7378742833', '+86282452253', '+8656696', '+2562533', 'anonymous', 'Restricted', '+12345'];

  test.each(WITHHELD)('%s: shown as the called number, no text-back, and the notice says "a withheld number"', async (from) => {
    const call = await driveCall(server, { to: A.plainLine, from }, 'missed');
    expect(call.dial!.attrs.callerId).toBe(A.plainLine);
    expect(verbsOf(call.dialed!.twiml)).toEqual(['Say', 'Record']);
    await callIsOver(call);
    const record = await callLog.read(call.callSid);
    expect(record).toMatchObject({ outcome: 'missed', textback: { status: 'skipped', reason: 'withheld' } });
    expect(await textsTo(from)).toEqual([]);
    const notice = record?.notices?.['missed-call:ben'] as { status: string; body: string } | undefined;
    expect(notice).toMatchObject({
      status: 'outbox',
      body: expect.stringMatching(/^Missed call from a withheld number to Plain line \(\+15550950100\)/),
    });
    // The placeholder's digits appear nowhere in it.
    expect(notice!.body).not.toContain(from.replace(/^\+/, ''));
  });

  test.each([
    ['+266696687', 'a withheld number'],
    ['+12345', 'a withheld number'],
    ['+15550100278', '+15550100278'],
  ])('the whisper for a call from %s says "from %s"', async (from, said) => {
    const call = await ring(server, { callSid: legSid(), to: A.connectLine, from });
    const leg = legOf(call, `number:${A.annPhone}`);
    const whisper = parseTwiml(
      (
        await server.post(leg.noun.attrs.url!, {
          CallSid: leg.callSid,
          ParentCallSid: call.callSid,
          To: A.annPhone,
          From: A.connectLine,
          CallStatus: 'in-progress',
        })
      ).body,
    );
    expect(whisper.children[0]!.children[0]!.text).toBe(`Call for Connect line from ${said}. Press any key.`);
  });

  test.each(['constructor', '__proto__'])(
    'a From of %j (a name objects inherit) is a withheld caller, routed as the number says, never the fallback',
    async (from) => {
      const call = await ring(server, { callSid: legSid(), to: A.plainLine, from });
      // Routed (the number's own caller ID shown, as for every withheld caller), not the step's fallback after a throw.
      expect(call.twiml.children.find((verb) => verb.name === 'Dial')!.attrs.callerId).toBe(A.plainLine);
      expect(await callLog.read(call.callSid)).toMatchObject({ route: { from } });
      expect((await callLog.read(call.callSid))?.fault).toBeUndefined();
    },
  );

  test('a fictional 555-01xx caller (possible, not "valid") is a caller: shown, texted back and named', async () => {
    const from = '+15550100277';
    const call = await driveCall(server, { to: A.plainLine, from }, 'missed');
    expect(call.dial!.attrs.callerId).toBe(from);
    await callIsOver(call);
    expect(await textsTo(from)).toHaveLength(1);
    expect((await callLog.read(call.callSid))?.notices?.['missed-call:ben']).toMatchObject({
      body: expect.stringContaining(`Missed call from ${from} to Plain line`),
    });
  });

  test('the abuse guard counts each placeholder apart (a placeholder and its word are one), and never with a real number', async () => {
    // One minute for every call (the guard counts per minute), derived from the clock the functions run on.
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 5_000).toISOString();
    const answer = async (from: string) => {
      const response = await server.post('/incoming-call', {
        CallSid: legSid(),
        To: A.guardLine,
        From: from,
        CallStatus: 'ringing',
        SimulatedAt: at,
      });
      return verbsOf(parseTwiml(response.body))[0];
    };
    const sequence: [string, string][] = [];
    for (const from of [
      '+266696687',
      '+266696687',
      'anonymous',
      '+7378742833',
      'Restricted',
      '+15550960299',
      '+15550960299',
      '+7378742833',
      '+8656696',
    ]) {
      sequence.push([from, (await answer(from))!]);
    }
    // The limit is 2 calls a minute: ANONYMOUS's third (as the word) is turned away; RESTRICTED, UNKNOWN and the real
    // number each have counts of their own.
    expect(sequence).toEqual([
      ['+266696687', 'Dial'],
      ['+266696687', 'Dial'],
      ['anonymous', 'Reject'],
      ['+7378742833', 'Dial'],
      ['Restricted', 'Dial'],
      ['+15550960299', 'Dial'],
      ['+15550960299', 'Dial'],
      ['+7378742833', 'Reject'],
      ['+8656696', 'Dial'],
    ]);
    expect(server.output()).toMatch(/abuse guard: a withheld caller \(anonymous\) called guard more than 2 times this minute/);
  });
});
