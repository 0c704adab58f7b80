// The whole inbound call under twilio-run, step by step as Twilio drives it, with signed requests and
// TwiML parsed as XML; what each step records is read back from the call log (the local state store).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHS } from '../../src/flows/urls';
import { FUNCTION_NAMES } from '../support/in-process';
import { LocalStateStore } from '../../src/state/local-store';
import { StateShards } from '../../src/state/shards';
import { callLogMap, callPlace } from '../../src/calls/call-log';
import { PRE_SHARD_MAPS } from '../../src/sync/pre-shard-migration';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { OVERRIDES, verbsOf, parseTwiml, type TwimlNode } from '../support/twiml';
import { FLOW, FLOW_BUNDLE, callSid } from './fixture';
import { callLogOf } from '../support/call-log';
import { driveCall } from '../support/drive-call';

const stateDir = mkdtempSync(join(tmpdir(), 'flow-state-'));
const store = new LocalStateStore(stateDir);
const callLog = callLogOf(store, ['flow']);
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: writeTempJson('flow.json', FLOW_BUNDLE), LOCAL_STATE_DIR: stateDir });
});
afterAll(() => server?.stop());

async function twiml(path: string, params: Record<string, string>): Promise<TwimlNode> {
  const response = await server.post(path, params);
  expect(response.status).toBe(200);
  return parseTwiml(response.body);
}
/** A callback URL as its path and its query parameters; every one carries Twilio's connection overrides. */
function urlParts(url: string | undefined): { path: string; query: Record<string, string> } {
  const parsed = new URL(url ?? '', 'http://functions.invalid');
  expect(parsed.hash).toBe(OVERRIDES);
  return { path: parsed.pathname, query: Object.fromEntries(parsed.searchParams) };
}
const incoming = (to: string, from = FLOW.dana, sid = callSid()) =>
  twiml('/incoming-call', { CallSid: sid, To: to, From: from, CallStatus: 'ringing' });

describe('incoming-call: each plan kind', () => {
  test('dial, with the announcement, recording, the whisper URL on phone legs and the dial-complete action', async () => {
    const sid = callSid();
    const response = await incoming(FLOW.connectLine, FLOW.dana, sid);
    expect(verbsOf(response)).toEqual(['Say', 'Dial']);
    const dial = response.children[1]!;
    expect(dial.attrs).toMatchObject({ record: 'record-from-answer-dual', answerOnBridge: 'true' });
    // Every callback of the call says where its log is: workspace flow, one shard of it.
    const place = { crWs: 'flow', crShard: expect.stringMatching(/^[0-7]$/) };
    // The route travels with the call: dial-complete follows it instead of deciding again; so does Dana's contact.
    const action = urlParts(dial.attrs.action);
    expect(action).toEqual({
      path: '/dial-complete',
      query: { crConnect: '1', crGreeting: 'user:ann', crRule: 'number-assigned-user', crContact: expect.any(String), ...place },
    });
    expect(JSON.parse(action.query.crContact!)).toEqual({
      phone: FLOW.dana,
      firstName: 'Dana',
      lastName: null,
      assignedUser: null,
      optedOut: false,
    });
    expect(urlParts(dial.attrs.recordingStatusCallback)).toEqual({
      path: '/recording-status',
      query: { crShard: action.query.crShard, crWs: 'flow' },
    });
    const number = dial.children.find((noun) => noun.name === 'Number')!;
    expect(urlParts(number.attrs.url)).toEqual({
      path: '/connect-whisper',
      query: {
        crCalled: FLOW.connectLine,
        crCaller: FLOW.dana,
        crContact: action.query.crContact,
        crShard: action.query.crShard,
        crWs: 'flow',
      },
    });
    expect(number.attrs).toMatchObject({ statusCallbackEvent: 'answered' });
    expect(urlParts(number.attrs.statusCallback)).toEqual({ path: '/leg-status', query: { crShard: action.query.crShard, crWs: 'flow' } });
    const client = dial.children.find((noun) => noun.name === 'Client')!;
    expect(client.attrs.url).toBeUndefined();
    expect(await callLog.readStep(sid, 'route')).toMatchObject({
      rule: 'number-assigned-user',
      action: 'dial',
      legs: ['client:flow_ann_web', `number:${FLOW.annPhone}`],
    });
  });

  test('a caller who is not a contact: carried as none, so no later step reads the contacts again', async () => {
    const response = await incoming(FLOW.connectLine, FLOW.stranger);
    expect(urlParts(response.children.find((verb) => verb.name === 'Dial')!.attrs.action).query.crContact).toBe('none');
  });

  test('recording off: no announcement and no record attribute', async () => {
    const response = await incoming(FLOW.plainLine);
    expect(verbsOf(response)).toEqual(['Dial']);
    expect(response.children[0]!.attrs.record).toBeUndefined();
  });

  test("voicemail: the rung user's audio greeting, then <Record> to voicemail-complete", async () => {
    const response = await incoming(FLOW.voicemailLine);
    expect(verbsOf(response)).toEqual(['Play', 'Record']);
    expect(response.children[0]!.text).toBe('https://example.com/ann.mp3');
    expect(response.children[1]!.attrs).toMatchObject({ maxLength: '90' });
    expect(urlParts(response.children[1]!.attrs.action)).toEqual({
      path: '/voicemail-complete',
      query: { crWs: 'flow', crShard: expect.stringMatching(/^[0-7]$/), crContact: expect.stringContaining('"firstName":"Dana"') },
    });
  });

  test('hangup (nothing to ring, no greeting) and reject (unknown number)', async () => {
    expect(verbsOf(await incoming(FLOW.bareLine))).toEqual(['Say', 'Hangup']);
    expect(verbsOf(await incoming('+15550699999'))).toEqual(['Reject']);
  });
});

