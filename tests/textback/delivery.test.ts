// Texts that carriers deliver: through the workspace's or number's Messaging Service when one is named (still
// from the called number, a sender of its pool), from the number alone otherwise, always with a StatusCallback
// to message-status; and message-status recording each delivery report, with 30007 and 30034 explained. The
// functions run under twilio-run in Sync mode; every Twilio REST call goes to the API double behind Prism, and
// the delivery reports are posted to the StatusCallback URL each text carried, signed as Twilio signs them.
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { signedPost } from '../../src/simulator/signed-post';
import { messengerFor, statusCallbackFor } from '../../src/runtime/services';
import { readEnv } from '../../src/runtime/env';
import { LocalStateStore } from '../../src/state/local-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionsBaseUrl } from '../../src/runtime/webhook';
import type { MessageRecord, MessageStatus } from '../support/twilio-api/api2010';
import { driveCall } from '../support/drive-call';
import { serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { stateMapOf } from '../support/shards';
import { OVERRIDES } from '../support/twiml';

const api = useTwilioApi();

const WORKSPACE_SERVICE = `MG${'a0'.repeat(16)}`;
const NUMBER_SERVICE = `MG${'b0'.repeat(16)}`;
const D = { viaWorkspace: '+15550800100', viaNumber: '+15550800101', plainLine: '+15550810100' };

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'a2p',
      name: 'Registered Co',
      messagingServiceSid: WORKSPACE_SERVICE,
      textBack: { enabled: true, windowMinutes: 0 },
      numbers: [
        { number: D.viaWorkspace, name: 'Main line' },
        { number: D.viaNumber, name: 'Second brand', messagingServiceSid: NUMBER_SERVICE },
      ],
    },
    {
      id: 'plain',
      name: 'Plain Co',
      textBack: { enabled: true, windowMinutes: 0 },
      numbers: [{ number: D.plainLine, name: 'Plain line' }],
    },
  ],
};

