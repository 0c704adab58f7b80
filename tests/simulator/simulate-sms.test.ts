// `simulate --sms` and replies in local mode (no Twilio account: forwards land in the local outbox): a reply sent
// through the functions, signed, is forwarded to the users the caller's last call rang, once however often it is
// delivered, and message.received reaches a local receiver that verifies its signature; a STOP is an opt-out and
// forwards nothing; "Stop by at 3pm" is forwarded with its note, and HELP answered into the outbox. The command drives a served twilio-run (--url) or starts its own.
import { randomBytes } from 'node:crypto';
import type { BundleInput } from '../../src/config/types';
import { LocalStateStore } from '../../src/state/local-store';
import { simulateCall } from '../../src/simulator/simulate';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { runCli } from '../support/cli';
import { writeTempJson } from '../support/legs';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, startFunctions, type FunctionsServer } from '../support/twilio-run';
import { WebhookReceiver } from '../support/webhook-receiver';

const S = { line: '+15550950100', ann: '+15550950001', ben: '+15550950002', caller: '+15550950200', other: '+15550950201' };
const AT = '2026-11-23T15:00:00.000Z';

let receiver: WebhookReceiver;
let server: FunctionsServer;
let configFile: string;
beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  const bundle: BundleInput = {
    workspaces: [
      {
        id: 'sim',
        name: 'Sim Co',
        webhooks: [{ url: receiver.url(), secret: receiver.secret, events: ['message.received'] }],
        users: [
          { id: 'ann', name: 'Ann', phone: S.ann, role: 'admin' },
          { id: 'ben', name: 'Ben', phone: S.ben },
        ],
        numbers: [{ number: S.line, name: 'Sim line', ringUsers: ['ben'] }],
      },
    ],
  };
  configFile = writeTempJson('sim.json', bundle);
  server = await startFunctions({ CONFIG_FILE: configFile, ALLOW_SIMULATED_CLOCK: 'true' });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

const simulateSms = (body: string, from: string, extra: string[] = []) =>
  runCli(
    'simulate',
    [
      '--url',
      server.baseUrl,
      '--state-dir',
      server.stateDir,
      '--config',
      configFile,
      '--sms',
      body,
      '--from',
      from,
      '--to',
      S.line,
      '--at',
      AT,
      ...extra,
    ],
    { AUTH_TOKEN: TEST_AUTH_TOKEN },
  );

const outboxQuoting = async (body: string) =>
  (await new LocalStateStore(server.stateDir, () => Date.parse(AT)).list(OUTBOX_MAP))
    .map((item) => item.data)
    .filter((data) => String(data.body).includes(body));

test('--sms --json: a reply after a missed call is forwarded to the user the call rang, and message.received is delivered signed', async () => {
  const call = await simulateCall({
    baseUrl: server.baseUrl,
    authToken: TEST_AUTH_TOKEN,
    accountSid: TEST_ACCOUNT_SID,
    from: S.caller,
    to: S.line,
    answer: { kind: 'none' },
    at: AT,
  });
  expect(call.outcome).toBe('missed');

  const result = await simulateSms('Call me back after 5', S.caller, ['--json']);
  expect(result.code).toBe(0);
  const printed = JSON.parse(result.stdout);
  const body = `Text from ${S.caller} to Sim line (${S.line}):\n"Call me back after 5"`;
  expect(printed.sms).toMatchObject({ optOut: false, forwarded: [{ to: S.ben, status: 'outbox', body }] });
  expect(printed.sms.reply).toMatchObject({ callSid: call.callSid, status: 'forwarded' });
  expect(printed.notifications).toEqual([
    { channel: 'sms', to: S.ben, status: 'outbox', body },
    { channel: 'webhook', to: receiver.url(), status: 'delivered', event: 'message.received' },
  ]);
  expect(await outboxQuoting('Call me back after 5')).toEqual([expect.objectContaining({ to: S.ben, from: S.line, body })]);
  const delivered = receiver.accepted.filter((received) => received.event.data.messageSid === printed.messageSid);
  expect(delivered.map((received) => received.event)).toEqual([
    {
      type: 'message.received',
      timestamp: AT,
      data: { messageSid: printed.messageSid, workspace: 'sim', from: S.caller, to: S.line, body: 'Call me back after 5', media: [] },
    },
  ]);
});

