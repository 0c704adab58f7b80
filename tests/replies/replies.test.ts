// Replies reach a person. The functions run under twilio-run in Sync mode; every Twilio REST call (Sync, and the
// forwarded texts on Messages) goes to the API double behind Prism, which checks it against Twilio's OpenAPI
// description, and message.received goes to a local receiver that verifies its Standard Webhooks signature.
// A reply is forwarded once under retries, to the contact's assigned user, else the users the caller's last call
// rang, else the admins; never from a user's phone nor from one of our numbers; MMS media arrive as links;
// STOP stays an opt-out and is not forwarded; and the reply is kept in the caller's history.
import { randomBytes } from 'node:crypto';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { CallLogFinder } from '../../src/calls/call-finder';
import { callHistoryTtlSeconds } from '../../src/calls/call-log';
import { lastCallKey } from '../../src/calls/last-call';
import { createStepLog } from '../../src/log/step-log';
import { replyKey, type ReplyEntry } from '../../src/replies/ledger';
import { SyncStateStore } from '../../src/sync/state-store';
import { driveCall, replyByText } from '../support/drive-call';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml } from '../support/twiml';
import { WebhookReceiver } from '../support/webhook-receiver';
import { DEFAULT_SHARDS, stateMapOf } from '../support/shards';

const api = useTwilioApi({ clearFaults: true });

const SERVICE = `MG${'c3'.repeat(16)}`;
const R = {
  line: '+15550900100',
  groupLine: '+15550900101',
  muteLine: '+15550910100',
  ann: '+15550900001',
  ben: '+15550900002',
  cat: '+15550900003',
  ed: '+15550910001',
  dana: '+15550900200',
};

const bundle = (hooks: string, secret: string): BundleInput => ({
  workspaces: [
    {
      id: 'rep',
      name: 'Reply Co',
      inbound: { maxCallsPerCallerPerMinute: 0 },
      messagingServiceSid: SERVICE,
      webhooks: [{ url: hooks, secret, events: ['message.received'] }],
      users: [
        { id: 'ann', name: 'Ann', phone: R.ann, role: 'admin' },
        { id: 'ben', name: 'Ben', phone: R.ben },
        { id: 'cat', name: 'Cat', phone: R.cat, role: 'admin' },
        { id: 'dee', name: 'Dee', webApp: true, role: 'admin' },
      ],
      numbers: [
        { number: R.line, name: 'Main line' },
        { number: R.groupLine, name: 'Group line', ringUsers: ['ben'] },
      ],
      contacts: [{ phone: R.dana, firstName: 'Dana', lastName: 'Reyes', assignedUser: 'cat' }],
    },
    {
      id: 'mute',
      name: 'Mute Co',
      notifications: { events: ['missed-call', 'voicemail'] },
      users: [{ id: 'ed', name: 'Ed', phone: R.ed, role: 'admin' }],
      numbers: [{ number: R.muteLine, name: 'Mute line' }],
    },
  ],
});

