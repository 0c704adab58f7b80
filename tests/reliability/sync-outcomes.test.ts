// Every call gets the right outcome when Sync fails (issue 11), in Sync mode against the Twilio API double
// (behind Prism): a bridged, accepted call is never greeted, recorded or texted because Sync could not be
// read; a key press survives one failed write; text-back claims are released on every error so a retry
// sends exactly one; the call log keeps the real text-back outcome; and every step answers while Sync hangs,
// asking it at most once per kind of object (one time budget per request, one breaker).
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { SyncStateStore } from '../../src/sync/state-store';
import {
  bridgedDial,
  callIn,
  type DialedCall,
  endDial,
  legOf,
  legSid,
  messageLeft,
  pickUp,
  ring,
  type TwilioRequest,
  unansweredDial,
  verbsOf,
} from '../support/drive-call';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi, type FaultKind } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml } from '../support/twiml';
import { callLogOf } from '../support/call-log';

const api = useTwilioApi({ clearFaults: true });

const S = {
  connectLine: '+15550900100',
  plainLine: '+15550900101',
  coldLine: '+15550900102',
  amyPhone: '+15550900002',
  fallback: '+15550900001',
};

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'so',
      name: 'Sync Outcomes Co',
      inbound: { maxCallsPerCallerPerMinute: 0 },
      voicemail: { greetingText: 'Sync Outcomes voicemail.' },
      textBack: { enabled: true, windowMinutes: 20 },
      users: [{ id: 'amy', name: 'Amy', phone: S.amyPhone, webApp: true }],
      numbers: [
        { number: S.connectLine, name: 'Connect line', assignedUser: 'amy', callConnect: { enabled: true } },
        { number: S.plainLine, name: 'Plain line', assignedUser: 'amy' },
        { number: S.coldLine, name: 'Cold line', assignedUser: 'amy' },
      ],
    },
  ],
};

/** Waits as long as SYNC_TIMEOUT_MS allows for each Sync answer (a loaded machine never passes for a fault). */
let server: FunctionsServer;
/** The default SYNC_TIMEOUT_MS (1500 ms), for the tests where Sync hangs: each hung request is waited out. */
let hurried: FunctionsServer;
let callLog: ReturnType<typeof callLogOf>;
const serverFor = (kind: FaultKind) => (kind === 'hang' ? hurried : server);

