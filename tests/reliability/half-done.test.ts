// Work left half-done by a function that died between its two writes is finished by a later invocation (issue 18):
// a text-back claimed and never sent, a notice left `sending`, a reply recorded and never forwarded. The dead
// invocation's claim is written straight into the state, as it would have left it; then the real functions run
// under twilio-run (signed requests), in Sync mode against the Twilio API double behind Prism and in local mode
// (files and the outbox). A claim younger than the lease (its holder may still be at work) is never taken over;
// past it, the retried webhook, or the call's end (call-status), sends exactly one text, and the history shows
// how late. The invocations' "now" is SimulatedAt, derived from the clock the test runs under.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { describeCall } from '../../src/cli/_calls-format';
import { replyKey } from '../../src/replies/ledger';
import { CLAIM_LEASE_SECONDS, lapsedClaim, takeLapsed } from '../../src/state/lease';
import { LocalStateStore } from '../../src/state/local-store';
import { SyncStateStore } from '../../src/sync/state-store';
import type { JsonObject, StateStore } from '../../src/state/store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { callLogOf } from '../support/call-log';
import { callOver, type DialedCall, driveCall, endDial, legSid, messageLeft, ring, send, withParams } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { stateMapOf } from '../support/shards';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';

const api = useTwilioApi({ clearFaults: true });

const H = { line: '+15550930100', amyPhone: '+15550930002' };
const WS = 'hd';

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: WS,
      name: 'Half Done Co',
      inbound: { maxCallsPerCallerPerMinute: 0 },
      voicemail: { greetingText: 'Half Done voicemail.' },
      textBack: { enabled: true, windowMinutes: 20 },
      users: [{ id: 'amy', name: 'Amy', phone: H.amyPhone, role: 'admin' }],
      numbers: [{ number: H.line, name: 'Main line', assignedUser: 'amy' }],
    },
  ],
};

/** One way of running the functions: where they keep their state, and what they texted. */
interface Mode {
  server: FunctionsServer;
  store: StateStore;
  textsTo(phone: string): Promise<{ body: string }[]>;
}

const modes: Record<'sync' | 'local', Mode> = {} as Record<'sync' | 'local', Mode>;

beforeAll(async () => {
  const serviceSid = await serviceWithBundle(api, parseBundle(BUNDLE));
  const stateDir = mkdtempSync(join(tmpdir(), 'half-done-state-'));
  const [sync, local] = await Promise.all([
    startFunctions({ ...syncEnv(api, serviceSid), ALLOW_SIMULATED_CLOCK: 'true', CONFIG_CACHE_SECONDS: '0' }),
    startFunctions({ CONFIG_FILE: writeTempJson('half-done.json', BUNDLE), LOCAL_STATE_DIR: stateDir, ALLOW_SIMULATED_CLOCK: 'true' }),
  ]);
  modes.sync = {
    server: sync,
    store: new SyncStateStore(gatewayFor(api, serviceSid)),
    textsTo: async (phone) => api.double.messagesTo(phone).map((message) => ({ body: message.body })),
  };
  const localStore = new LocalStateStore(stateDir);
  modes.local = {
    server: local,
    store: localStore,
    textsTo: async (phone) =>
      (await localStore.list(OUTBOX_MAP)).filter((item) => item.data.to === phone).map((item) => ({ body: String(item.data.body) })),
  };
});
afterAll(() => Promise.all([modes.sync?.server.stop(), modes.local?.server.stop()]));

let callers = 0;
const caller = () => `+1555094${String((callers += 1)).padStart(4, '0')}`;
const messageSid = () => `SM${randomBytes(16).toString('hex')}`;
const DAY = 24 * 60 * 60;

/** The dead invocation's moment (now, by the clock the test runs under), and the later invocations' moments. */
function moments() {
  const claimedAt = new Date();
  const after = (seconds: number) => ({ SimulatedAt: new Date(claimedAt.getTime() + seconds * 1000).toISOString() });
  return {
    claimedAt: claimedAt.toISOString(),
    fresh: after(5),
    lapsed: after(CLAIM_LEASE_SECONDS + 5),
    lapsedSeconds: CLAIM_LEASE_SECONDS + 5,
  };
}

