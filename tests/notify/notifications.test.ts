// Notifications and call events through the real functions (twilio-run, Sync mode, every Twilio REST call to the
// API double behind Prism; events to a local receiver that verifies Standard Webhooks signatures): the missed-call
// text, the voicemail text that replaces it (with a link that serves the audio without Twilio credentials and
// refuses a forged or expired one), the transcript that follows, once per user under duplicate webhooks, quiet
// hours, and call.completed, voicemail.created, voicemail.transcribed and textback.sent delivered and signed.
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { recordingToken } from '../../src/notify/recording-link';
import { SyncStateStore } from '../../src/sync/state-store';
import { callOver, driveCall, messageLeft, noMessageLeft, send } from '../support/drive-call';
import { callLogOf } from '../support/call-log';
import { recentWorkday } from '../support/clock';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { recordingAudio } from '../support/twilio-api/api2010';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { WebhookReceiver } from '../support/webhook-receiver';

const api = useTwilioApi();

const N = {
  mainLine: '+15550900100',
  quietLine: '+15550910100',
  annPhone: '+15550900002',
  benPhone: '+15550900003',
  dana: '+15550900200',
  stranger: '+15550900299',
};
// 10:14 in New York on a recent midweek day: the recording link made then has not expired yet.
const DAY = recentWorkday();
const AT = DAY.atLocal('10:14', 'America/New_York');

let receiver: WebhookReceiver;
let server: FunctionsServer;
let serviceSid: string;

