// Replies are a person talking, not commands. The case table (tests/cases/reply-cases.ts) runs against the pure
// reader and through the served incoming-sms function (twilio-run in Sync mode; every Twilio REST call, the
// forwards and the HELP answer on Messages, goes to the API double behind Prism; message.received to a receiver that
// checks its signature): an opt-out alone is recorded and not forwarded; every other text is forwarded, kept in
// the caller's history and emitted, marked and noted when it may be a request to stop. START/YES opt in only a
// sender who had opted out; HELP alone is answered once and the person told; a reply's words and links reach the
// person whole, however many texts that takes; the call's history (and `calls`) shows a reply's mark.
import { randomBytes } from 'node:crypto';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { forwardedTexts } from '../../src/replies/message';
import { replyKey, type ReplyEntry } from '../../src/replies/ledger';
import { readReply } from '../../src/textback/keywords';
import { CallLogFinder } from '../../src/calls/call-finder';
import { callHistoryTtlSeconds } from '../../src/calls/call-log';
import { describeCall } from '../../src/cli/_calls-format';
import { createStepLog } from '../../src/log/step-log';
import { driveCall, replyByText } from '../support/drive-call';
import { SyncStateStore } from '../../src/sync/state-store';
import { REPLY_CASES } from '../cases/reply-cases';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { WebhookReceiver } from '../support/webhook-receiver';
import { DEFAULT_SHARDS, stateMapOf } from '../support/shards';

describe('the reader, against the case table', () => {
  test.each(REPLY_CASES.map((c) => [c.body, c.kind, c.why, c] as const))('%j is %s (%s)', (body, kind, _why, c) => {
    const reading = readReply(body);
    expect(reading.kind).toBe(kind);
    expect(reading.mayBeOptOut).toBe(c.mayBeOptOut ?? false);
  });
});

const K = {
  line: '+15550930100',
  group: '+15550930101',
  company: '+15550930199',
  ann: '+15550930001',
  ben: '+15550930002',
};

const bundle = (hooks: string, secret: string): BundleInput => ({
  workspaces: [
    {
      id: 'kw',
      name: 'Keyword Plumbing',
      companyPhone: K.company,
      inbound: { maxCallsPerCallerPerMinute: 0 },
      webhooks: [{ url: hooks, secret, events: ['message.received'] }],
      users: [
        { id: 'ann', name: 'Ann', phone: K.ann, role: 'admin' },
        { id: 'ben', name: 'Ben', phone: K.ben },
      ],
      numbers: [
        { number: K.line, name: 'Main line' },
        { number: K.group, name: 'Group line', ringUsers: ['ben'] },
      ],
    },
  ],
});

