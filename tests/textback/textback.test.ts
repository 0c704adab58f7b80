// Missed-call text-back end to end: the functions under twilio-run in Sync mode, every Twilio REST call
// (Sync and Messages) served by the API double behind Prism, so windows expire on the double's clock.
// The first text a caller ever gets from a workspace ends with the opt-out line (textBack.optOutLine).
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { callIn, driveCall, replyByText, send, unansweredDial } from '../support/drive-call';
import { serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';

const api = useTwilioApi();

const T = {
  main: '+15550700100',
  noSms: '+15550700101',
  override: '+15550700102',
  dana: '+15550700200',
  eli: '+15550700201',
  stopped: '+15550700202',
  blocked: '+15550700203',
  stranger: '+15550700299',
  saysHow: '+15550700103',
  noLine: '+15550700150',
};

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'tb',
      name: 'Textback Co',
      companyPhone: '+15550700001',
      textBack: {
        enabled: true,
        message: 'Hi {{contact.first_name | there}}, {{business.name}} here. Sorry we missed your call to {{number.name}}!',
        windowMinutes: 20,
        doNotText: [T.blocked],
      },
      numbers: [
        { number: T.main, name: 'Main line' },
        { number: T.noSms, name: 'Voice only', capabilities: { voice: true, sms: false } },
        {
          number: T.override,
          name: 'Promo line',
          textBack: { message: 'Thanks for calling {{location.name}} about the promo, {{contact.name | friend}}.' },
        },
        { number: T.saysHow, name: 'Says how', textBack: { message: 'Sorry we missed you. Text STOP to end texts.' } },
      ],
      contacts: [
        { phone: T.dana, firstName: 'Dana', lastName: 'Whitfield' },
        { phone: T.eli, firstName: 'Eli' },
        { phone: T.stopped, firstName: 'Sam', optedOut: true },
      ],
    },
    {
      id: 'noline',
      name: 'No Line Co',
      textBack: { enabled: true, message: 'Sorry we missed your call.', optOutLine: false },
      numbers: [{ number: T.noLine, name: 'Plain line' }],
    },
  ],
};

/** The opt-out line the first text a caller gets from a workspace ends with. */
const LINE = '\nReply STOP to opt out.';

let server: FunctionsServer;