describe('connect-whisper', () => {
  const whisperPath = `/connect-whisper?crCalled=${encodeURIComponent(FLOW.connectLine)}&crCaller=${encodeURIComponent(FLOW.dana)}`;
  const legParams = (parent: string) => ({
    CallSid: callSid(),
    ParentCallSid: parent,
    To: FLOW.annPhone,
    From: FLOW.connectLine,
    CallStatus: 'in-progress',
  });

  test('the whisper, custom values rendered, inside a one-digit <Gather>; no key hangs up this leg only', async () => {
    const parent = callSid();
    const response = await twiml(whisperPath, legParams(parent));
    expect(verbsOf(response)).toEqual(['Gather', 'Hangup']);
    const gather = response.children[0]!;
    // Its URL carried no place: the key press goes where the parent call's log is, its shard of the called number's workspace.
    const { shard } = callPlace(new StateShards(), 'flow', parent);
    expect(gather.attrs).toMatchObject({ numDigits: '1' });
    expect(urlParts(gather.attrs.action)).toEqual({
      path: '/connect-whisper',
      query: { crCalled: FLOW.connectLine, crCaller: FLOW.dana, crStep: 'answer', crWs: 'flow', crShard: String(shard) },
    });
    expect(gather.children[0]).toMatchObject({ name: 'Say', text: 'Call for Connect line from Dana. Press any key.' });
    expect(await callLog.read(parent)).toBeNull();
  });

  test('an unknown caller hears the fallback, never braces', async () => {
    const path = `/connect-whisper?crCalled=${encodeURIComponent(FLOW.connectLine)}&crCaller=anonymous`;
    const response = await twiml(path, legParams(callSid()));
    expect(response.children[0]!.children[0]!.text).toBe('Call for Connect line from a new caller. Press any key.');
  });

  test("a key press records the acceptance under that leg's CallSid and bridges", async () => {
    const parent = callSid();
    const leg = legParams(parent);
    const response = await twiml(`${whisperPath}&crStep=answer`, { ...leg, Digits: '1' });
    expect(verbsOf(response)).toEqual([]);
    expect((await callLog.read(parent))?.accepts).toEqual({
      [leg.CallSid]: expect.objectContaining({ leg: `number:${FLOW.annPhone}`, legCallSid: leg.CallSid }),
    });
    // Its URL carried no place: not the map of before sharding, but the parent call's shard of workspace flow.
    const place = callPlace(new StateShards(), 'flow', parent);
    expect((await store.list(callLogMap(place), `${parent}:`)).map((item) => item.key)).toEqual([`${parent}:accept:${leg.CallSid}`]);
    expect(await store.list(PRE_SHARD_MAPS.calls, `${parent}:`)).toEqual([]);
  });
});