describe('through the served incoming-sms function', () => {
  const api = useTwilioApi({ clearFaults: true });
  let server: FunctionsServer;
  let serviceSid: string;
  let receiver: WebhookReceiver;
  let senders = 0;
  const stranger = () => `+1555094${String((senders += 1)).padStart(4, '0')}`;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    serviceSid = await serviceWithBundle(api, parseBundle(bundle(receiver.url(), receiver.secret)));
    server = await startFunctions({ ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0' });
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
  });

  const store = () => new SyncStateStore(gatewayFor(api, serviceSid));
  async function text(from: string, body: string, extra: Record<string, string> = {}, sid = `SM${randomBytes(16).toString('hex')}`) {
    const request = replyByText({ to: K.line, from, extra: { AccountSid: api.accountSid, ...extra } }, body, sid);
    const response = await server.post(request.url, request.params);
    expect(response.status).toBe(200);
    return sid;
  }
  /** The forwards of a text from `from`, by recipient, in the order they were sent. */
  const forwardsFrom = (from: string) => api.double.messages.filter((message) => message.body?.startsWith(`Text from ${from} `));
  const textsTo = (phone: string) => api.double.messages.filter((message) => message.to === phone);
  // The phone's opt-out item: an opt-out unless it only says they were told how ({ optedOut: false, toldAt }).
  const optedOut = async (phone: string) => {
    const item = await store().get(stateMapOf('optout', 'kw', phone), phone);
    return item !== null && item.optedOut !== false;
  };
  const history = async (from: string, sid: string) =>
    (await store().get(stateMapOf('callers', 'kw', from), replyKey(sid))) as unknown as ReplyEntry | null;
  const events = (sid: string) => receiver.accepted.filter((received) => received.event.data.messageSid === sid);

  test.each(REPLY_CASES.map((c) => [c.body, c.kind === 'opt-in' ? 'a reply (the sender had not opted out)' : c.kind, c] as const))(
    '%j from a caller who never opted out: %s',
    async (body, _what, c) => {
      const from = stranger();
      const sid = await text(from, body);
      if (c.kind === 'opt-out') {
        expect(await optedOut(from)).toBe(true);
        expect(forwardsFrom(from)).toEqual([]);
        expect(events(sid)).toEqual([]);
        expect(await history(from, sid)).toBeNull();
        return;
      }
      // Every other text reaches a person, whole, and is kept and emitted; nobody is opted out by it.
      expect(await optedOut(from)).toBe(false);
      const forwards = forwardsFrom(from);
      expect(forwards.map((message) => message.to).sort()).toEqual([K.ann]);
      expect(forwards[0]!.from).toBe(K.line);
      expect(forwards[0]!.body).toContain(body.trim() ? `"${body.trim()}"` : '(no text)');
      expect(events(sid).map((received) => received.event.data.body)).toEqual([body]);
      const kept = await history(from, sid);
      expect(kept).toMatchObject({ status: 'forwarded', body, forwardBody: forwards[0]!.body });
      const mayBeStop = c.mayBeOptOut ?? false;
      expect(forwards[0]!.body.includes('May be a request to stop texts')).toBe(mayBeStop);
      if (c.kind === 'help') {
        expect(kept!.mark).toBe('help');
        expect(textsTo(from).map((message) => message.body)).toEqual([
          `Keyword Plumbing: to reach a person, call ${K.company} or reply to this text. Reply STOP to opt out.`,
        ]);
        expect(forwards[0]!.body).toContain(`They texted ${readReply(body).keyword} and were sent: "Keyword Plumbing: to reach a person`);
        expect(kept!.answered).toMatchObject({ status: 'sent', messageSid: textsTo(from)[0]!.sid });
        // The answer said how to opt out: their first text-back will not say it again.
        expect(await store().get(stateMapOf('optout', 'kw', from), from)).toMatchObject({ optedOut: false, toldAt: expect.any(String) });
      } else {
        expect(kept!.mark).toBe(mayBeStop ? 'may-be-opt-out' : undefined);
        expect(textsTo(from)).toEqual([]);
      }
    },
  );

  test('the forward of a possible request to stop says so, and the history marks it', async () => {
    const from = stranger();
    const sid = await text(from, "Cancel my appointment tomorrow, I'll call to rebook");
    expect(forwardsFrom(from).map((message) => message.body)).toEqual([
      `Text from ${from} to Main line (${K.line}):\n"Cancel my appointment tomorrow, I'll call to rebook"\n(May be a request to stop texts, so not taken as one: if it is, add ${from} to "Never text these numbers".)`,
    ]);
    expect(await history(from, sid)).toMatchObject({ mark: 'may-be-opt-out', status: 'forwarded' });
    expect(server.output()).toContain(`reply ${sid} from ${from} may be a request to stop ("CANCEL" but not alone)`);
  });

  test("after a missed call, the call's history keeps the reply with its mark, and `calls` shows it", async () => {
    const from = stranger();
    const call = await driveCall(server, { to: K.group, from }, 'missed');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const response = await server.post('/incoming-sms', {
      AccountSid: api.accountSid,
      MessageSid: sid,
      From: from,
      To: K.group,
      Body: 'Stop by at 3pm',
      NumMedia: '0',
    });
    expect(response.status).toBe(200);
    expect(
      api.double.messages.filter(
        (message) => message.to === K.ben && message.body.includes('"Stop by at 3pm"\n(May be a request to stop texts'),
      ),
    ).toHaveLength(1);
    const record = await new CallLogFinder(store(), DEFAULT_SHARDS, createStepLog('test'), callHistoryTtlSeconds(90)).read(call.callSid, [
      'kw',
    ]);
    expect(record?.replies?.[sid]).toMatchObject({ mark: 'may-be-opt-out', status: 'forwarded', body: 'Stop by at 3pm' });
    expect(describeCall({ ...record!, workspace: 'kw', at: new Date().toISOString() })).toContain(
      `${sid}: forwarded, mark may-be-opt-out, to ${K.group}, from ${from}`,
    );
  });

  test('START, UNSTOP or YES alone opt back in a sender who had opted out, and are not forwarded', async () => {
    for (const word of ['START', 'unstop', 'Yes!']) {
      const from = stranger();
      await text(from, 'STOP');
      expect(await optedOut(from)).toBe(true);
      const sid = await text(from, word);
      expect(await optedOut(from)).toBe(false);
      expect(forwardsFrom(from)).toEqual([]);
      expect(events(sid)).toEqual([]);
      // Now that they are in, the same word is a reply.
      const again = await text(from, word);
      expect(forwardsFrom(from)).toHaveLength(1);
      expect(events(again)).toHaveLength(1);
    }
  });

  test('"Yes please call me back at 3pm" from a sender who had opted out is forwarded, and does not opt them in', async () => {
    const from = stranger();
    await text(from, 'unsubscribe me');
    const sid = await text(from, 'Yes please call me back at 3pm');
    expect(await optedOut(from)).toBe(true);
    expect(forwardsFrom(from).map((message) => message.body)).toEqual([
      `Text from ${from} to Main line (${K.line}):\n"Yes please call me back at 3pm"`,
    ]);
    expect(events(sid)).toHaveLength(1);
  });

  test('HELP delivered again by Twilio is answered once', async () => {
    const from = stranger();
    const sid = `SM${randomBytes(16).toString('hex')}`;
    await Promise.all([text(from, 'HELP', {}, sid), text(from, 'HELP', {}, sid)]);
    await text(from, 'HELP', {}, sid);
    expect(textsTo(from)).toHaveLength(1);
    expect(forwardsFrom(from)).toHaveLength(1);
  });

  test('HELP whose record Sync wrote but whose answer was lost (a timeout, a dropped connection) is still answered, once', async () => {
    const from = stranger();
    const sid = `SM${randomBytes(16).toString('hex')}`;
    api.double.faults.add({
      kind: 'applied-then-drop',
      method: 'POST',
      match: (request) => request.path.endsWith('/Items') && request.params?.Key === `reply:${sid}`,
      times: 1,
    });
    await text(from, 'HELP', {}, sid);
    expect(api.double.faults.applied().filter((fault) => fault.kind === 'applied-then-drop')).toHaveLength(1);
    await text(from, 'HELP', {}, sid);
    expect(textsTo(from)).toHaveLength(1);
    expect(forwardsFrom(from)).toHaveLength(1);
  });

  test('a reply with 10 media keeps the words whole; the links follow in as many texts as needed, none cut', async () => {
    const from = stranger();
    const words = `${'The water is coming through the ceiling in the kitchen and the hallway. '.repeat(12)}Please come today.`;
    const base = `https://api.twilio.com/2010-04-01/Accounts/${api.accountSid}/Messages/MM${'e5'.repeat(16)}/Media`;
    const urls = Array.from({ length: 10 }, (_, index) => `${base}/ME${String(index).padStart(2, '0').repeat(16)}`);
    const media = Object.fromEntries(
      urls.flatMap((url, index) => [
        [`MediaUrl${index}`, url],
        [`MediaContentType${index}`, 'image/jpeg'],
      ]),
    );
    const sid = await text(from, words, { NumMedia: '10', ...media }, `MM${randomBytes(16).toString('hex')}`);
    const sent = api.double.messages.filter(
      (message) =>
        message.to === K.ann && (message.body?.startsWith(`Text from ${from} `) || message.body?.startsWith('More attachments:')),
    );
    expect(sent.length).toBeGreaterThan(1);
    for (const message of sent) expect(message.body!.length).toBeLessThanOrEqual(1600);
    const all = sent.map((message) => message.body!).join('\n');
    expect(all).toContain(`"${words}"`);
    const linked = all.match(/https:\/\/\S+/g) ?? [];
    expect(linked).toEqual(urls);
    const kept = await history(from, sid);
    expect([kept!.forwardBody, ...(kept!.forwardMore ?? [])]).toEqual(sent.map((message) => message.body));
    expect(kept!.forwarded).toEqual([
      expect.objectContaining({ user: 'ann', status: 'sent', messageSids: sent.map((message) => message.sid) }),
    ]);
  });
});

