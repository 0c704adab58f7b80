// `npm run calls -- list | show | redeliver`: the call history read back as the built command, a process.
// In Sync mode, calls are driven through the real functions (twilio-run on the API double, CALL_HISTORY_DAYS=30)
// and one call from before sharding, written to the old `calls` map, is moved by `config migrate-state`; locally, calls are driven through the built
// functions in process into a state folder read with --state-dir. JSON shapes are asserted field by field;
// redeliver sends a failed event again to a local receiver that verifies its signature.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallListItem } from '../../src/cli/_calls-format';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { emitCallEvent } from '../../src/events/emit';
import { FailedDeliveries } from '../../src/events/failures';
import type { CallEvent } from '../../src/events/types';
import { createStepLog } from '../../src/log/step-log';
import { DEFAULT_STATE_SHARDS, shardIndex } from '../../src/state/shards';
import { decide } from '../../src/routing/decide';
import { simulateCall } from '../../src/simulator/simulate';
import { LocalStateStore } from '../../src/state/local-store';
import { SyncStateStore } from '../../src/sync/state-store';
import { runCli } from '../support/cli';
import { driveCall } from '../support/drive-call';
import { inProcessFunctions, loadFunctions } from '../support/in-process';
import { writeTempJson } from '../support/legs';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { recentWorkday } from '../support/clock';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { WebhookReceiver, newWebhookSecret } from '../support/webhook-receiver';
import { stateMapOf } from '../support/shards';
import { callerOf } from '../../src/phone/caller-id';

const api = useTwilioApi();

const MAIN = '+15550300100';
const SIDE = '+15550300500';
const ANN = '+15550300010';
const CALLER = '+15550300200';
const OTHER_CALLER = '+15550300201';

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'hist',
      name: 'History Co',
      textBack: { enabled: true, windowMinutes: 0 },
      users: [{ id: 'ann', name: 'Ann', phone: ANN }],
      numbers: [{ number: MAIN, name: 'Main line', ringUsers: ['ann'] }],
    },
    { id: 'side', name: 'Side Co', textBack: { enabled: false }, numbers: [{ number: SIDE, name: 'Side line' }] },
  ],
};
const bundle = parseBundle(BUNDLE);
const DAY = 24 * 60 * 60 * 1000;

const calls = (args: string[], env: Record<string, string>) => runCli('calls', args, env);
const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

type ListItem = CallListItem;