describe('dial-complete', () => {
  type Case = {
    line: string;
    status: string;
    bridged: boolean;
    accepted?: boolean;
    appAnswered?: boolean;
    callerGone?: boolean;
    expect: 'answered' | 'voicemail' | 'gone';
  };
  const cases: Case[] = [
    // Call connect on (the connect line): bridged counts only with a key press, or an app leg.
    { line: FLOW.connectLine, status: 'completed', bridged: true, accepted: true, expect: 'answered' },
    { line: FLOW.connectLine, status: 'completed', bridged: true, accepted: false, expect: 'voicemail' },
    { line: FLOW.connectLine, status: 'completed', bridged: true, appAnswered: true, expect: 'answered' },
    { line: FLOW.connectLine, status: 'no-answer', bridged: false, expect: 'voicemail' },
    // Call connect off (the plain line): bridged is answered.
    { line: FLOW.plainLine, status: 'completed', bridged: true, expect: 'answered' },
    { line: FLOW.plainLine, status: 'answered', bridged: true, expect: 'answered' },
    ...(['completed', 'answered', 'no-answer', 'busy', 'failed', 'canceled'] as const).map((status) => ({
      line: FLOW.plainLine,
      status,
      bridged: false,
      expect: 'voicemail' as const,
    })),
    { line: FLOW.plainLine, status: 'no-answer', bridged: false, callerGone: true, expect: 'gone' },
  ];

  test.each(
    cases.map(
      (c) =>
        [
          `${c.line === FLOW.connectLine ? 'connect' : 'plain'} ${c.status} bridged=${c.bridged}${c.accepted !== undefined ? ` accepted=${c.accepted}` : ''}${c.appAnswered ? ' app' : ''}${c.callerGone ? ' caller gone' : ''}`,
          c,
        ] as const,
    ),
  )('%s', async (_title, c) => {
    const sid = callSid();
    const bridgedLeg = callSid();
    // dial-complete is asked at the <Dial action> incoming-call named (with the call's route and place).
    const dialAction = (await incoming(c.line, FLOW.dana, sid)).children.find((verb) => verb.name === 'Dial')!.attrs.action!;
    // The bridged leg's own records, as leg-status and the whisper write them.
    const leg = c.appAnswered ? 'client:flow_ann_web' : `number:${FLOW.annPhone}`;
    if (c.bridged) await callLog.writeLeg(sid, 'leg', { at: 'now', leg, legCallSid: bridgedLeg });
    if (c.accepted) await callLog.writeLeg(sid, 'accept', { at: 'now', leg, legCallSid: bridgedLeg });
    const response = await twiml(dialAction, {
      ...(c.bridged ? { DialCallSid: bridgedLeg } : {}),
      CallSid: sid,
      To: c.line,
      From: FLOW.dana,
      CallStatus: c.callerGone ? 'completed' : 'in-progress',
      DialCallStatus: c.status,
      DialBridged: String(c.bridged),
    });
    const dial = await callLog.readStep<{ outcome: string; reason: string }>(sid, 'dial');
    if (c.expect === 'answered') {
      expect(verbsOf(response)).toEqual(['Hangup']);
      expect(dial).toMatchObject({ outcome: 'answered' });
    } else if (c.expect === 'gone') {
      expect(verbsOf(response)).toEqual(['Hangup']);
      expect(dial).toMatchObject({ outcome: 'missed', reason: 'the caller hung up' });
    } else {
      expect(verbsOf(response)).toEqual([c.line === FLOW.connectLine ? 'Play' : 'Say', 'Record']);
      expect(urlParts(response.children[1]!.attrs.action)).toEqual({
        path: '/voicemail-complete',
        query: { crWs: 'flow', crShard: urlParts(dialAction).query.crShard, crContact: urlParts(dialAction).query.crContact },
      });
      expect(dial).toMatchObject({ outcome: 'missed' });
    }
  });

  test.each([
    ["the rung user's audio greeting", FLOW.connectLine, 'Play', 'https://example.com/ann.mp3'],
    ["the rung user's text greeting", FLOW.plainLine, 'Say', "Ben's voicemail."],
    ["a ring group: the company's greeting", FLOW.groupLine, 'Say', 'Flow Co voicemail.'],
  ])('voicemail greeting precedence: %s', async (_title, line, verb, content) => {
    const sid = callSid();
    const response = await twiml('/dial-complete', {
      CallSid: sid,
      To: line,
      From: FLOW.stranger,
      CallStatus: 'in-progress',
      DialCallStatus: 'no-answer',
      DialBridged: 'false',
    });
    expect(response.children[0]).toMatchObject({ name: verb, text: content });
  });
});