/** Writes an item as the invocation that died left it. */
const plant = (mode: Mode, map: string, key: string, data: JsonObject) => mode.store.create(map, key, data, DAY);

async function newTextsTo(mode: Mode, phone: string, before: number): Promise<string[]> {
  return (await mode.textsTo(phone)).slice(before).map((text) => text.body);
}

describe.each(['sync', 'local'] as const)('%s mode', (name) => {
  const mode = () => modes[name];
  const callLog = () => callLogOf(mode().store, [WS]);

  /** A call from a new caller that rang Amy; its text-back claim and window as an invocation that died left them. */
  async function callWithDeadTextBack(claimedAt: string): Promise<DialedCall> {
    const call = await ring(mode().server, { callSid: legSid(), to: H.line, from: caller() });
    await plant(mode(), stateMapOf('calls', WS, call.callSid), `${call.callSid}:claim`, { status: 'claimed', at: claimedAt });
    await plant(mode(), stateMapOf('callers', WS, call.from), `window:${call.from}`, { callSid: call.callSid, at: claimedAt });
    return call;
  }

  test('a text-back claimed and never sent: a fresh claim is left to its holder; past the lease the retried <Dial action> sends exactly one, and the history says how late', async () => {
    const at = moments();
    const call = await callWithDeadTextBack(at.claimedAt);
    await endDial(mode().server, call, { status: 'no-answer' }, at.fresh);
    expect(await mode().textsTo(call.from)).toEqual([]);
    expect(await callLog().readStep(call.callSid, 'textback')).toMatchObject({ status: 'skipped', reason: 'claimed' });

    // Twilio's retries (and a concurrent one) after the lease: one takes the claim over, the others find it taken.
    await Promise.all([1, 2, 3].map(() => endDial(mode().server, call, { status: 'no-answer' }, at.lapsed)));
    expect(await mode().textsTo(call.from)).toHaveLength(1);
    const textback = await callLog().readStep<JsonObject>(call.callSid, 'textback');
    expect(textback).toMatchObject({
      status: name === 'sync' ? 'sent' : 'outbox',
      claimedAt: at.claimedAt,
      recoveredAt: at.lapsed.SimulatedAt,
      delaySeconds: at.lapsedSeconds,
    });
    // `calls show` tells it.
    const record = (await callLog().read(call.callSid))!;
    expect(describeCall({ ...record, workspace: WS, at: at.claimedAt })).toMatch(
      new RegExp(`Text-back: ${textback!.status}.*finished ${at.lapsedSeconds} s late by a later invocation`),
    );

    // Sent is sent: a later retry and sms-textback send nothing more.
    await endDial(mode().server, call, { status: 'no-answer' }, at.lapsed);
    const retry = await mode().server.post('/sms-textback', { CallSid: call.callSid, ...at.lapsed });
    expect(JSON.parse(retry.body)).toMatchObject({ status: 'skipped', reason: 'already-sent' });
    expect(await mode().textsTo(call.from)).toHaveLength(1);
  });

  test("the call's end (call-status) finishes a text-back left claimed: not while the claim is fresh, once past the lease", async () => {
    const at = moments();
    const call = await callWithDeadTextBack(at.claimedAt);
    await endDial(mode().server, call, { status: 'no-answer' }, at.fresh);
    const ended = callOver(call);
    await send(mode().server, withParams(ended, at.fresh));
    expect(await mode().textsTo(call.from)).toEqual([]);
    await Promise.all([1, 2].map(() => send(mode().server, withParams(ended, at.lapsed))));
    expect(await mode().textsTo(call.from)).toHaveLength(1);
    expect(await callLog().readStep(call.callSid, 'textback')).toMatchObject({ claimedAt: at.claimedAt, delaySeconds: at.lapsedSeconds });
  });

  /** A missed call, its greeting playing (its text-back sent as usual). */
  const missedCall = () => driveCall(mode().server, { to: H.line, from: caller() }, 'missed');

  const sendingNotice = (event: string, claimedAt: string, body: string): JsonObject => ({
    channel: 'sms',
    event,
    user: 'amy',
    at: claimedAt,
    to: H.amyPhone,
    from: H.line,
    status: 'sending',
    body,
  });

  test('a notice claimed and never sent: the retried voicemail-complete leaves a fresh claim alone, and past the lease sends the text the claim keeps, once', async () => {
    const at = moments();
    const call = await missedCall();
    const body = `Voicemail from ${call.from} (claimed by an invocation that died)`;
    await plant(
      mode(),
      stateMapOf('calls', WS, call.callSid),
      `${call.callSid}:notice:voicemail:amy`,
      sendingNotice('voicemail', at.claimedAt, body),
    );
    const before = (await mode().textsTo(H.amyPhone)).length;
    const voicemail = messageLeft(call, call.dialed!.twiml, {
      url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
      durationSeconds: 12,
    });
    await send(mode().server, withParams(voicemail, at.fresh));
    expect(await newTextsTo(mode(), H.amyPhone, before)).toEqual([]);
    await Promise.all([1, 2].map(() => send(mode().server, withParams(voicemail, at.lapsed))));
    expect(await newTextsTo(mode(), H.amyPhone, before)).toEqual([body]);
    const notice = (await callLog().read(call.callSid))?.notices?.['voicemail:amy'];
    expect(notice).toMatchObject({
      status: name === 'sync' ? 'sent' : 'outbox',
      at: at.claimedAt,
      recoveredAt: at.lapsed.SimulatedAt,
      delaySeconds: at.lapsedSeconds,
      body,
    });
  });

  test("the call's end (call-status) finishes a missed-call notice left sending, once", async () => {
    const at = moments();
    const call = await missedCall();
    const body = `Missed call from ${call.from} (claimed by an invocation that died)`;
    await plant(
      mode(),
      stateMapOf('calls', WS, call.callSid),
      `${call.callSid}:notice:missed-call:amy`,
      sendingNotice('missed-call', at.claimedAt, body),
    );
    const before = (await mode().textsTo(H.amyPhone)).length;
    const ended = callOver(call);
    await send(mode().server, withParams(ended, at.fresh));
    expect(await newTextsTo(mode(), H.amyPhone, before)).toEqual([]);
    await Promise.all([1, 2].map(() => send(mode().server, withParams(ended, at.lapsed))));
    expect(await newTextsTo(mode(), H.amyPhone, before)).toEqual([body]);
    expect((await callLog().read(call.callSid))?.notices?.['missed-call:amy']).toMatchObject({
      at: at.claimedAt,
      delaySeconds: at.lapsedSeconds,
    });
  });

  const forwardingReply = (text: { sid: string; from: string; body: string; callSid: string | null }, claimedAt: string): JsonObject => ({
    at: claimedAt,
    messageSid: text.sid,
    workspace: WS,
    from: text.from,
    to: H.line,
    body: text.body,
    media: [],
    callSid: text.callSid,
    status: 'forwarding',
    why: 'the call rang amy',
    forwardBody: null,
    forwarded: [],
  });

  test.each([
    ["filed with the caller's last call", true],
    ['from a sender who never called (a per-message record)', false],
  ])(
    'a reply recorded and never forwarded (%s): the retried webhook leaves a fresh record alone, and past the lease forwards it once',
    async (_, called) => {
      const at = moments();
      const from = caller();
      const callSid = called ? (await ring(mode().server, { callSid: legSid(), to: H.line, from })).callSid : null;
      const text = { sid: messageSid(), from, body: 'Can you come Tuesday morning instead?', callSid };
      const [map, key] = callSid
        ? [stateMapOf('calls', WS, callSid), `${callSid}:reply:${text.sid}`]
        : [stateMapOf('callers', WS, from), replyKey(text.sid)];
      await plant(mode(), map, key, forwardingReply(text, at.claimedAt));
      const before = (await mode().textsTo(H.amyPhone)).length;
      const sms = { MessageSid: text.sid, From: from, To: H.line, Body: text.body, NumMedia: '0' };
      expect((await mode().server.post('/incoming-sms', { ...sms, ...at.fresh })).status).toBe(200);
      expect(await newTextsTo(mode(), H.amyPhone, before)).toEqual([]);
      expect(await mode().store.get(map, key)).toMatchObject({ status: 'forwarding' });

      const retries = await Promise.all([1, 2].map(() => mode().server.post('/incoming-sms', { ...sms, ...at.lapsed })));
      expect(retries.map((retry) => retry.status)).toEqual([200, 200]);
      const forwards = await newTextsTo(mode(), H.amyPhone, before);
      expect(forwards).toHaveLength(1);
      expect(forwards[0]).toContain(text.body);
      expect(await mode().store.get(map, key)).toMatchObject({
        status: 'forwarded',
        at: at.claimedAt,
        recoveredAt: at.lapsed.SimulatedAt,
        delaySeconds: at.lapsedSeconds,
        forwarded: [{ user: 'amy', to: H.amyPhone }],
      });
    },
  );

  test("the sender's next text finishes their earlier reply left forwarding (filed with the same call): not while fresh, once past the lease", async () => {
    const at = moments();
    const from = caller();
    const { callSid } = await ring(mode().server, { callSid: legSid(), to: H.line, from });
    const dead = { sid: messageSid(), from, body: 'Is the estimate still $240?', callSid };
    const key = `${callSid}:reply:${dead.sid}`;
    await plant(mode(), stateMapOf('calls', WS, callSid), key, forwardingReply(dead, at.claimedAt));
    const before = (await mode().textsTo(H.amyPhone)).length;
    const next = (body: string, when: { SimulatedAt: string }) =>
      mode().server.post('/incoming-sms', { MessageSid: messageSid(), From: from, To: H.line, Body: body, NumMedia: '0', ...when });
    await next('Hello?', at.fresh);
    expect((await newTextsTo(mode(), H.amyPhone, before)).map((forward) => forward.includes(dead.body))).toEqual([false]);
    const listingsBefore = api.double.requestCount({ product: 'sync', method: 'GET', path: /\/Maps\/calls_[^/]+\/Items$/ });
    await next('Anyone there?', at.lapsed);
    const forwards = await newTextsTo(mode(), H.amyPhone, before);
    expect(forwards.filter((forward) => forward.includes(dead.body))).toHaveLength(1);
    // Looking for earlier replies left forwarding lists the call's replies alone, not the whole call's log (in Sync,
    // where a listing is requests: it starts at the reply items).
    const listings = api.double.requests({ product: 'sync', method: 'GET', path: /\/Maps\/calls_[^/]+\/Items$/ }).slice(listingsBefore);
    expect(listings.map((listing) => listing.query.From)).toEqual(name === 'sync' ? [`${callSid}:reply:`] : []);
    expect(forwards.filter((forward) => forward.includes('Anyone there?'))).toHaveLength(1);
    expect(await mode().store.get(stateMapOf('calls', WS, callSid), key)).toMatchObject({
      status: 'forwarded',
      at: at.claimedAt,
      delaySeconds: at.lapsedSeconds,
    });
  });
});