describe('Sync mode (the API double)', () => {
  let server: FunctionsServer;
  let serviceSid: string;
  let env: Record<string, string>;
  const sids: Record<'answered' | 'missed' | 'side' | 'legacy', string> = {
    answered: '',
    missed: '',
    side: '',
    legacy: `CA${'0abc'.repeat(8)}`,
  };
  // Recent days: the history keeps 30 days here, so a fixed date would fall out of it a month after it was written.
  const day = recentWorkday();
  const AT = { legacy: day.before(3).at('09:00'), answered: day.at('15:00'), missed: day.at('16:00'), side: day.at('17:00') };

  beforeAll(async () => {
    serviceSid = await serviceWithBundle(api, bundle);
    env = { ...syncEnv(api, serviceSid), CALL_HISTORY_DAYS: '30' };
    server = await startFunctions({ ...env, ALLOW_SIMULATED_CLOCK: 'true', CONFIG_CACHE_SECONDS: '0' });
    const call = (from: string, to: string, at: string, answer: Parameters<typeof simulateCall>[0]['answer']) =>
      simulateCall({ baseUrl: server.baseUrl, authToken: api.authToken, accountSid: api.accountSid, from, to, at, answer, pressKey: true });
    const answered = await call(CALLER, MAIN, AT.answered, { kind: 'legs', legs: [{ leg: ANN, by: 'person' }] });
    const missed = await call(OTHER_CALLER, MAIN, AT.missed, { kind: 'none' });
    const side = await call(CALLER, SIDE, AT.side, { kind: 'none' });
    expect([answered.outcome, missed.outcome, side.outcome]).toEqual(['answered', 'missed', 'missed']);
    Object.assign(sids, { answered: answered.callSid, missed: missed.callSid, side: side.callSid });
    // A call from before sharding, in the deployment-wide map, as incoming-call and dial-complete wrote it then.
    const legacy = new SyncStateStore(gatewayFor(api, serviceSid));
    await legacy.put('calls', `${sids.legacy}:route`, {
      at: AT.legacy,
      to: MAIN,
      from: CALLER,
      workspace: 'hist',
      rule: 'ring-users',
      action: 'dial',
      legs: [`number:${ANN}`],
      callerId: MAIN,
      reason: 'old',
    });
    await legacy.put('calls', `${sids.legacy}:dial`, {
      at: AT.legacy,
      outcome: 'answered',
      dialStatus: 'completed',
      bridged: true,
      answeredBy: `number:${ANN}`,
      reason: 'bridged',
    });
    await legacy.put('calls', `CA${'0def'.repeat(8)}:route`, {
      at: AT.legacy,
      to: SIDE,
      from: CALLER,
      workspace: 'side',
      rule: 'ring-users',
      action: 'dial',
      legs: [],
      callerId: SIDE,
      reason: 'old',
    });
    // The upgrade step (docs/deploying.md) moves them into their workspaces' shards: the history reads only those.
    const migrated = await runCli('config', ['migrate-state'], env);
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
    expect(migrated.stdout).toMatch(/^calls: the call log .*: 3 moved; map removed$/m);
  });
  afterAll(() => server?.stop());

  test("the call log's items live CALL_HISTORY_DAYS (30 here), as the TTL Sync was given", () => {
    const map = stateMapOf('calls', 'hist', sids.missed);
    const items = api.double.sync
      .mapItems(serviceSid, map, api.double.clock.now())!
      .filter((item) => item.key.startsWith(`${sids.missed}:`) && !item.key.endsWith(':claim'));
    expect(items.map((item) => item.key).sort()).toEqual([
      `${sids.missed}:dial`,
      `${sids.missed}:notice:voicemail:ann`,
      `${sids.missed}:route`,
      `${sids.missed}:textback`,
      `${sids.missed}:voicemail`,
    ]);
    for (const item of items) expect(item.expires! - item.updated).toBe(30 * DAY);
  });

  test('list --json: every call of the workspace, sharded and from before sharding, newest first, field by field', async () => {
    const result = await calls(['list', '--workspace', 'hist', '--json'], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const items = json<ListItem[]>(result.stdout);
    expect(items.map((item) => item.callSid)).toEqual([sids.missed, sids.answered, sids.legacy]);
    const [missed, answered, legacy] = items;
    expect(Object.keys(missed!)).toEqual([
      'callSid',
      'at',
      'workspace',
      'from',
      'to',
      'rule',
      'outcome',
      'answeredBy',
      'voicemail',
      'textback',
    ]);
    expect(missed!.at).toBe(AT.missed);
    expect(missed!.workspace).toBe('hist');
    expect(missed!.from).toBe(OTHER_CALLER);
    expect(missed!.to).toBe(MAIN);
    expect(missed!.rule).toBe('ring-group');
    expect(missed!.outcome).toBe('missed');
    expect(missed!.answeredBy).toBeNull();
    expect(missed!.voicemail!.url).toMatch(/^https:\/\/api\.twilio\.com\/.+\/Recordings\/RE[0-9a-f]{32}$/);
    expect(missed!.voicemail!.length).toBeGreaterThan(0);
    expect(missed!.voicemail!.transcript).toBeNull();
    expect(missed!.textback).toEqual({ status: 'sent' });
    expect(answered).toEqual({
      callSid: sids.answered,
      at: AT.answered,
      workspace: 'hist',
      from: CALLER,
      to: MAIN,
      rule: 'ring-group',
      outcome: 'answered',
      answeredBy: `number:${ANN}`,
      voicemail: null,
      textback: null,
    });
    expect(legacy).toEqual({
      callSid: sids.legacy,
      at: AT.legacy,
      workspace: 'hist',
      from: CALLER,
      to: MAIN,
      rule: 'ring-users',
      outcome: 'answered',
      answeredBy: `number:${ANN}`,
      voicemail: null,
      textback: null,
    });
  });

  test('without --workspace: every workspace of the configuration; filters by number, contact and time', async () => {
    const all = json<ListItem[]>((await calls(['list', '--json'], env)).stdout);
    expect(all.map((item) => [item.callSid, item.workspace])).toEqual([
      [sids.side, 'side'],
      [sids.missed, 'hist'],
      [sids.answered, 'hist'],
      [sids.legacy, 'hist'],
      [`CA${'0def'.repeat(8)}`, 'side'],
    ]);
    const byNumber = json<ListItem[]>((await calls(['list', '--number', SIDE, '--json'], env)).stdout);
    expect(byNumber.map((item) => item.callSid)).toEqual([sids.side, `CA${'0def'.repeat(8)}`]);
    const byContact = json<ListItem[]>((await calls(['list', '--workspace', 'hist', '--contact', CALLER, '--json'], env)).stdout);
    expect(byContact.map((item) => item.callSid)).toEqual([sids.answered, sids.legacy]);
    const since = json<ListItem[]>((await calls(['list', '--since', day.at('15:30'), '--json'], env)).stdout);
    expect(since.map((item) => item.callSid)).toEqual([sids.side, sids.missed]);
  });

  test('list as text: a table, newest first', async () => {
    const result = await calls(['list', '--workspace', 'hist'], env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WHEN \(UTC\)\s+WORKSPACE\s+FROM\s+TO\s+RULE\s+OUTCOME\s+ANSWERED BY\s+VOICEMAIL\s+TEXT-BACK\s+CALL SID$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${day.date} 16:00:00Z\\s+hist\\s+\\${OTHER_CALLER}\\s+\\${MAIN}\\s+ring-group\\s+missed\\s+-\\s+\\d+ s\\s+sent\\s+${sids.missed}$`,
      ),
    );
    expect(lines[2]).toContain(`number:${ANN}`);
    expect(lines.at(-1)).toBe('3 calls, newest first');
  });

  test("show --json: the whole record, with the route's trace as decide() gave it", async () => {
    const result = await calls(['show', sids.missed, '--json'], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const record = json<Record<string, any>>(result.stdout);
    expect(Object.keys(record)).toEqual(['callSid', 'at', 'workspace', 'outcome', 'route', 'dial', 'voicemail', 'textback', 'notices']);
    // The voicemail notice to the user the call rang (src/notify), sent through the double's Messages.
    expect(record.notices['voicemail:ann']).toMatchObject({ channel: 'sms', event: 'voicemail', status: 'sent' });
    expect(record).toMatchObject({ callSid: sids.missed, at: AT.missed, workspace: 'hist', outcome: 'missed' });
    // The caller's first call this minute, as the abuse guard counted it.
    const callerCount = { counted: true as const, calls: 1 };
    const decision = decide({ to: MAIN, from: OTHER_CALLER, caller: callerOf(OTHER_CALLER), callerCount }, bundle, new Date(AT.missed));
    expect(record.route).toEqual({
      at: AT.missed,
      to: MAIN,
      from: OTHER_CALLER,
      workspace: 'hist',
      rule: 'ring-group',
      action: 'dial',
      legs: [`number:${ANN}`],
      rungUsers: ['ann'],
      callerId: decision.callerId,
      reason: decision.trace.find((entry) => entry.applied)!.reason,
      callConnect: false,
      greeting: 'default',
      trace: decision.trace,
      // One tier: the ring group together, for the whole inbound timeout (issue 20: every route records its tiers).
      tiers: [{ users: ['ann'], seconds: decision.timeout, legs: [`number:${ANN}`], label: decision.tiers[0]!.label }],
      callerCalls: 1,
    });
    expect(record.dial).toMatchObject({ outcome: 'missed', dialStatus: 'no-answer', bridged: false, answeredBy: null });
    expect(record.voicemail.recordingUrl).toBe(
      json<ListItem[]>((await calls(['list', '--number', MAIN, '--contact', OTHER_CALLER, '--json'], env)).stdout)[0]!.voicemail!.url,
    );
    expect(record.textback).toMatchObject({ status: 'sent', to: OTHER_CALLER, from: MAIN });
    expect(record.textback.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  test('show as text: the call step by step, with why it went where it did', async () => {
    const result = await calls(['show', sids.answered], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Call ${sids.answered} (workspace hist)`);
    expect(result.stdout).toContain(`${AT.answered}  ${CALLER} called ${MAIN}`);
    expect(result.stdout).toContain(`Route: DIAL by rule "ring-group" -> number:${ANN}`);
    expect(result.stdout).toMatch(/Why \(first match wins\):\n(.+\n)*\s+=> ring-group\s+DECIDED: /);
    expect(result.stdout).toMatch(new RegExp(`Legs that picked up:\\n  \\S+  number:\\${ANN} \\(CA[0-9a-f]{32}\\)`));
    expect(result.stdout).toContain(`Dial: answered (completed, bridged, answered by number:${ANN})`);
    expect(result.stdout.trimEnd().endsWith('Outcome: answered')).toBe(true);
  });

  test('an unknown call, a malformed CallSid and an unknown workspace: exit 1 and a clear message', async () => {
    const unknown = await calls(['show', `CA${'9'.repeat(32)}`], env);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toBe(`No call CA${'9'.repeat(32)} in the call history (calls are kept CALL_HISTORY_DAYS days, 90 by default)\n`);
    const malformed = await calls(['show', 'CA123'], env);
    expect(malformed).toMatchObject({ code: 1, stderr: '"CA123" is not a CallSid (CA followed by 32 hex digits)\n' });
    const workspace = await calls(['list', '--workspace', 'nope'], env);
    expect(workspace).toMatchObject({ code: 1, stderr: 'No workspace "nope" (there are: hist, side)\n' });
    const number = await calls(['list', '--number', '555'], env);
    expect(number).toMatchObject({ code: 1, stderr: '--number must be an E.164 number such as +15551230000 (got "555")\n' });
  });

  test('Sync unreachable: exit 1, says so, no stack trace', async () => {
    const result = await calls(['list', '--config', writeTempJson('history.json', BUNDLE)], {
      ...env,
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      SYNC_TIMEOUT_MS: '500',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Could not read the call history from Sync service ${serviceSid} \\(list the maps\\): `));
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('locally (--state-dir)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'calls-history-'));
  const config = writeTempJson('history-local.json', BUNDLE);
  const token = 'calls-history-local-token';
  const invoke = loadFunctions({ AUTH_TOKEN: token, LOCAL_STATE_DIR: stateDir, CONFIG_FILE: config, ALLOW_SIMULATED_CLOCK: 'true' });
  const callSid = `CA${'1234'.repeat(8)}`;
  const at = recentWorkday().at('10:00');

  beforeAll(async () => {
    // A missed call, driven through the functions in this process as Twilio drives it.
    await driveCall(inProcessFunctions(invoke, token), { callSid, from: CALLER, to: MAIN, extra: { SimulatedAt: at } }, 'missed');
  });

  test('list --json and show --json read the local state folder', async () => {
    const listed = await calls(['list', '--state-dir', stateDir, '--config', config, '--json'], { SYNC_SERVICE_SID: '' });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(json<ListItem[]>(listed.stdout)).toEqual([
      {
        callSid,
        at,
        workspace: 'hist',
        from: CALLER,
        to: MAIN,
        rule: 'ring-group',
        outcome: 'missed',
        answeredBy: null,
        voicemail: null,
        textback: { status: 'outbox' },
      },
    ]);
    const shown = json<Record<string, any>>(
      (await calls(['show', callSid, '--state-dir', stateDir, '--config', config, '--json'], { SYNC_SERVICE_SID: '' })).stdout,
    );
    const callerCount = { counted: true as const, calls: 1 };
    expect(shown.route.trace).toEqual(
      decide({ to: MAIN, from: CALLER, caller: callerOf(CALLER), callerCount }, bundle, new Date(at)).trace,
    );
    expect(shown.textback).toMatchObject({ status: 'outbox', to: CALLER });
  });

  test('show finds a call written under another STATE_SHARDS (the shard count was changed since)', async () => {
    // A count under which the call's shard is not the one it was written to (the functions' default, 8).
    const other = [1, 2, 3, 4, 5, 6, 7].find((count) => shardIndex(callSid, count) !== shardIndex(callSid, DEFAULT_STATE_SHARDS))!;
    const shown = await calls(['show', callSid, '--state-dir', stateDir, '--config', config, '--json'], {
      SYNC_SERVICE_SID: '',
      STATE_SHARDS: String(other),
    });
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(json<Record<string, any>>(shown.stdout)).toMatchObject({ callSid, workspace: 'hist', route: { from: CALLER, to: MAIN } });
  });

  test('an empty state folder: no calls', async () => {
    const result = await calls(['list', '--state-dir', mkdtempSync(join(tmpdir(), 'calls-empty-')), '--config', config], {
      SYNC_SERVICE_SID: '',
    });
    expect(result).toMatchObject({ code: 0, stdout: 'No calls.\n', stderr: '' });
  });
});

describe('redeliver', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start(newWebhookSecret());
  });
  afterAll(() => receiver?.stop());

  test('sends a failed event again, same webhook-id and body, signed; a failure again exits 1 and stays recorded', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'calls-redeliver-'));
    const workspace = {
      ...BUNDLE.workspaces[0]!,
      webhooks: [{ url: receiver.url(), secret: receiver.secret, events: ['call.completed'] }],
    };
    const config = writeTempJson('redeliver.json', { workspaces: [workspace] });
    const store = new LocalStateStore(stateDir);
    const route = { rule: 'ring-users', action: 'dial', legs: [`number:${ANN}`], callerId: MAIN, reason: 'rings ann' };
    const data = {
      callSid: `CA${'5678'.repeat(8)}`,
      workspace: 'hist',
      from: CALLER,
      to: MAIN,
      outcome: 'missed' as const,
      answeredBy: null,
      dialStatus: 'no-answer',
      startedAt: '2026-11-24T10:00:00.000Z',
      route,
    };
    const event: CallEvent = { type: 'call.completed', at: new Date('2026-11-24T10:00:00Z'), data };
    // The receiver is down for the call (answers 503): the delivery fails and is recorded, as in a call.
    receiver.behaviour = { kind: 'status', status: 503 };
    const emitted = await emitCallEvent(
      { state: store, log: createStepLog('test'), deployed: false },
      parseBundle({ workspaces: [workspace] }).workspaces[0]!,
      event,
    );
    expect(emitted.deliveries).toMatchObject([{ status: 'failed', httpStatus: 503, recorded: true }]);
    const [failure] = await new FailedDeliveries(store).list('hist');

    const again = await calls(['redeliver', '--state-dir', stateDir, '--config', config], { SYNC_SERVICE_SID: '' });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(
      `hist  call.completed  ${emitted.eventId} -> ${receiver.url()}: failed again (attempt 2): answered HTTP 503`,
    );
    expect(again.stderr).toBe('1 event could not be delivered again; they stay recorded for the next redeliver\n');
    expect((await new FailedDeliveries(store).list('hist')).map((item) => item.attempts)).toEqual([2]);

    receiver.behaviour = { kind: 'accept' };
    const result = await calls(['redeliver', '--workspace', 'hist', '--state-dir', stateDir, '--config', config, '--json'], {
      SYNC_SERVICE_SID: '',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(json<unknown[]>(result.stdout)).toEqual([
      {
        workspace: 'hist',
        eventId: emitted.eventId,
        type: 'call.completed',
        url: receiver.url(),
        outcome: { status: 'delivered', httpStatus: 204 },
      },
    ]);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0]!.headers['webhook-id']).toBe(emitted.eventId);
    expect(receiver.accepted[0]!.body).toBe(failure!.body);
    expect(await new FailedDeliveries(store).list('hist')).toEqual([]);
    expect((await calls(['redeliver', '--state-dir', stateDir, '--config', config], { SYNC_SERVICE_SID: '' })).stdout).toBe(
      'No failed deliveries to send again.\n',
    );
  });
});
