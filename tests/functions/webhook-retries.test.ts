// Twilio retries a webhook our connection overrides name (#rc=2&rp=ct,5xx: a failed connection or a 5xx answer),
// so the same request can arrive twice; every step still happens once. The functions run under twilio-run and each
// request is posted to the URL we handed Twilio (the number's Voice and SMS URLs, the <Dial action>), fragment and
// all, signed over it as Twilio signs; the retry is the same request again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInput } from '../../src/config/types';
import { LocalStateStore } from '../../src/state/local-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { callSid } from '../flow/fixture';
import { callLogOf } from '../support/call-log';
import { callIn, unansweredDial, withParams } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { OVERRIDES, parseTwiml, verbsOf } from '../support/twiml';

const R = { line: '+15550950100', annPhone: '+15550950001', caller: '+15550950200', texter: '+15550950300' };

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'retry',
      name: 'Retry Co',
      // One call per caller per minute: a retry counted as a second call would be turned away as busy.
      inbound: { maxCallsPerCallerPerMinute: 1 },
      voicemail: { greetingText: 'Retry Co voicemail.' },
      textBack: { enabled: true, message: 'Sorry we missed you, this is Retry Co.', windowMinutes: 20 },
      users: [{ id: 'ann', name: 'Ann', phone: R.annPhone, role: 'admin' }],
      numbers: [{ number: R.line, name: 'Main line', assignedUser: 'ann' }],
    },
  ],
};

const stateDir = mkdtempSync(join(tmpdir(), 'retries-state-'));
const store = new LocalStateStore(stateDir);
const callLog = callLogOf(store, ['retry']);
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: writeTempJson('retries.json', BUNDLE), LOCAL_STATE_DIR: stateDir });
});
afterAll(() => server?.stop());

const textsTo = async (to: string) => (await store.list(OUTBOX_MAP)).filter((item) => item.data.to === to);

/** The same request, posted as Twilio posts it and then again as its retry policy would. */
async function twice(url: string, params: Record<string, string>) {
  const first = await server.post(url, params);
  const retry = await server.post(url, params);
  expect([first.status, retry.status]).toEqual([200, 200]);
  return { first: first.body, retry: retry.body };
}

test('incoming-call retried: the same route both times (not turned away by the abuse guard as a second call), logged once', async () => {
  const sid = callSid();
  const call = { CallSid: sid, To: R.line, From: R.caller, CallStatus: 'ringing', Direction: 'inbound' };
  const { first, retry } = await twice(`/incoming-call${OVERRIDES}`, call);
  expect(verbsOf(parseTwiml(first))).toEqual(['Dial']);
  expect(parseTwiml(retry)).toEqual(parseTwiml(first));
  expect(await callLog.read(sid)).toMatchObject({ route: { rule: expect.any(String), action: 'dial', legs: [`number:${R.annPhone}`] } });

  // The guard still counts calls: another call from the same caller in the same minute is turned away.
  const another = await server.post(`/incoming-call${OVERRIDES}`, { ...call, CallSid: callSid() });
  expect(verbsOf(parseTwiml(another.body))).toEqual(['Reject']);
});

test('dial-complete retried (nobody answered): the voicemail both times, one text-back to the caller', async () => {
  const caller = '+15550950201';
  const call = await callIn(server, { to: R.line, from: caller, voiceUrl: `/incoming-call${OVERRIDES}` });
  const ended = withParams(unansweredDial(call), { DialCallDuration: '0' });
  expect(ended.url.endsWith(OVERRIDES)).toBe(true);

  const { first, retry } = await twice(ended.url, ended.params);
  expect(verbsOf(parseTwiml(first))).toEqual(['Say', 'Record']);
  expect(verbsOf(parseTwiml(retry))).toEqual(verbsOf(parseTwiml(first)));
  expect(await textsTo(caller)).toHaveLength(1);
});

test('incoming-sms retried: the reply is forwarded once and kept once', async () => {
  const message = {
    MessageSid: `SM${'5e'.repeat(16)}`,
    AccountSid: `AC${'0'.repeat(32)}`,
    From: R.texter,
    To: R.line,
    Body: 'Can someone call me back about the quote?',
    NumMedia: '0',
  };
  const { first, retry } = await twice(`/incoming-sms${OVERRIDES}`, message);
  expect(verbsOf(parseTwiml(first))).toEqual([]);
  expect(verbsOf(parseTwiml(retry))).toEqual([]);
  const forwards = (await textsTo(R.annPhone)).filter((item) =>
    String(item.data.body).includes('Can someone call me back about the quote?'),
  );
  expect(forwards).toHaveLength(1);
});