describe('forwardedTexts: the words whole, each link whole, every text within 1,600 characters', () => {
  const url = (index: number) =>
    `https://api.twilio.com/2010-04-01/Accounts/AC${'1'.repeat(32)}/Messages/MM${'2'.repeat(32)}/Media/ME${String(index).padStart(32, '0')}`;
  const cases = [
    { title: 'short words, two links: one text', body: 'Here is the leak', media: 2, texts: 1 },
    { title: 'short words, ten links: the links run on', body: 'Here is the leak', media: 10, texts: 2 },
    { title: 'a full 1,600-character message and ten links', body: `${'word '.repeat(319)}end.`, media: 10, texts: 3 },
    { title: 'a full message, no media', body: `${'word '.repeat(319)}end.`, media: 0, texts: 2 },
  ];
  test.each(cases)('$title', ({ body, media, texts }) => {
    const links = Array.from({ length: media }, (_, index) => url(index));
    const parts = forwardedTexts(
      { from: '+15550940001', to: K.line, body, media: links.map((link) => ({ url: link, contentType: 'image/jpeg' })) },
      null,
      'Main line',
    );
    expect(parts).toHaveLength(texts);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1600);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toContain(`"${body}"`);
    expect(parts.join('\n').match(/https:\/\/\S+/g) ?? []).toEqual(links);
  });
});