test('sync: a text-back whose send failed and whose claim could not be released (Twilio answered 500, then Sync did) is sent by the first retry past the lease, once', async () => {
  const { server } = modes.sync;
  const callLog = callLogOf(modes.sync.store, [WS]);
  const call = await ring(server, { callSid: legSid(), to: H.line, from: caller() });
  api.double.faults.set({ kind: 'server-error', product: 'api', method: 'POST', match: /\/Messages\.json$/, times: 1 });
  api.double.faults.add({
    kind: 'server-error',
    product: 'sync',
    method: 'DELETE',
    match: /\/Maps\/calls_hd_\d+\/Items\/CA\w+(:|%3A)claim$/,
    times: 1,
  });
  await endDial(server, call, { status: 'no-answer' });
  expect(
    api.double.faults
      .applied()
      .slice(-2)
      .map((fault) => `${fault.request.method} ${fault.request.product}`),
  ).toEqual(['POST api', 'DELETE sync']);
  expect(api.double.messagesTo(call.from)).toEqual([]);
  const claim = await modes.sync.store.get(stateMapOf('calls', WS, call.callSid), `${call.callSid}:claim`);
  expect(claim).toMatchObject({ status: 'claimed', at: expect.any(String) });
  // Later invocations' moments, from the moment the failed one claimed the text.
  const later = (seconds: number) => ({ SimulatedAt: new Date(Date.parse(String(claim!.at)) + seconds * 1000).toISOString() });
  await endDial(server, call, { status: 'no-answer' }, later(5));
  expect(api.double.messagesTo(call.from)).toEqual([]);
  const lookedBefore = api.double.requestCount({ product: 'api', method: 'GET', path: /\/Messages\.json$/ });
  await Promise.all([1, 2].map(() => endDial(server, call, { status: 'no-answer' }, later(CLAIM_LEASE_SECONDS + 5))));
  expect(api.double.messagesTo(call.from)).toHaveLength(1);
  // The one taking over looked once at Twilio's messages for the text the failed one may have sent (with or without
  // the opt-out line), before sending it.
  expect(api.double.requestCount({ product: 'api', method: 'GET', path: /\/Messages\.json$/ }) - lookedBefore).toBe(1);
  expect(await callLog.readStep(call.callSid, 'textback')).toMatchObject({
    status: 'sent',
    messageSid: api.double.messagesTo(call.from)[0]!.sid,
    recoveredAt: later(CLAIM_LEASE_SECONDS + 5).SimulatedAt,
  });
});