describe('voicemail and recording callbacks', () => {
  test('voicemail-complete keeps the recording URL in the call log and ends the call', async () => {
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Recordings/RE123';
    const call = await driveCall(server, { to: FLOW.voicemailLine, from: FLOW.dana }, 'voicemail', {
      recording: { url, durationSeconds: 12 },
    });
    expect(verbsOf(call.recorded!.twiml)).toEqual(['Say', 'Hangup']);
    const record = await callLog.read(call.callSid);
    expect(record).toMatchObject({ outcome: 'missed', voicemail: { recordingUrl: url, durationSeconds: 12 } });
  });

  test('recording-status keeps the call recording URL (a callback with no place and no To: its shard of no workspace)', async () => {
    const sid = callSid();
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Recordings/RE456';
    expect(
      verbsOf(await twiml('/recording-status', { CallSid: sid, RecordingUrl: url, RecordingStatus: 'completed', RecordingDuration: '95' })),
    ).toEqual([]);
    expect(await callLog.readStep(sid, 'recording')).toMatchObject({ recordingUrl: url, durationSeconds: 95 });
    expect(await store.list(callLogMap(callPlace(new StateShards(), null, sid)), `${sid}:`)).toHaveLength(1);
    expect(await store.list(PRE_SHARD_MAPS.calls, `${sid}:`)).toEqual([]);
  });

  test("a voicemail-complete whose URL carries no place (dial-complete's fallback) writes to the call's shard of its workspace", async () => {
    const sid = callSid();
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Recordings/RE457';
    const response = await twiml('/voicemail-complete', {
      CallSid: sid,
      To: FLOW.plainLine,
      From: FLOW.dana,
      RecordingUrl: url,
      RecordingDuration: '12',
    });
    expect(verbsOf(response)).toEqual(['Say', 'Hangup']);
    const keys = (await store.list(callLogMap(callPlace(new StateShards(), 'flow', sid)), `${sid}:`)).map((item) => item.key);
    expect(keys).toContain(`${sid}:voicemail`);
    expect(await store.list(PRE_SHARD_MAPS.calls, `${sid}:`)).toEqual([]);
  });
});

describe('outbound-call from the apps', () => {
  test("from the user's number's verified caller ID, with its outbound timeout and recording", async () => {
    const response = await twiml('/outbound-call', { CallSid: callSid(), From: 'client:flow_ann_web', To: '+15557654321' });
    expect(verbsOf(response)).toEqual(['Say', 'Dial']);
    expect(response.children[1]!.attrs).toMatchObject({
      callerId: FLOW.verifiedCallerId,
      timeout: '25',
      record: 'record-from-answer-dual',
    });
    expect(response.children[1]!.children[0]).toMatchObject({ name: 'Number', text: '+15557654321' });
  });

  test("a user with no number of their own calls from the workspace's number; blank timeout means 60 s; no recording", async () => {
    const response = await twiml('/outbound-call', { CallSid: callSid(), From: 'client:bare_zed_web', To: '+15557654321' });
    expect(response.children[0]!.attrs).toMatchObject({ callerId: FLOW.bareLine, timeout: '60' });
    expect(response.children[0]!.attrs.record).toBeUndefined();
  });

  test.each([
    ['a number without a country code', { From: 'client:flow_ann_web', To: '5557654321' }],
    ['an identity that is not ours', { From: 'client:intruder', To: '+15557654321' }],
    ['a user who does not exist', { From: 'client:flow_nobody_web', To: '+15557654321' }],
  ])('refuses %s with a spoken reason', async (_title, params) => {
    expect(verbsOf(await twiml('/outbound-call', { CallSid: callSid(), ...params }))).toEqual(['Say', 'Hangup']);
  });
});