beforeAll(async () => {
  const serviceSid = await serviceWithBundle(api, parseBundle(BUNDLE));
  callLog = callLogOf(new SyncStateStore(gatewayFor(api, serviceSid)), ['so']);
  // Warm containers (functions stay loaded).
  const env = { ...syncEnv(api, serviceSid), FALLBACK_NUMBER: S.fallback };
  [server, hurried] = await Promise.all([
    startFunctions(env, { forkProcess: false, extraArgs: ['--no-live'] }),
    startFunctions({ ...env, SYNC_TIMEOUT_MS: '' }, { forkProcess: false, extraArgs: ['--no-live'] }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), hurried?.stop()]));

let callers = 0;
const caller = () => `+1555091${String((callers += 1)).padStart(4, '0')}`;
const hangSync = () => api.double.faults.set({ kind: 'hang', product: 'sync' });

/** A call on the connect line whose phone leg picked up and pressed a key: what remains is the <Dial action>. */
async function acceptedCall(from = caller(), on: FunctionsServer = server): Promise<DialedCall> {
  const call = await ring(on, { callSid: legSid(), to: S.connectLine, from });
  await pickUp(on, call, `number:${S.amyPhone}`, { pressKey: true });
  return call;
}

describe('when the call log cannot be read or written', () => {
  test('one failed read of the key press: still answered', async () => {
    const call = await acceptedCall();
    // dial-complete reads the call's legs and key presses in one listing of its items (a GET of the map's Items).
    api.double.faults.set({
      kind: 'server-error',
      product: 'sync',
      method: 'GET',
      match: /\/Maps\/calls_so_\d+\/Items$/,
      times: 1,
    });
    expect(verbsOf(await endDial(server, call, { bridgedTo: `number:${S.amyPhone}` }))).toEqual(['Hangup']);
    expect(api.double.faults.applied().at(-1)?.request).toMatchObject({
      method: 'GET',
      path: expect.stringMatching(/calls_so_\d+\/Items$/),
    });
    expect(api.double.messagesTo(call.from)).toEqual([]);
  });

  test.each<FaultKind>(['server-error', 'hang'])(
    'one failed write (%s) of the key press is written again: the call is answered, and the record says who',
    async (kind) => {
      const on = serverFor(kind);
      const call = await ring(on, { callSid: legSid(), to: S.connectLine, from: caller() });
      const before = api.double.faults.applied().length;
      // The leg's pick-up is recorded; the next write to the call log, the key press, fails once.
      const beforeKeyPress = () =>
        api.double.faults.set({ kind, product: 'sync', method: 'POST', match: /\/Maps\/calls_so_\d+\/Items$/, times: 1 });
      await pickUp(on, call, `number:${S.amyPhone}`, { pressKey: true, beforeKeyPress });
      expect(
        api.double.faults
          .applied()
          .slice(before)
          .map((fault) => fault.request.path),
      ).toEqual([expect.stringMatching(/\/Maps\/calls_so_\d+\/Items$/)]);
      expect(verbsOf(await endDial(on, call, { bridgedTo: `number:${S.amyPhone}` }))).toEqual(['Hangup']);
      const record = await callLog.read(call.callSid);
      expect(record).toMatchObject({ outcome: 'answered', dial: { answeredBy: `number:${S.amyPhone}` } });
      expect(Object.keys(record?.accepts ?? {})).toEqual([call.legs.find((leg) => leg.label === `number:${S.amyPhone}`)!.callSid]);
    },
  );
  // After the write tests: a hang here leaves the process's breaker open for the next request to probe.
  test('Sync hanging at the end of a bridged, accepted call: answered, never greeted, recorded or texted', async () => {
    const call = await acceptedCall(caller(), hurried);
    hangSync();
    const after = await endDial(hurried, call, { bridgedTo: `number:${S.amyPhone}` });
    expect(verbsOf(after)).toEqual(['Hangup']);
    api.double.faults.clear();
    expect(api.double.messagesTo(call.from)).toEqual([]);
    expect(hurried.output()).toMatch(
      new RegExp(`\\[dial-complete ${call.callSid}\\] bridged to leg CA\\w+, and the call log could not be read`),
    );
  });
});

describe('text-back claims', () => {
  // A hang costs the step its time: the claim is still released, from the budget's reserve for cleanup.
  test.each<FaultKind>(['server-error', 'rate-limit', 'drop', 'hang'])(
    'the window claim fails (%s) after the call was claimed: the claim is released, and a retry sends exactly one',
    async (kind) => {
      const call = await ring(server, { callSid: legSid(), to: S.plainLine, from: caller() });
      api.double.faults.set({ kind, product: 'sync', method: 'POST', match: /\/Maps\/callers_so_\d+\/Items$/, times: 1 });
      expect(verbsOf(await endDial(server, call, { status: 'no-answer' }))).toEqual(['Say', 'Record']);
      expect(api.double.messagesTo(call.from)).toEqual([]);
      // Recorded as failed, unless the hang left the step no time to write the call log.
      if (kind !== 'hang') expect(await callLog.readStep(call.callSid, 'textback')).toMatchObject({ status: 'failed' });
      const retries = await Promise.all([1, 2, 3].map(() => server.post('/sms-textback', { CallSid: call.callSid })));
      expect(retries.map((retry) => JSON.parse(retry.body).status).sort()).toEqual(['sent', 'skipped', 'skipped']);
      expect(api.double.messagesTo(call.from)).toHaveLength(1);
      expect(await callLog.readStep(call.callSid, 'textback')).toMatchObject({
        status: 'sent',
        messageSid: api.double.messagesTo(call.from)[0]!.sid,
      });
    },
  );

  test('concurrent deliveries of one missed call: one text, and the call log shows it sent with its message SID', async () => {
    const call = await ring(server, { callSid: legSid(), to: S.plainLine, from: caller() });
    const answers = await Promise.all(Array.from({ length: 5 }, () => endDial(server, call, { status: 'no-answer' })));
    for (const answer of answers) expect(verbsOf(answer)).toEqual(['Say', 'Record']);
    expect(api.double.messagesTo(call.from)).toHaveLength(1);
    expect(await callLog.readStep(call.callSid, 'textback')).toMatchObject({
      status: 'sent',
      messageSid: api.double.messagesTo(call.from)[0]!.sid,
    });
  });

  test('a sent text stays recorded as sent: a later delivery and an sms-textback retry say already-sent, and change nothing', async () => {
    const call = await ring(server, { callSid: legSid(), to: S.plainLine, from: caller() });
    await endDial(server, call, { status: 'no-answer' });
    const sent = await callLog.readStep(call.callSid, 'textback');
    expect(sent).toMatchObject({ status: 'sent', messageSid: expect.stringMatching(/^SM/) });
    await endDial(server, call, { status: 'no-answer' });
    const retry = await server.post('/sms-textback', { CallSid: call.callSid });
    expect(JSON.parse(retry.body)).toMatchObject({
      status: 'skipped',
      reason: 'already-sent',
      detail: expect.stringContaining((sent as { messageSid: string }).messageSid),
    });
    expect(await callLog.readStep(call.callSid, 'textback')).toEqual(sent);
    expect(api.double.messagesTo(call.from)).toHaveLength(1);
  });
});

describe('every step answers while Sync hangs, waiting on it at most once per kind of object', () => {
  async function timed({ url, params }: TwilioRequest) {
    const before = api.double.requests({ product: 'sync' }).length;
    const started = Date.now();
    const response = await hurried.post(url, params);
    const asked = api.double.requests({ product: 'sync' }).slice(before);
    const count = (kind: RegExp) => asked.filter((request) => kind.test(request.path)).length;
    return { ...response, ms: Date.now() - started, documents: count(/\/Documents\//), maps: count(/\/Maps\//) };
  }
  /** The action of the first `verb` of a step's answer: where Twilio goes next. */
  const actionOf = (body: string, verb: string) => parseTwiml(body).children.find((node) => node.name === verb)?.attrs.action ?? '';

  test('incoming-call (warm and cold), the whisper and its key press, leg-status, dial-complete (answered and missed), voicemail-complete, recording-status, sms-textback', async () => {
    const from = caller();
    // Two calls on the connect line before Sync hangs (warming its documents): one a leg answers, one nobody does.
    const call = await callIn(hurried, { to: S.connectLine, from });
    const unanswered = await callIn(hurried, { to: S.connectLine, from });
    const phone = legOf(call, `number:${S.amyPhone}`);
    const leg = { CallSid: phone.callSid, ParentCallSid: call.callSid, To: S.amyPhone, From: S.connectLine, CallStatus: 'in-progress' };
    hangSync();
    const incomingWarm = await timed({
      url: '/incoming-call',
      params: { CallSid: legSid(), To: S.connectLine, From: from, CallStatus: 'ringing' },
    });
    const incomingCold = await timed({
      url: '/incoming-call',
      params: { CallSid: legSid(), To: S.coldLine, From: from, CallStatus: 'ringing' },
    });
    const legStatus = await timed({ url: phone.noun.attrs.statusCallback!, params: leg });
    const whisper = await timed({ url: phone.noun.attrs.url!, params: leg });
    const keyPress = await timed({ url: actionOf(whisper.body, 'Gather'), params: { ...leg, Digits: '1' } });
    const answered = await timed(bridgedDial(call, phone.label));
    const missed = await timed(unansweredDial(unanswered));
    const steps = {
      'incoming-call, warm': incomingWarm,
      'incoming-call, cold': incomingCold,
      'leg-status': legStatus,
      'connect-whisper': whisper,
      'connect-whisper, key press': keyPress,
      'dial-complete, answered': answered,
      'dial-complete, missed': missed,
      'voicemail-complete': await timed(
        messageLeft(unanswered, parseTwiml(missed.body), {
          url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
          durationSeconds: 12,
        }),
      ),
      // A callback with no place on its URL (a call from before sharding): the connect line records nothing itself.
      'recording-status': await timed({
        url: '/recording-status',
        params: {
          CallSid: call.callSid,
          RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE2',
          RecordingStatus: 'completed',
        },
      }),
      'sms-textback': await timed({ url: '/sms-textback', params: { CallSid: call.callSid } }),
    };
    api.double.faults.clear();
    // How long each took is for `npm run bench` (answer-under-faults) to hold to 3 s: a timed assertion here would
    // fail on a loaded machine. What bounds the time is asserted instead: a hung request never answers, so every
    // step answering at all shows its deadline (or its budget) ended it, and the counts below bound how often.
    const answers = Object.entries(steps).map(([name, step]) => `${name}: ${step.status} in ${step.ms} ms`);
    console.log(`with Sync hanging:\n${answers.join('\n')}`);
    // Webhooks answer 200 with TwiML that routes; the retry endpoint says it could not read the call log.
    expect(Object.entries(steps).map(([name, step]) => [name, step.status])).toEqual(
      Object.keys(steps).map((name) => [name, name === 'sms-textback' ? 503 : 200]),
    );
    // Each step met the hang at most once on documents and once on maps (the budget and the breaker stop it asking
    // again), but for two reads at once (dial-complete: the bridged leg and its key press) and the key press's
    // deliberate second attempt.
    const twice = ['connect-whisper, key press', 'dial-complete, answered'];
    const overAsked = Object.entries(steps).filter(([name, step]) => step.documents > 1 || step.maps > (twice.includes(name) ? 2 : 1));
    expect(overAsked.map(([name, step]) => `${name}: ${step.documents} documents, ${step.maps} maps`)).toEqual([]);
    // What the caller got still routes: the warm call dials Amy; the cold one (nothing cached) rings the fallback.
    expect(verbsOf(parseTwiml(steps['incoming-call, warm'].body))).toContain('Dial');
    expect(steps['incoming-call, cold'].body).toContain(S.fallback);
    expect(verbsOf(parseTwiml(steps['dial-complete, answered'].body))).toEqual(['Hangup']);
    expect(verbsOf(parseTwiml(steps['dial-complete, missed'].body))).toEqual(['Say', 'Record']);
  });
});
