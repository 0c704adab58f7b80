// `simulate --answer` as a sequence of legs in the order they pick up, each answered by a person, by a person
// who presses nothing (`:no-key`), or by the phone's own voicemail (`:voicemail`), rehearsed as Twilio drives
// it (each leg its own CallSid and status callback, DialCallSid on the dial's action); `--at` driving the
// text-back windows; and the plain transcript saying what text-back did. Sample configuration: the main line
// rings Alice (web, mobile, phone +15550100002), Carol (web, the company phone) and Dan (+15550100004), with
// call connect on; Eli (+15550100201) is a contact assigned to nobody.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnswerSpecError, parseAnswer } from '../../src/simulator/answers';
import { simulateCall } from '../../src/simulator/simulate';
import { LocalStateStore } from '../../src/state/local-store';
import { runCli } from '../support/cli';
import { ROOT, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, startFunctions, type FunctionsServer } from '../support/twilio-run';
import { callLogOf } from '../support/call-log';

const MAIN_LINE = '+15550100100';
const ELI = '+15550100201';
const AT = '2026-11-23T15:00:00Z';
const stateDir = mkdtempSync(join(tmpdir(), 'answer-sequence-'));
const callLog = callLogOf(new LocalStateStore(stateDir, () => Date.parse(AT)), ['acme']);
let server: FunctionsServer;

beforeAll(async () => {
  server = await startFunctions({
    CONFIG_FILE: join(ROOT, 'assets', 'sample-config.private.json'),
    LOCAL_STATE_DIR: stateDir,
    ALLOW_SIMULATED_CLOCK: 'true',
  });
});
afterAll(() => server?.stop());

const simulate = (answer: string, from = ELI) =>
  simulateCall({
    baseUrl: server.baseUrl,
    authToken: TEST_AUTH_TOKEN,
    accountSid: TEST_ACCOUNT_SID,
    from,
    to: MAIN_LINE,
    at: AT,
    answer: parseAnswer(answer),
  });

describe('--answer: legs in the order they pick up', () => {
  test("a phone's voicemail picks up first, then a web app answers: answered by the app; every leg that picked up is on record under its own CallSid", async () => {
    const result = await simulate('+15550100002:voicemail,acme_carol_web');
    expect(result).toMatchObject({ outcome: 'answered', answeredBy: 'client:acme_carol_web', voicemail: false });
    expect(result.transcript).toEqual(
      expect.arrayContaining([
        "number:+15550100002's own voicemail answers",
        'number:+15550100002 presses nothing (a voicemail greeting is playing)',
        'client:acme_carol_web answers',
        'bridged: the caller talks to client:acme_carol_web for 95 s',
      ]),
    );
    const record = await callLog.read(result.callSid);
    const legs = Object.values(record?.legs ?? {});
    expect(legs.map((leg) => leg.leg).sort()).toEqual(['client:acme_carol_web', 'number:+15550100002']);
    expect(new Set(legs.map((leg) => leg.legCallSid)).size).toBe(2);
    expect(record?.dial?.dialCallSid).toBe(legs.find((leg) => leg.leg === 'client:acme_carol_web')!.legCallSid);
    expect(record?.textback).toBeUndefined();
  });

  test('a person who presses nothing, then another who presses a key: answered by the second', async () => {
    const result = await simulate('+15550100004:no-key,+15550100002');
    expect(result).toMatchObject({ outcome: 'answered', answeredBy: 'number:+15550100002' });
    expect(result.transcript).toContain('number:+15550100004 presses nothing');
  });

  test('only a voicemail picks up: missed, the caller leaves a message and is texted', async () => {
    const result = await simulate('+15550100002:voicemail', '+15550100299');
    expect(result).toMatchObject({ outcome: 'missed', answeredBy: null, voicemail: true });
    expect(await callLog.read(result.callSid)).toMatchObject({ textback: { status: 'outbox', to: '+15550100299' } });
  });

  test.each([
    ['acme_carol_web:voicemail', /only a phone leg/],
    ['+15550100002:maybe', /is not a leg/],
    ['', /takes none, busy, or the legs/],
  ])('refuses %j with a clear message', (value, message) => {
    expect(() => parseAnswer(value)).toThrow(AnswerSpecError);
    expect(() => parseAnswer(value)).toThrow(message);
  });
});

describe('simulate (the command)', () => {
  test('--answer +15550100002:voicemail,acme_carol_web --json: answered by the app, no voicemail, no text', async () => {
    const result = await runCli('simulate', [
      '--from',
      ELI,
      '--to',
      MAIN_LINE,
      '--at',
      AT,
      '--answer',
      '+15550100002:voicemail,acme_carol_web',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      outcome: 'answered',
      answeredBy: 'client:acme_carol_web',
      voicemail: false,
      textback: null,
    });
  });

  test('--at drives the text-back window: a missed call a day later is texted again; the transcript says what text-back did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-days-'));
    const missed = (at: string, ...more: string[]) =>
      runCli('simulate', ['--from', ELI, '--to', MAIN_LINE, '--at', at, '--state-dir', dir, ...more]);
    const first = await missed(AT);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`text-back: NOT SENT (local mode, in the outbox) to ${ELI}: "Hi Eli, this is Acme Plumbing.`);
    const tenMinutesLater = await missed('2026-11-23T15:10:00Z', '--json');
    expect(JSON.parse(tenMinutesLater.stdout).textback).toMatchObject({ status: 'skipped', reason: 'window' });
    // --json's notifications: the voicemail notice to each user the call rang, in the outbox, and no missed-call notice.
    const notifications = JSON.parse(tenMinutesLater.stdout).notifications as {
      channel: string;
      event?: string;
      status: string;
      to: string | null;
      body?: string;
    }[];
    const voicemail = notifications.filter((notice) => notice.event === 'voicemail' && notice.to !== null);
    expect(voicemail.length).toBeGreaterThan(0);
    // A user rung on an app alone has no phone to text: skipped.
    for (const notice of notifications.filter((found) => found.event === 'voicemail' && found.to === null))
      expect(notice.status).toBe('skipped');
    for (const notice of voicemail) {
      expect(notice).toMatchObject({
        channel: 'sms',
        status: 'outbox',
        body: expect.stringMatching(/^Voicemail from Eli .* Listen: http:\/\/localhost:\d+\/recording\?t=RE/),
      });
    }
    expect(new Set(voicemail.map((notice) => notice.to)).size).toBe(voicemail.length);
    expect(notifications.filter((notice) => notice.event === 'missed-call')).toEqual([]);
    const nextDay = await missed('2026-11-24T15:00:00Z', '--json');
    expect(JSON.parse(nextDay.stdout).textback).toMatchObject({ status: 'outbox', to: ELI });
  });
});