describe('signatures', () => {
  const params = () => ({ CallSid: callSid(), To: FLOW.plainLine, From: FLOW.dana });
  const forged: [string, (p: Record<string, string>) => Promise<{ status: number; body: string }>][] = [
    ['missing', (p) => server.post('/incoming-call', p, { signature: null })],
    ['signed with the wrong token', (p) => server.post('/incoming-call', p, { authToken: 'not-the-token' })],
    ['garbage', (p) => server.post('/incoming-call', p, { signature: 'AAAA' })],
    [
      'replayed to another URL',
      async (p) => {
        const signedFor = await import('twilio').then((t) =>
          t.default.getExpectedTwilioSignature('test-auth-token-0123456789abcdef', `${server.baseUrl}/dial-complete`, p),
        );
        return server.post('/incoming-call', p, { signature: signedFor });
      },
    ],
    [
      'with a parameter altered after signing',
      async (p) => {
        const twilio = (await import('twilio')).default;
        const signature = twilio.getExpectedTwilioSignature('test-auth-token-0123456789abcdef', `${server.baseUrl}/incoming-call`, p);
        return server.post('/incoming-call', { ...p, From: FLOW.stranger }, { signature });
      },
    ],
  ];
  let refused = 0;
  afterAll(() => console.log(`signatures: ${refused} of ${forged.length} forged variants refused with 403`));

  test.each(forged)('%s: 403, and nothing is written', async (_title, send) => {
    const p = params();
    const response = await send(p);
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('<Response>');
    expect(await callLog.read(p.CallSid)).toBeNull();
    refused += 1;
  });

  test('every function refuses an unsigned request', async () => {
    // PATHS names every function there is, so none is left out here.
    expect(
      Object.values(PATHS)
        .map((path) => path.slice(1))
        .sort(),
    ).toEqual(FUNCTION_NAMES);
    for (const path of Object.values(PATHS)) {
      expect({ path, status: (await server.post(path, params(), { signature: null })).status }).toEqual({ path, status: 403 });
    }
  });
});

describe('malformed requests get valid TwiML, never a 500', () => {
  test.each([
    ['dial-complete with no parameters', '/dial-complete', {}],
    [
      'dial-complete with nonsense values',
      '/dial-complete',
      { CallSid: 'not-a-sid', To: FLOW.plainLine, DialCallStatus: 'weird', DialBridged: 'maybe' },
    ],
    ['connect-whisper without its query', '/connect-whisper', { CallSid: callSid(), To: FLOW.annPhone }],
    [
      'a key press with no digits for an unknown number',
      '/connect-whisper?crCalled=%2B15550699999&crCaller=x&crStep=answer',
      { Digits: '' },
    ],
    [
      'voicemail-complete with a hostile URL and no duration',
      '/voicemail-complete',
      { RecordingUrl: 'javascript:alert(1)', RecordingDuration: 'NaN' },
    ],
    ['leg-status with an empty To', '/leg-status', { CallStatus: 'in-progress', To: '' }],
    ['outbound-call with no parameters', '/outbound-call', {}],
    ['incoming-call with a 10,000-character From', '/incoming-call', { To: FLOW.plainLine, From: 'x'.repeat(10_000) }],
  ])('%s', async (_title, path, params) => {
    const response = await server.post(path, params as Record<string, string>);
    expect(response.status).toBe(200);
    parseTwiml(response.body);
  });
});