test('sync: a text-back sent whose claim could not be marked sent (Sync answered 500) is not sent again by the retry past the lease: Twilio already has it', async () => {
  const { server, store } = modes.sync;
  const call = await ring(server, { callSid: legSid(), to: H.line, from: caller() });
  api.double.faults.set({
    kind: 'server-error',
    product: 'sync',
    method: 'POST',
    match: /\/Maps\/calls_hd_\d+\/Items\/CA\w+(:|%3A)claim$/,
    times: 1,
  });
  await endDial(server, call, { status: 'no-answer' });
  expect(api.double.faults.applied().at(-1)?.request).toMatchObject({ method: 'POST', product: 'sync' });
  const [text] = api.double.messagesTo(call.from);
  const claim = await store.get(stateMapOf('calls', WS, call.callSid), `${call.callSid}:claim`);
  expect(claim).toMatchObject({ status: 'claimed' });
  await endDial(
    server,
    call,
    { status: 'no-answer' },
    { SimulatedAt: new Date(Date.parse(String(claim!.at)) + (CLAIM_LEASE_SECONDS + 5) * 1000).toISOString() },
  );
  expect(api.double.messagesTo(call.from)).toEqual([text]);
  expect(await callLogOf(store, [WS]).readStep(call.callSid, 'textback')).toMatchObject({
    status: 'sent',
    messageSid: text!.sid,
    detail: expect.stringContaining('not sent again'),
    delaySeconds: CLAIM_LEASE_SECONDS + 5,
  });
  expect(await store.get(stateMapOf('calls', WS, call.callSid), `${call.callSid}:claim`)).toMatchObject({
    status: 'sent',
    messageSid: text!.sid,
  });
});