let server: FunctionsServer;
let serviceSid: string;
beforeAll(async () => {
  serviceSid = await serviceWithBundle(api, parseBundle(BUNDLE));
  server = await startFunctions({ ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0' });
});
afterAll(() => server?.stop());

/** A missed call driven as Twilio drives it (tests/support/drive-call), and the text-back it sent the caller. */
async function missedCall(from: string, to: string): Promise<{ sid: string; text: MessageRecord }> {
  const { callSid: sid } = await driveCall(server, { from, to }, 'missed');
  const text = api.double.messages.filter((message) => message.to === from).at(-1);
  expect(text).toBeDefined();
  return { sid, text: text! };
}

/** What Twilio posts to a text's StatusCallback, signed with the account's token over that exact URL. */
async function report(text: MessageRecord, status: MessageStatus, errorCode: number | null = null, url = text.statusCallback!) {
  api.double.api.setMessageStatus(text.sid, status, api.double.clock.now(), errorCode);
  const params: Record<string, string> = {
    AccountSid: api.accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: text.sid,
    SmsSid: text.sid,
    MessageStatus: status,
    SmsStatus: status,
    To: text.to,
    From: text.from ?? '',
    ...(text.messagingServiceSid ? { MessagingServiceSid: text.messagingServiceSid } : {}),
    ...(errorCode ? { ErrorCode: String(errorCode) } : {}),
  };
  const response = await fetch(url, signedPost(api.authToken, url, params));
  expect(response.status).toBe(200);
}

const kept = (workspace: string, messageSid: string) =>
  api.double.sync
    .mapItems(serviceSid, stateMapOf('msgstatus', workspace, messageSid), api.double.clock.now())
    ?.find((item) => item.key === messageSid)?.data;

describe('sending', () => {
  test("through the workspace's Messaging Service, from the called number, with a StatusCallback naming the workspace and call", async () => {
    const { sid, text } = await missedCall('+15550800200', D.viaWorkspace);
    expect(text).toMatchObject({ from: D.viaWorkspace, messagingServiceSid: WORKSPACE_SERVICE });
    expect(text.statusCallback).toBe(
      `${server.baseUrl.replace('127.0.0.1', 'localhost')}/message-status?crCallSid=${sid}&crWorkspace=a2p${OVERRIDES}`,
    );
  });

  test("a number's own Messaging Service wins over the workspace's", async () => {
    const { text } = await missedCall('+15550800201', D.viaNumber);
    expect(text).toMatchObject({ from: D.viaNumber, messagingServiceSid: NUMBER_SERVICE });
  });

  test('without a Messaging Service, from the number alone, still with a StatusCallback', async () => {
    const { text } = await missedCall('+15550800202', D.plainLine);
    expect(text).toMatchObject({ from: D.plainLine, messagingServiceSid: null });
    expect(text.params.MessagingServiceSid).toBeUndefined();
    expect(text.statusCallback).toMatch(/\/message-status\?crCallSid=CA[0-9a-f]{32}&crWorkspace=plain#rc=2&rp=ct,5xx&ct=3000&tt=15000$/);
  });

  test('a test text ("send a test") goes the same way', async () => {
    const response = await server.post('/sms-textback', { Mode: 'test', Workspace: 'a2p', To: '+15550800299' });
    expect(JSON.parse(response.body)).toMatchObject({ status: 'sent' });
    expect(api.double.messages.at(-1)).toMatchObject({ to: '+15550800299', from: D.viaWorkspace, messagingServiceSid: WORKSPACE_SERVICE });
    expect(api.double.messages.at(-1)!.statusCallback).toBe(
      `${server.baseUrl.replace('127.0.0.1', 'localhost')}/message-status?crWorkspace=a2p${OVERRIDES}`,
    );
  });
});

test("deployed, the StatusCallback is https on the service's own domain (a REST request needs an absolute URL)", () => {
  const base = functionsBaseUrl('call-routing-1234-dev.twil.io', { deployed: true, reason: 'SERVICE_SID is ZS...' });
  expect(base).toBe('https://call-routing-1234-dev.twil.io');
  expect(statusCallbackFor(base)({ workspace: 'a2p', callSid: `CA${'c0'.repeat(16)}` })).toBe(
    `https://call-routing-1234-dev.twil.io/message-status?crCallSid=CA${'c0'.repeat(16)}&crWorkspace=a2p${OVERRIDES}`,
  );
  expect(functionsBaseUrl('localhost:3000', { deployed: false, reason: 'DOMAIN_NAME is localhost:3000' })).toBe('http://localhost:3000');
});

test('a CLI that does not know the deployment (no FUNCTIONS_BASE_URL) asks for no report; locally the outbox shows the service', async () => {
  const state = new LocalStateStore(mkdtempSync(join(tmpdir(), 'messenger-')));
  const plan = { to: '+15550800298', from: D.viaWorkspace, body: 'test' };
  const twilioMessenger = messengerFor(
    readEnv({ ACCOUNT_SID: api.accountSid, AUTH_TOKEN: api.authToken, TWILIO_API_BASE_URL: api.baseUrl }),
    state,
  );
  expect(await twilioMessenger.send(plan, new Date(), { messagingServiceSid: WORKSPACE_SERVICE })).toMatchObject({ status: 'sent' });
  expect(api.double.messages.at(-1)).toMatchObject({ to: plan.to, messagingServiceSid: WORKSPACE_SERVICE, statusCallback: null });
  const outbox = messengerFor(readEnv({}), state);
  expect(await outbox.send(plan, new Date(), { messagingServiceSid: WORKSPACE_SERVICE })).toMatchObject({ status: 'outbox' });
  expect((await state.list(OUTBOX_MAP)).map((item) => item.data)).toEqual([
    expect.objectContaining({ ...plan, messagingServiceSid: WORKSPACE_SERVICE }),
  ]);
});

describe('message-status', () => {
  test('records sent, then delivered, and a late "sent" does not undo "delivered"', async () => {
    const { sid, text } = await missedCall('+15550800210', D.viaWorkspace);
    await report(text, 'sent');
    expect(kept('a2p', text.sid)).toMatchObject({ status: 'sent', callSid: sid, workspace: 'a2p' });
    await report(text, 'delivered');
    await report(text, 'sent');
    expect(kept('a2p', text.sid)).toMatchObject({
      status: 'delivered',
      errorCode: null,
      messagingServiceSid: WORKSPACE_SERVICE,
      to: '+15550800210',
      from: D.viaWorkspace,
    });
    expect((kept('a2p', text.sid) as { history: { status: string }[] }).history.map((entry) => entry.status)).toEqual([
      'sent',
      'delivered',
      'sent',
    ]);
    expect(server.output()).toContain(`[message-status] text ${text.sid} to +15550800210 (call ${sid}): delivered`);
  });

  test.each([
    [
      30007,
      'undelivered' as const,
      /error 30007 \(carrier filtering: the recipient's carrier filtered the text as spam\. In the US the usual cause is sending from a long code that is not registered for A2P 10DLC/,
    ],
    [
      30034,
      'failed' as const,
      /error 30034 \(unregistered A2P 10DLC number: US carriers block texts from a 10-digit long code that is not registered in an approved A2P 10DLC campaign/,
    ],
    [30005, 'undelivered' as const, /error 30005 \(unknown destination handset: the number does not exist/],
    [39999, 'failed' as const, /error 39999 \(see https:\/\/www\.twilio\.com\/docs\/api\/errors\/39999\)/],
  ])('%s (%s) is recorded with its code and explained in the log', async (code, status, explanation) => {
    const { text } = await missedCall(`+155508003${String(code).slice(-2)}`, D.plainLine);
    await report(text, status, code);
    expect(kept('plain', text.sid)).toMatchObject({ status, errorCode: code });
    const line = server
      .output()
      .split('\n')
      .find((entry) => entry.includes(`text ${text.sid}`) && entry.includes(status));
    expect(line).toMatch(explanation);
  });

  test("a report whose URL carries no workspace (a StatusCallback set elsewhere) is filed under the sending number's workspace", async () => {
    const { text } = await missedCall('+15550800220', D.viaNumber);
    await report(text, 'delivered', null, `${server.baseUrl}/message-status`);
    expect(kept('a2p', text.sid)).toMatchObject({ status: 'delivered', callSid: null });
  });

  test('an unsigned or forged report is refused and records nothing', async () => {
    const { text } = await missedCall('+15550800230', D.plainLine);
    const url = text.statusCallback!;
    const forged = await fetch(
      url,
      signedPost('not-the-auth-token', url, { MessageSid: text.sid, MessageStatus: 'delivered', To: text.to, From: text.from! }),
    );
    expect(forged.status).toBe(403);
    expect(kept('plain', text.sid)).toBeUndefined();
  });
});