beforeAll(async () => {
  const serviceSid = await serviceWithBundle(api, parseBundle(BUNDLE));
  // A generous Sync deadline, and with it each step's time budget: twenty deliveries at once through Prism on a
  // busy machine are far slower than Sync, and a step out of time texts nobody.
  server = await startFunctions({ ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0', SYNC_TIMEOUT_MS: '5000' });
});
afterAll(() => server?.stop());

/** A missed call, as Twilio drives it: incoming-call, then the <Dial action> it named, nobody having answered. */
const missedCall = (from: string, to = T.main) => driveCall(server, { from, to }, 'missed');

test('a missed call from a known contact: one text, by name, from the called number, to the caller', async () => {
  await missedCall(T.dana);
  expect(api.double.messagesTo(T.dana)).toEqual([
    expect.objectContaining({
      from: T.main,
      to: T.dana,
      body: `Hi Dana, Textback Co here. Sorry we missed your call to Main line!${LINE}`,
    }),
  ]);
});

test("the number's own message overrides the workspace's; an unknown caller reads a clean sentence", async () => {
  await missedCall(T.stranger, T.override);
  expect(api.double.messagesTo(T.stranger).map((message) => message.body)).toEqual([
    `Thanks for calling Textback Co about the promo, friend.${LINE}`,
  ]);
});

test('three missed calls inside the window: one text; one more after the window: a second', async () => {
  for (let i = 0; i < 3; i += 1) await missedCall(T.eli);
  expect(api.double.messagesTo(T.eli)).toHaveLength(1);
  api.double.clock.advance(21 * 60 * 1000);
  await missedCall(T.eli);
  // Only the first text a caller ever gets from the workspace ends with the opt-out line.
  expect(api.double.messagesTo(T.eli).map((message) => message.body)).toEqual([
    `Hi Eli, Textback Co here. Sorry we missed your call to Main line!${LINE}`,
    'Hi Eli, Textback Co here. Sorry we missed your call to Main line!',
  ]);
});

test('a message that already says how to opt out gets no second line; a workspace that turns the line off gets none', async () => {
  await missedCall('+15550700220', T.saysHow);
  expect(api.double.messagesTo('+15550700220').map((message) => message.body)).toEqual(['Sorry we missed you. Text STOP to end texts.']);
  // Told once by that text: a later text from another number of the workspace carries no line either.
  api.double.clock.advance(21 * 60 * 1000);
  await missedCall('+15550700220', T.main);
  expect(api.double.messagesTo('+15550700220')[1]!.body).toBe('Hi there, Textback Co here. Sorry we missed your call to Main line!');
  await missedCall('+15550700221', T.noLine);
  expect(api.double.messagesTo('+15550700221').map((message) => message.body)).toEqual(['Sorry we missed your call.']);
});

test('twenty concurrent deliveries of the same dial-complete request: exactly one text', async () => {
  const from = '+15550700210';
  const call = await callIn(server, { from, to: T.main });
  const responses = await Promise.all(Array.from({ length: 20 }, () => send(server, unansweredDial(call))));
  for (const response of responses) expect(response.twiml.children.map((verb) => verb.name)).toEqual(['Say', 'Record']);
  expect(api.double.messagesTo(from)).toHaveLength(1);
});

test.each([
  ['a withheld caller', 'anonymous', T.main, 'withheld'],
  ['a contact marked opted out', T.stopped, T.main, 'opted-out'],
  ['a number on the do-not-text list', T.blocked, T.main, 'do-not-text'],
  ['a number without SMS', '+15550700211', T.noSms, 'no-sms'],
])('%s: no text, and the call log says why', async (_title, from, to, reason) => {
  const before = api.double.messages.length;
  const { callSid: sid } = await missedCall(from, to);
  expect(api.double.messages.length).toBe(before);
  expect(server.output()).toMatch(new RegExp(`\\[dial-complete ${sid}\\] text-back to .*: skipped \\(${reason}:`));
});

test("Twilio's 21610 is recorded as an opt-out, not a failure: the next missed call sends nothing", async () => {
  const from = '+15550700212';
  api.double.api.unsubscribed.add(from);
  const first = await missedCall(from);
  expect(server.output()).toMatch(
    new RegExp(`\\[dial-complete ${first.callSid}\\] text-back to \\${from}: skipped \\(opted-out: Twilio refused with 21610`),
  );
  api.double.api.unsubscribed.delete(from);
  api.double.clock.advance(21 * 60 * 1000);
  const second = await missedCall(from);
  expect(server.output()).toMatch(
    new RegExp(`\\[dial-complete ${second.callSid}\\] text-back to \\${from}: skipped \\(opted-out: \\${from} replied STOP`),
  );
  expect(api.double.messagesTo(from)).toHaveLength(0);
});

test('STOP then a missed call: none; START then a missed call: one', async () => {
  const from = '+15550700213';
  const reply = (body: string) => send(server, replyByText({ from, to: T.main }, body));
  const stop = await reply(' stop ');
  expect(stop.twiml.children).toEqual([]);
  await missedCall(from);
  expect(api.double.messagesTo(from)).toHaveLength(0);
  await reply('START');
  await missedCall(from);
  expect(api.double.messagesTo(from)).toHaveLength(1);
});

test('sms-textback: "send a test" renders the message for a sample contact; a retry of a sent call sends nothing more', async () => {
  const test = await server.post('/sms-textback', { Mode: 'test', Workspace: 'tb', To: '+15550700299' });
  expect(JSON.parse(test.body)).toMatchObject({
    status: 'sent',
    from: T.main,
    to: '+15550700299',
    body: `Hi Jordan, Textback Co here. Sorry we missed your call to Main line!${LINE}`,
  });

  const from = '+15550700214';
  const { callSid: sid } = await missedCall(from);
  const retry = await server.post('/sms-textback', { CallSid: sid });
  expect(JSON.parse(retry.body)).toMatchObject({ status: 'skipped', reason: 'already-sent' });
  expect(api.double.messagesTo(from)).toHaveLength(1);

  const refused = await server.post('/sms-textback', { CallSid: 'nonsense' });
  expect(refused.status).toBe(400);
});