test('local: a notice sent by an invocation that died before recording it is not sent again by the retry past the lease', async () => {
  const { server, store, textsTo } = modes.local;
  const call = await driveCall(server, { to: H.line, from: caller() }, 'missed');
  const voicemail = messageLeft(call, call.dialed!.twiml, {
    url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE2',
    durationSeconds: 7,
  });
  const before = (await textsTo(H.amyPhone)).length;
  await send(server, voicemail);
  const sent = await newTextsTo(modes.local, H.amyPhone, before);
  expect(sent).toHaveLength(1);
  // As the invocation left it had it died after sending: the claim, never replaced by the outcome.
  const map = stateMapOf('calls', WS, call.callSid);
  const key = `${call.callSid}:notice:voicemail:amy`;
  const notice = (await store.get(map, key))!;
  await store.put(map, key, { ...notice, status: 'sending', messageSid: null }, DAY);
  await send(
    server,
    withParams(voicemail, { SimulatedAt: new Date(Date.parse(String(notice.at)) + (CLAIM_LEASE_SECONDS + 5) * 1000).toISOString() }),
  );
  expect(await newTextsTo(modes.local, H.amyPhone, before)).toEqual(sent);
  expect(await store.get(map, key)).toMatchObject({ status: 'outbox', delaySeconds: CLAIM_LEASE_SECONDS + 5 });
});