function bundle(hooks: string): BundleInput {
  return {
    workspaces: [
      {
        id: 'ntf',
        name: 'Notify Co',
        timeZone: 'America/New_York',
        inbound: { maxCallsPerCallerPerMinute: 0 },
        textBack: { enabled: true, windowMinutes: 0 },
        webhooks: [{ url: hooks, secret: receiver.secret }],
        users: [
          { id: 'ann', name: 'Ann', phone: N.annPhone, role: 'admin' },
          { id: 'ben', name: 'Ben', phone: N.benPhone },
        ],
        numbers: [{ number: N.mainLine, name: 'Main line', assignedUser: 'ann' }],
        contacts: [{ phone: N.dana, firstName: 'Dana', lastName: 'Diaz' }],
      },
      {
        id: 'hush',
        name: 'Hush Co',
        notifications: { quietHours: { start: '00:00', end: '23:59' } },
        users: [{ id: 'hal', name: 'Hal', phone: '+15550910002', role: 'admin' }],
        numbers: [{ number: N.quietLine, name: 'Quiet line', assignedUser: 'hal' }],
      },
    ],
  };
}

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  serviceSid = await serviceWithBundle(api, parseBundle(bundle(receiver.url())));
  server = await startFunctions({ ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0' });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});
beforeEach(() => receiver.clear());

const callLog = () => callLogOf(new SyncStateStore(gatewayFor(api, serviceSid)), ['ntf', 'hush']);

/** A call nobody answers (tests/support/drive-call); `gone`: the caller hung up before the dial ended. */
const missedCall = (from: string, to: string, gone: boolean) =>
  driveCall(server, { from, to, extra: { SimulatedAt: AT } }, gone ? 'hang-up-early' : 'missed');

test('a missed call with the caller gone texts the assigned user once, even when Twilio retries, and sends call.completed and textback.sent', async () => {
  const before = api.double.messagesTo(N.annPhone).length;
  const call = await missedCall(N.dana, N.mainLine, true);
  const sid = call.callSid;
  await send(server, call.dialed!); // Twilio retries the webhook
  const texts = api.double.messagesTo(N.annPhone).slice(before);
  expect(texts).toHaveLength(1);
  expect(texts[0]!.from).toBe(N.mainLine);
  expect(texts[0]!.body).toBe(`Missed call from Dana Diaz (${N.dana}) to Main line (${N.mainLine}), ${DAY.spoken}, 10:14 AM.`);
  expect(api.double.messagesTo(N.benPhone)).toHaveLength(0); // the contact is not assigned: the number's assigned user was rung, not Ben
  const record = await callLog().read(sid);
  expect(record?.notices?.['missed-call:ann']).toMatchObject({ status: 'sent', to: N.annPhone, messageSid: texts[0]!.sid });
  const types = receiver.accepted.map((received) => received.event.type);
  expect(types.filter((type) => type === 'call.completed')).toHaveLength(2); // once per delivery of the webhook, same id
  const [first, second] = receiver.accepted.filter((received) => received.event.type === 'call.completed');
  expect(first!.headers['webhook-id']).toBe(second!.headers['webhook-id']);
  expect(first!.event.data).toMatchObject({ callSid: sid, outcome: 'missed', workspace: 'ntf', route: { action: 'dial' } });
  expect(receiver.accepted.find((received) => received.event.type === 'textback.sent')?.event.data).toMatchObject({
    callSid: sid,
    to: N.dana,
    from: N.mainLine,
    status: 'sent',
  });
  expect(receiver.refused).toHaveLength(0);
});

test('a notice whose claim Sync wrote though its answer was lost is still sent, once', async () => {
  const before = api.double.messagesTo(N.annPhone).length;
  api.double.faults.set({
    kind: 'applied-then-drop',
    product: 'sync',
    method: 'POST',
    match: (request) => request.path.endsWith('/Items') && String(request.params?.Key ?? '').endsWith(':notice:missed-call:ann'),
    times: 1,
  });
  const call = await missedCall(N.dana, N.mainLine, true);
  expect(api.double.faults.applied().filter((fault) => fault.kind === 'applied-then-drop')).toHaveLength(1);
  api.double.faults.clear();
  await send(server, call.dialed!); // Twilio retries the webhook
  expect(api.double.messagesTo(N.annPhone).slice(before)).toHaveLength(1);
  expect((await callLog().read(call.callSid))?.notices?.['missed-call:ann']).toMatchObject({ status: 'sent', to: N.annPhone });
});

test('a voicemail notice replaces the missed-call notice; its link serves the audio and refuses forged or expired tokens; the transcript follows once', async () => {
  const before = api.double.messagesTo(N.annPhone).length;
  const call = await missedCall(N.stranger, N.mainLine, false);
  const sid = call.callSid;
  expect(api.double.messagesTo(N.annPhone).slice(before)).toHaveLength(0); // voicemail follows: nothing yet
  const after = call.dialed!.twiml;
  const record = after.children.find((verb) => verb.name === 'Record')!;
  expect(record.attrs.transcribe).toBe('true');
  const { recording } = api.double.api.addRecording(sid, api.double.clock.now(), { durationSeconds: 14 });
  const recorded = messageLeft(call, after, {
    sid: recording.sid,
    url: `https://api.twilio.com/2010-04-01/Accounts/${api.accountSid}/Recordings/${recording.sid}`,
    durationSeconds: 14,
  });
  await send(server, recorded);
  await send(server, recorded); // a retry
  const texts = api.double.messagesTo(N.annPhone).slice(before);
  expect(texts).toHaveLength(1);
  expect(texts[0]!.body).toMatch(
    new RegExp(
      `^Voicemail from \\${N.stranger} to Main line \\(\\${N.mainLine}\\), ${DAY.spoken}, 10:14 AM\\. 14 s\\. Listen: http://localhost:\\d+/recording\\?t=RE[0-9a-f]{32}\\.\\d+\\.[\\w-]{43} Transcript to follow\\.$`,
    ),
  );
  const log = await callLog().read(sid);
  expect(Object.keys(log?.notices ?? {}).filter((id) => !id.startsWith('webhook:'))).toEqual(['voicemail:ann']);
  expect(receiver.accepted.map((received) => received.event.type)).toEqual(expect.arrayContaining(['call.completed', 'voicemail.created']));
  expect(receiver.accepted.find((received) => received.event.type === 'voicemail.created')?.event.data).toMatchObject({
    callSid: sid,
    recordingSid: recording.sid,
    durationSeconds: 14,
  });

  // The link: audio without Twilio credentials; a forged or expired token gets 403.
  const link = /Listen: (\S+)/.exec(texts[0]!.body)![1]!;
  const audio = await fetch(link);
  expect(audio.status).toBe(200);
  expect(audio.headers.get('content-type')).toBe('audio/mpeg');
  expect(Buffer.from(await audio.arrayBuffer())).toEqual(recordingAudio(recording));
  const token = new URL(link).searchParams.get('t')!;
  const forged = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
  expect((await fetch(link.replace(token, forged))).status).toBe(403);
  const expired = recordingToken(api.authToken, recording.sid, new Date(Date.now() - 1000));
  expect((await fetch(link.replace(token, expired))).status).toBe(403);
  const otherSecret = recordingToken('not-the-secret-0123456789abcdef0123', recording.sid, new Date(Date.now() + 60_000));
  expect((await fetch(link.replace(token, otherSecret))).status).toBe(403);

  // Twilio's transcription callback: stored, texted once as a follow-up, sent as voicemail.transcribed.
  const transcription = {
    CallSid: sid,
    From: call.from,
    To: call.to,
    SimulatedAt: AT,
    CallStatus: 'completed',
    TranscriptionSid: `TR${'1'.repeat(32)}`,
    TranscriptionText: 'Hi, this is about the leaking sink. Call me back.',
    TranscriptionStatus: 'completed',
    RecordingSid: recording.sid,
    RecordingUrl: recorded.params.RecordingUrl!,
  };
  await send(server, { url: record.attrs.transcribeCallback!, params: transcription });
  await send(server, { url: record.attrs.transcribeCallback!, params: transcription });
  const followUps = api.double.messagesTo(N.annPhone).slice(before + 1);
  expect(followUps.map((text) => text.body)).toEqual([`Voicemail from ${N.stranger}: "Hi, this is about the leaking sink. Call me back."`]);
  const withTranscript = await callLog().read(sid);
  expect(withTranscript?.transcript).toMatchObject({
    status: 'completed',
    text: 'Hi, this is about the leaking sink. Call me back.',
    recordingSid: recording.sid,
  });
  expect(withTranscript?.notices?.['transcript:ann']).toMatchObject({ status: 'sent' });
  expect(receiver.accepted.find((received) => received.event.type === 'voicemail.transcribed')?.event.data).toMatchObject({
    callSid: sid,
    status: 'completed',
    transcript: 'Hi, this is about the leaking sink. Call me back.',
  });
});

test('a caller who hangs up without leaving a message gets the users the missed-call notice at voicemail-complete', async () => {
  const before = api.double.messagesTo(N.annPhone).length;
  const call = await missedCall(N.stranger, N.mainLine, false);
  await send(server, noMessageLeft(call, call.dialed!.twiml));
  expect(
    api.double
      .messagesTo(N.annPhone)
      .slice(before)
      .map((text) => text.body),
  ).toEqual([expect.stringMatching(/^Missed call from /)]);
});

test("a caller who hangs up during the greeting (no <Record action>): the number's status callback tells of the missed call, once", async () => {
  const before = api.double.messagesTo(N.annPhone).length;
  const call = await missedCall(N.stranger, N.mainLine, false);
  const sid = call.callSid;
  expect(api.double.messagesTo(N.annPhone).slice(before)).toHaveLength(0); // left to voicemail-complete, which never comes
  const ended = callOver(call, 31);
  expect((await send(server, ended)).twiml.children).toEqual([]);
  await send(server, ended); // Twilio retries
  expect(
    api.double
      .messagesTo(N.annPhone)
      .slice(before)
      .map((text) => text.body),
  ).toEqual([expect.stringMatching(/^Missed call from /)]);
  expect((await callLog().read(sid))?.notices?.['missed-call:ann']).toMatchObject({ status: 'sent' });
  expect(receiver.accepted.filter((received) => received.event.type === 'call.completed').map((received) => received.event.data)).toEqual(
    expect.arrayContaining([expect.objectContaining({ callSid: sid, outcome: 'missed' })]),
  );
});

test('the status callback of a call already told of (a voicemail left, or answered) sends nothing', async () => {
  const sent = api.double.messagesTo(N.annPhone).length;
  const call = await driveCall(server, { from: N.dana, to: N.mainLine, extra: { SimulatedAt: AT } }, 'voicemail', {
    recording: { url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', durationSeconds: 9 },
  });
  const told = api.double.messagesTo(N.annPhone).length;
  expect(told).toBe(sent + 1); // the voicemail notice
  receiver.clear();
  const contactReads = () => api.double.requestCount({ product: 'sync', method: 'GET', path: '/Maps/contacts_ntf/' });
  const before = contactReads();
  await send(server, callOver(call));
  expect(api.double.messagesTo(N.annPhone)).toHaveLength(told);
  expect(receiver.accepted).toHaveLength(0);
  expect(contactReads()).toBe(before); // every call ends here: no contact is read for a call already told of
});

test('during quiet hours nobody is texted, and the notice says so', async () => {
  const { callSid: sid } = await missedCall(N.stranger, N.quietLine, true);
  expect(api.double.messagesTo('+15550910002')).toHaveLength(0);
  const record = await callLog().read(sid);
  expect(record?.notices?.['missed-call:hal']).toMatchObject({ status: 'skipped', reason: 'quiet-hours' });
});