test("--sms from a user's phone answers the customer last forwarded to them (to the outbox, to that customer alone); a day later it finds nobody and a note says why", async () => {
  const customer = '+15550950202';
  await simulateCall({
    baseUrl: server.baseUrl,
    authToken: TEST_AUTH_TOKEN,
    accountSid: TEST_ACCOUNT_SID,
    from: customer,
    to: S.line,
    answer: { kind: 'none' },
    at: AT,
  });
  await simulateSms('Is 5 ok?', customer);
  const answered = await simulateSms('5 is fine, see you', S.ben, ['--json']);
  const printed = JSON.parse(answered.stdout);
  // The customer's first text from the business: it ends with the opt-out line.
  const sent = '5 is fine, see you\nReply STOP to opt out.';
  expect(printed.notifications).toEqual([{ channel: 'sms', to: customer, status: 'outbox', event: 'staff-answer', body: sent }]);
  expect(printed.sms.reply).toMatchObject({ from: S.ben, answer: { user: 'ben', customer, status: 'outbox' } });
  expect(await outboxQuoting('5 is fine, see you')).toEqual([expect.objectContaining({ to: customer, from: S.line, body: sent })]);

  const dayLater = new Date(Date.parse(AT) + 25 * 3600_000).toISOString();
  const alone = await runCli(
    'simulate',
    [
      '--url',
      server.baseUrl,
      '--state-dir',
      server.stateDir,
      '--config',
      configFile,
      '--sms',
      'Still there?',
      '--from',
      S.ben,
      '--to',
      S.line,
      '--at',
      dayLater,
    ],
    { AUTH_TOKEN: TEST_AUTH_TOKEN },
  );
  const lines = alone.stdout.split('\n').map((line) => line.trim());
  expect(lines).toContain('note to ben: NOT SENT (local mode, in the outbox)');
  expect(lines.some((line) => line.startsWith("ben's text went to nobody (no-customer): "))).toBe(true);
  expect((await outboxQuoting('no one to answer')).map((data) => data.to)).toEqual([S.ben]);
});

test('a reply delivered three times (Twilio retrying) is forwarded once', async () => {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = {
    AccountSid: TEST_ACCOUNT_SID,
    MessageSid: sid,
    From: S.other,
    To: S.line,
    Body: 'Are you open Sunday?',
    NumMedia: '0',
    SimulatedAt: AT,
  };
  const answers = await Promise.all([server.post('/incoming-sms', params), server.post('/incoming-sms', params)]);
  answers.push(await server.post('/incoming-sms', params));
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
  // Nobody assigned and no call: the admin.
  expect((await outboxQuoting('Are you open Sunday?')).map((data) => data.to)).toEqual([S.ann]);
  expect(receiver.accepted.filter((received) => received.event.data.messageSid === sid)).toHaveLength(1);
});

test('--sms STOP: an opt-out, forwarded to nobody; the readable output says so', async () => {
  const result = await simulateSms('STOP', S.other, ['--json']);
  expect(JSON.parse(result.stdout).sms).toMatchObject({ optOut: true, forwarded: [], reply: null });
  expect(await outboxQuoting(`Text from ${S.other}`).then((texts) => texts.filter((data) => String(data.body).includes('"STOP"')))).toEqual(
    [],
  );
  const text = await simulateSms('START', S.other);
  expect(text.stdout).toContain(`${S.other} opted back in to texts from sim (a START word): not forwarded`);
});

test('without --url it serves the functions itself; the text output names whom the reply reached and quotes the forward', async () => {
  const result = await runCli('simulate', [
    '--config',
    configFile,
    '--sms',
    'Photo attached',
    '--media',
    'https://example.com/leak.jpg',
    '--from',
    S.other,
    '--to',
    S.line,
    '--at',
    AT,
  ]);
  expect(result.code).toBe(0);
  const lines = result.stdout.split('\n').map((line) => line.trim());
  expect(lines[0]).toMatch(new RegExp(`^\\${S.other} texts \\${S.line} \\(MM[0-9a-f]{32}\\): "Photo attached"$`));
  expect(lines).toContain(`forwarded to ann (${S.ann}): NOT SENT (local mode, in the outbox)`);
  expect(lines).toContain('| Attachment: https://example.com/leak.jpg');
  expect(lines.some((line) => /^message\.received: delivered to http:\/\/127\.0\.0\.1:\d+\/hooks$/.test(line))).toBe(true);
});

test('local mode: "Stop by at 3pm" is forwarded with its note, HELP is answered into the outbox, and a bare YES from someone not opted out is a reply', async () => {
  const from = '+15550950203'; // never called: the admin is told
  const stopBy = await simulateSms('Stop by at 3pm', from);
  expect(stopBy.stdout).toContain('may be a request to stop: forwarded with a note, not taken as an opt-out');
  expect(stopBy.stdout).toContain(
    `| (May be a request to stop texts, so not taken as one: if it is, add ${from} to "Never text these numbers".)`,
  );
  expect(await outboxQuoting('"Stop by at 3pm"')).toEqual([expect.objectContaining({ to: S.ann, from: S.line })]);

  const help = await simulateSms('Help!', from);
  const answer = `Sim Co: to reach a person, call ${S.line} or reply to this text. Reply STOP to opt out.`;
  expect(help.stdout).toContain(`answered ${from} (NOT SENT (local mode, in the outbox)): "${answer}"`);
  expect(
    (await new LocalStateStore(server.stateDir, () => Date.parse(AT)).list(OUTBOX_MAP))
      .map((item) => item.data)
      .filter((data) => data.to === from),
  ).toEqual([expect.objectContaining({ from: S.line, body: answer })]);

  const yes = JSON.parse((await simulateSms('YES', from, ['--json'])).stdout);
  expect(yes).toMatchObject({ intent: 'other', sms: { optOut: false, reply: { status: 'forwarded', body: 'YES' } } });
});