describe('takeOver: a compare-and-set, one taker', () => {
  const lapsedAfter = (claimedAt: Date) => new Date(claimedAt.getTime() + (CLAIM_LEASE_SECONDS + 1) * 1000);
  const claim = (store: StateStore, map: string, key: string, at: Date) =>
    store.create(map, key, { status: 'claimed', at: at.toISOString() }, DAY);
  const takeOver = (store: StateStore, map: string, key: string, now: Date) => store.takeOver(map, key, takeLapsed('claimed', now));

  test.each(['sync', 'local'] as const)(
    '%s: of concurrent takers of a lapsed claim exactly one takes it; a fresh claim, another status or no item is declined',
    async (name) => {
      const store = modes[name].store;
      const map = stateMapOf('calls', WS, 'CA-takeover');
      const claimedAt = new Date();
      const key = `CA${randomBytes(16).toString('hex')}:claim`;
      await claim(store, map, key, claimedAt);
      expect(await takeOver(store, map, key, new Date(claimedAt.getTime() + 1000))).toEqual({
        taken: false,
        current: { status: 'claimed', at: claimedAt.toISOString() },
      });
      const now = lapsedAfter(claimedAt);
      const results = await Promise.all(Array.from({ length: 4 }, () => takeOver(store, map, key, now)));
      expect(results.filter((result) => result.taken)).toEqual([
        {
          taken: true,
          previous: { status: 'claimed', at: claimedAt.toISOString() },
          written: { status: 'claimed', at: claimedAt.toISOString(), recoveredAt: now.toISOString() },
        },
      ]);
      // Taken over at `now`: fresh again for the lease that follows.
      expect((await takeOver(store, map, key, new Date(now.getTime() + 1000))).taken).toBe(false);
      await store.put(map, key, { status: 'sent', at: claimedAt.toISOString() }, DAY);
      expect((await takeOver(store, map, key, lapsedAfter(now))).taken).toBe(false);
      expect(await takeOver(store, map, `${key}-none`, now)).toEqual({ taken: false, current: null });
    },
  );

  test('local: a lock held by another process declines; one left by a dead process is cleared', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'takeover-lock-'));
    const store = new LocalStateStore(directory);
    const claimedAt = new Date();
    await claim(store, 'calls_hd_0', 'CA1:claim', claimedAt);
    const lock = join(directory, 'calls_hd_0', `${encodeURIComponent('CA1:claim')}.json.lock`);
    writeFileSync(lock, JSON.stringify({ data: { lockedAt: Date.now() }, expiresAt: null }));
    expect((await takeOver(store, 'calls_hd_0', 'CA1:claim', lapsedAfter(claimedAt))).taken).toBe(false);
    writeFileSync(lock, JSON.stringify({ data: { lockedAt: Date.now() - 60_000 }, expiresAt: null }));
    expect((await takeOver(store, 'calls_hd_0', 'CA1:claim', lapsedAfter(claimedAt))).taken).toBe(true);
    expect(readdirSync(join(directory, 'calls_hd_0')).filter((file) => file.includes('.lock'))).toEqual([]);
  });
});

test('the lease: a claim is lapsed only past it, only at the pending status, and from its last takeover', () => {
  const at = new Date();
  const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);
  const cases: [JsonObject | null, Date, boolean][] = [
    [{ status: 'claimed', at: at.toISOString() }, later(CLAIM_LEASE_SECONDS), false],
    [{ status: 'claimed', at: at.toISOString() }, later(CLAIM_LEASE_SECONDS + 1), true],
    [{ status: 'sent', at: at.toISOString() }, later(3600), false],
    [{ status: 'claimed', at: at.toISOString(), recoveredAt: later(100).toISOString() }, later(100 + CLAIM_LEASE_SECONDS), false],
    [{ status: 'claimed', at: at.toISOString(), recoveredAt: later(100).toISOString() }, later(101 + CLAIM_LEASE_SECONDS), true],
    [{ status: 'claimed' }, at, true],
    [null, later(3600), false],
  ];
  expect(cases.map(([claim, now]) => lapsedClaim(claim, 'claimed', now))).toEqual(cases.map(([, , lapsed]) => lapsed));
});