let server: FunctionsServer;
let serviceSid: string;
let receiver: WebhookReceiver;
let senders = 0;
const stranger = () => `+1555092${String((senders += 1)).padStart(4, '0')}`;
const messageSid = () => `SM${randomBytes(16).toString('hex')}`;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  serviceSid = await serviceWithBundle(api, parseBundle(bundle(receiver.url(), receiver.secret)));
  server = await startFunctions({ ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0' });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

interface Text {
  from: string;
  to: string;
  body: string;
  sid?: string;
  extra?: Record<string, string>;
}

async function text({ from, to, body, sid = messageSid(), extra = {} }: Text) {
  const request = replyByText({ to, from, extra: { AccountSid: api.accountSid, ...extra } }, body, sid);
  const response = await server.post(request.url, request.params);
  return { sid, response };
}

/** The texts the double was asked to send that quote `body`, by recipient. */
const forwardsOf = (body: string) => api.double.messages.filter((message) => message.body?.includes(body));
const eventsOf = (sid: string) => receiver.accepted.filter((received) => received.event.data.messageSid === sid);
const store = () => new SyncStateStore(gatewayFor(api, serviceSid));

test("a contact's reply goes to the user the contact is assigned to, from the number texted, through its Messaging Service, naming the sender", async () => {
  const { sid, response } = await text({ from: R.dana, to: R.line, body: 'Can you come Tuesday?' });
  expect(response.status).toBe(200);
  expect(parseTwiml(response.body).children).toEqual([]);
  const sent = forwardsOf('Can you come Tuesday?');
  expect(sent.map((message) => message.to)).toEqual([R.cat]);
  expect(sent[0]).toMatchObject({ from: R.line, messagingServiceSid: SERVICE });
  expect(sent[0]!.body).toBe(`Text from Dana Reyes (${R.dana}) to Main line (${R.line}):\n"Can you come Tuesday?"`);
  expect(sent[0]!.statusCallback).toMatch(/\/message-status\?crWorkspace=rep#rc=2&rp=ct,5xx&ct=3000&tt=15000$/);

  const [event] = eventsOf(sid);
  expect(event!.event).toMatchObject({
    type: 'message.received',
    data: { messageSid: sid, workspace: 'rep', from: R.dana, to: R.line, body: 'Can you come Tuesday?', media: [] },
  });
  expect(event!.headers['webhook-id']).toMatch(/^evt_/);
});

test("a stranger's reply goes to the users their last call rang, and is kept with that call", async () => {
  const caller = stranger();
  const call = await driveCall(server, { to: R.groupLine, from: caller }, 'missed');
  const last = await store().get(stateMapOf('callers', 'rep', caller), lastCallKey(caller));
  expect(last).toMatchObject({ callSid: call.callSid, rungUsers: ['ben'], place: { workspace: 'rep' } });

  const { sid } = await text({ from: caller, to: R.groupLine, body: 'Still need the plumber' });
  expect(forwardsOf('Still need the plumber').map((message) => message.to)).toEqual([R.ben]);
  expect(forwardsOf('Still need the plumber')[0]!.body).toBe(
    `Text from ${caller} to Group line (${R.groupLine}):\n"Still need the plumber"`,
  );

  const record = await new CallLogFinder(store(), DEFAULT_SHARDS, createStepLog('test'), callHistoryTtlSeconds(90)).read(call.callSid, [
    'rep',
  ]);
  const reply = record?.replies?.[sid] as unknown as ReplyEntry;
  expect(reply).toMatchObject({
    status: 'forwarded',
    callSid: call.callSid,
    from: caller,
    body: 'Still need the plumber',
    forwarded: [{ user: 'ben', to: R.ben, status: 'sent' }],
  });
  expect(reply.forwarded[0]!.messageSid).toMatch(/^SM/);
  expect(reply.events).toEqual([{ url: receiver.url(), status: 'delivered' }]);
});

test("nobody assigned and no call: the admins with a phone; kept as a per-message record in the caller's shard", async () => {
  const caller = stranger();
  const { sid } = await text({ from: caller, to: R.line, body: 'Hello? Anyone there' });
  expect(
    forwardsOf('Hello? Anyone there')
      .map((message) => message.to)
      .sort(),
  ).toEqual([R.ann, R.cat]);
  const kept = (await store().get(stateMapOf('callers', 'rep', caller), replyKey(sid))) as unknown as ReplyEntry;
  expect(kept).toMatchObject({ status: 'forwarded', callSid: null, workspace: 'rep' });
  expect(kept.why).toMatch(/nobody was assigned or rung: the workspace's admins \(ann, cat, dee\); left out \(no phone\): dee/);
});

test('forwarded once when Twilio delivers the same message again, even at the same moment', async () => {
  const sid = messageSid();
  const from = stranger();
  const answers = await Promise.all([1, 2, 3].map(() => text({ from, to: R.line, body: 'Retried reply', sid })));
  expect(answers.map(({ response }) => response.status)).toEqual([200, 200, 200]);
  await text({ from, to: R.line, body: 'Retried reply', sid });
  expect(
    forwardsOf('Retried reply')
      .map((message) => message.to)
      .sort(),
  ).toEqual([R.ann, R.cat]);
  expect(eventsOf(sid)).toHaveLength(1);
  expect(server.output()).toContain(`reply ${sid} from ${from} was already handled (a retried webhook): nothing sent again`);
});

test("never a loop: an admin's own text reaches no colleague (it is a staff answer: tests/replies/staff.test.ts); a text from one of our numbers reaches nobody", async () => {
  await text({ from: R.ann, to: R.line, body: 'Note from Ann' });
  expect(forwardsOf('Note from Ann').filter((message) => [R.ann, R.ben, R.cat, R.ed].includes(message.to))).toEqual([]);

  const { sid } = await text({ from: R.groupLine, to: R.line, body: 'Loop check' });
  expect(forwardsOf('Loop check')).toEqual([]);
  const kept = (await store().get(stateMapOf('callers', 'rep', R.groupLine), replyKey(sid))) as unknown as ReplyEntry;
  expect(kept).toMatchObject({ status: 'not-forwarded', forwarded: [] });
  expect(kept.why).toContain(`${R.groupLine} is one of our own numbers: never forwarded (it would loop)`);
});

test('MMS: each attachment arrives as a link, and message.received lists them with their content types', async () => {
  const base = `https://api.twilio.com/2010-04-01/Accounts/${api.accountSid}/Messages/MM${'d4'.repeat(16)}/Media`;
  const media = {
    NumMedia: '2',
    MediaUrl0: `${base}/ME${'01'.repeat(16)}`,
    MediaContentType0: 'image/jpeg',
    MediaUrl1: `${base}/ME${'02'.repeat(16)}`,
    MediaContentType1: 'video/mp4',
  };
  const { sid } = await text({
    from: R.dana,
    to: R.line,
    body: 'Photo of the leak',
    sid: `MM${randomBytes(16).toString('hex')}`,
    extra: media,
  });
  const [sent] = forwardsOf('Photo of the leak');
  expect(sent!.body).toBe(
    `Text from Dana Reyes (${R.dana}) to Main line (${R.line}):\n"Photo of the leak"\n2 attachments: ${media.MediaUrl0} ${media.MediaUrl1}`,
  );
  expect(eventsOf(sid)[0]!.event.data.media).toEqual([
    { url: media.MediaUrl0, contentType: 'image/jpeg' },
    { url: media.MediaUrl1, contentType: 'video/mp4' },
  ]);
});

test('STOP is still an opt-out: recorded, not forwarded, no message.received', async () => {
  const caller = stranger();
  const { sid, response } = await text({ from: caller, to: R.line, body: 'STOP texting me' });
  expect(response.status).toBe(200);
  expect(forwardsOf('STOP texting me')).toEqual([]);
  expect(eventsOf(sid)).toEqual([]);
  expect(await store().get(stateMapOf('optout', 'rep', caller), caller)).toMatchObject({ source: 'reply-stop' });
});

test('a workspace whose notifications leave out "reply" keeps the reply in the history and forwards nothing', async () => {
  const caller = stranger();
  const { sid } = await text({ from: caller, to: R.muteLine, body: 'Muted reply' });
  expect(forwardsOf('Muted reply')).toEqual([]);
  const kept = (await store().get(stateMapOf('callers', 'mute', caller), replyKey(sid))) as unknown as ReplyEntry;
  expect(kept).toMatchObject({ status: 'not-forwarded', body: 'Muted reply' });
  expect(kept.why).toMatch(/^not forwarded: the workspace's notifications\.events leaves out "reply"/);
});

test('when the last call cannot be read, the text is answered 500 (delivered again later) and nothing is sent', async () => {
  const caller = stranger();
  api.double.faults.add({ kind: 'server-error', match: /\/Maps\/callers_rep_\d+\/Items\/last/, method: 'GET' });
  const sid = messageSid();
  const refused = await text({ from: caller, to: R.line, body: 'Lost in a fault', sid });
  expect(refused.response.status).toBe(500);
  expect(forwardsOf('Lost in a fault')).toEqual([]);
  api.double.faults.clear();
  await text({ from: caller, to: R.line, body: 'Lost in a fault', sid });
  expect(
    forwardsOf('Lost in a fault')
      .map((message) => message.to)
      .sort(),
  ).toEqual([R.ann, R.cat]);
});
