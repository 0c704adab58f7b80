// `config validate | doctor | push | pull`: the good and bad fixture folders (through what validate runs, and a
// few through the command), the doctor's warnings, and Sync round trips against the Twilio API double (each
// request checked against Twilio's description).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigReadError, ConfigValidationError } from '../../src/config/errors';
import { parseBundleText, readBundleFile } from '../../src/config/parse';
import { runCli } from '../support/cli';
import { writeTempJson } from '../support/legs';
import { CallLog, callHistoryTtlSeconds, callPlace } from '../../src/calls/call-log';
import { createStepLog } from '../../src/log/step-log';
import { decide } from '../../src/routing/decide';
import { legLabel } from '../../src/routing/legs';
import { StateShards } from '../../src/state/shards';
import { SyncStateStore } from '../../src/sync/state-store';
import { createSyncService, gatewayFor, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { callerOf } from '../../src/phone/caller-id';

const FIXTURES = join(__dirname, '..', 'fixtures', 'bundles');
const SAMPLE = join(__dirname, '..', '..', 'assets', 'sample-config.private.json');
const good = [SAMPLE, ...readdirSync(join(FIXTURES, 'good')).map((file) => join(FIXTURES, 'good', file))];
const expected: Record<string, string> = JSON.parse(readFileSync(join(FIXTURES, 'bad', 'expected.json'), 'utf8'));
const noStack = /\n\s+at /;

describe('config validate', () => {
  test.each(good.map((file) => [file.split('/').pop()!, file]))('%s is valid', (_name, file) => {
    expect(readBundleFile(file).workspaces.length).toBeGreaterThan(0);
  });

  test('every bad fixture has the message it must produce', () => {
    const files = readdirSync(join(FIXTURES, 'bad'))
      .filter((file) => file !== 'expected.json')
      .map((file) => file.replace(/\.json$/, ''));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  // What `validate` runs: the message is printed as it is (the command's own runs below show that).
  test.each(Object.entries(expected))('bad/%s.json is refused: %s', (name, message) => {
    let refusal: unknown;
    try {
      readBundleFile(join(FIXTURES, 'bad', `${name}.json`));
    } catch (error) {
      refusal = error;
    }
    expect([ConfigValidationError, ConfigReadError].some((type) => refusal instanceof type)).toBe(true);
    expect((refusal as Error).message).toContain(message);
  });

  describe('the command', () => {
    test('a valid bundle: exit 0 and a summary', async () => {
      const result = await runCli('config', ['validate', SAMPLE]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(`${SAMPLE} is valid: 1 workspace, 3 numbers, 4 users, 3 contacts\n`);
    });

    test.each([
      'not-json',
      'forwarding-loop',
      'time-zone-abbreviation',
      'time-zone-fixed-offset',
      'closed-date-not-a-day',
      'notifications-no-phone',
      'ring-group-hangs-up',
    ])('bad/%s.json: exit 1, the message, no stack trace', async (name) => {
      const result = await runCli('config', ['validate', join(FIXTURES, 'bad', `${name}.json`)]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(expected[name]);
      expect(result.stderr).not.toMatch(noStack);
    });
  });
});

describe('config doctor', () => {
  test('warns about what works but will surprise a caller, and still exits 0', async () => {
    const file = writeTempJson('doctor.json', {
      workspaces: [
        {
          id: 'doc',
          name: 'Doctor Co',
          voicemail: { greetingText: 'Leave a message.' },
          textBack: { enabled: true, message: 'Sorry we missed you.' },
          inbound: { timeout: 30 },
          users: [
            { id: 'ghost', name: 'No phone, no app' },
            ...Array.from({ length: 4 }, (_, i) => ({
              id: `u${i}`,
              name: `U${i}`,
              phone: `+155502400${i}0`,
              webApp: true,
              mobileApp: true,
            })),
          ],
          numbers: [
            { number: '+15550240100', name: 'Assigned to ghost', assignedUser: 'ghost', inboundTimeout: 3 },
            {
              number: '+15550240101',
              name: 'No SMS, recorded',
              capabilities: { voice: true, sms: false },
              recording: { enabled: true },
              inboundTimeout: 18,
            },
            { number: '+15550240102', name: 'Big group', ringUsers: ['u0', 'u1', 'u2', 'u3'], inboundTimeout: 18 },
          ],
        },
      ],
    });
    const result = await runCli('config', ['doctor', file]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('7 warnings:');
    expect(result.stdout).toContain(
      'workspaces.0.messagingServiceSid: text-back from +15550240100, +15550240102 (US long codes) has no Messaging Service: US carriers block texts from 10DLC numbers not registered for A2P 10DLC (Twilio error 30034, unregistered A2P 10DLC number) or filter them (Twilio error 30007, carrier filtering)',
    );
    expect(result.stdout).toContain('workspaces.0.users.0: user "ghost" has no phone and no app');
    expect(result.stdout).toContain('workspaces.0.numbers.0.assignedUser: +15550240100 is assigned to "ghost", who can ring nothing');
    expect(result.stdout).toContain('workspaces.0.numbers.0.inboundTimeout: +15550240100 rings for only 3 s');
    expect(result.stdout).toContain('workspaces.0.numbers.1.capabilities.sms: text-back is on, but +15550240101 cannot send SMS');
    expect(result.stdout).toContain('workspaces.0.numbers.1.recording.announcement: +15550240101 records calls without an announcement');
    expect(result.stdout).toContain(
      'workspaces.0.numbers.2.ringUsers: the ring group would ring 12 legs; Twilio rings at most 10 at once, so 2 will not ring',
    );
  });

  test("the sample: the timeouts that outlast a cell phone's voicemail (seed 000's trap: no text goes out)", async () => {
    const result = await runCli('config', ['doctor', SAMPLE]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 warnings:');
    expect(result.stdout).toContain(
      'workspaces.0.messagingServiceSid: text-back from +15550100100, +15550100101, +15550100102 (US long codes) has no Messaging Service',
    );
    expect(result.stdout).toContain(
      'workspaces.0.numbers.1.inboundTimeout: +15550100101 rings a phone for 25 s with text-back on and call connect off',
    );
    expect(result.stdout).toContain(
      'workspaces.0.numbers.2.inboundTimeout: +15550100102 rings a phone for 45 s with text-back on and call connect off',
    );
  });

  test('A2P 10DLC: no warning with a Messaging Service, nor for toll-free or Canadian numbers; an http webhook works only locally', async () => {
    const file = writeTempJson('doctor-a2p.json', {
      workspaces: [
        {
          id: 'reg',
          name: 'Registered',
          messagingServiceSid: `MG${'1'.repeat(32)}`,
          textBack: { enabled: true },
          inbound: { timeout: 18 },
          webhooks: [{ url: 'http://127.0.0.1:8080/hooks', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` }],
          numbers: [{ number: '+15550250100', name: 'Registered line' }],
        },
        {
          id: 'mixed',
          name: 'Mixed',
          textBack: { enabled: true },
          inbound: { timeout: 18 },
          numbers: [
            { number: '+18005550100', name: 'Toll-free' },
            { number: '+14165550100', name: 'Toronto' },
            { number: '+15550250101', name: 'Own service', messagingServiceSid: `MG${'2'.repeat(32)}` },
            { number: '+15550250102', name: 'Text-back off', textBack: { enabled: false } },
          ],
        },
      ],
    });
    const result = await runCli('config', ['doctor', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 warning:');
    expect(result.stdout).toContain(
      'workspaces.0.webhooks.0.url: http://127.0.0.1:8080/hooks works only while the functions are served locally: deployed, call events are sent to https:// URLs only',
    );
    expect(result.stdout).not.toContain('Messaging Service');
  });

  test('a text-back that costs two segments, or turns UCS-2 for an emoji: warned with its cost, exit 0', async () => {
    const file = writeTempJson('doctor-segments.json', {
      workspaces: [
        {
          id: 'seg',
          name: 'Segments',
          messagingServiceSid: `MG${'1'.repeat(32)}`,
          timeZone: 'America/Chicago',
          inbound: { timeout: 18 },
          textBack: {
            enabled: true,
            message: `Hi {{contact.first_name | there}}, sorry we missed your call at {{business.name}}. ${'We will call you back within the hour. '.repeat(3)}`,
          },
          numbers: [
            { number: '+15550260100', name: 'Main' },
            {
              number: '+15550260101',
              name: 'Emoji',
              textBack: { message: 'Sorry we missed you 🙏 {{business.name}} will call you back very soon, promise. Thanks!' },
            },
          ],
        },
      ],
    });
    // "Hi there, sorry we missed your call at Segments. " is 49 characters, the sentence three times 39 each, less the
    // trailing space: 165. "Sorry we missed you " 20, the emoji 2 units, the rest 56: 78.
    const result = await runCli('config', ['doctor', file]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('2 warnings:');
    expect(result.stdout).toContain(
      '  - workspaces.0.textBack.message: the text-back from +15550260100 to a caller who is not a contact costs 2 segments (GSM-7: 165 characters; one segment holds 160, 153 each once split)',
    );
    expect(result.stdout).toContain(
      '  - workspaces.0.numbers.1.textBack.message: the text-back from +15550260101 to a caller who is not a contact costs 2 segments (UCS-2, because "🙏" is not a GSM-7 character: 78 UTF-16 units',
    );
  });

  test('a time zone that is not canonical: the doctor refuses the bundle too, naming the field', async () => {
    const result = await runCli('config', ['doctor', join(FIXTURES, 'bad', 'time-zone-abbreviation.json')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(expected['time-zone-abbreviation']);
  });

  test('an invalid bundle: exit 1 and the problems, not warnings', async () => {
    const result = await runCli('config', ['doctor', join(FIXTURES, 'bad', 'missing-user.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(expected['missing-user']);
  });
});

describe('config push and pull against Sync', () => {
  const api = useTwilioApi();

  test('an invalid bundle is never written: not one request reaches Sync', async () => {
    const serviceSid = await createSyncService(api);
    api.double.clearRequests();
    const result = await runCli('config', ['push', join(FIXTURES, 'bad', 'forwarding-loop.json')], syncEnv(api, serviceSid));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(expected['forwarding-loop']);
    expect(api.double.requestCount()).toBe(0);
  });

  test('a dry run prints what would change and writes nothing', async () => {
    const serviceSid = await createSyncService(api);
    api.double.clearRequests();
    const result = await runCli('config', ['push', SAMPLE, '--dry-run'], syncEnv(api, serviceSid));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('+ create document workspace_acme');
    expect(result.stdout).toContain('+ create document number_15550100100');
    expect(result.stdout).toContain('+ create contact +15550100200 in map contacts_acme');
    expect(result.stdout).toContain('+ create document deployment');
    expect(result.stdout).toMatch(/8 changes, 0 unchanged \(dry run: nothing written\)/);
    expect(api.double.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  test('push writes, pull gives back the same bundle, and a second push changes nothing', async () => {
    const serviceSid = await createSyncService(api);
    const env = syncEnv(api, serviceSid);
    const push = await runCli('config', ['push', SAMPLE], env);
    expect(push).toMatchObject({ code: 0, stderr: '' });
    expect(push.stdout).toMatch(/8 changes, 0 unchanged: written to Sync/);

    const out = writeTempJson('pulled.json', {});
    const pull = await runCli('config', ['pull', out], env);
    expect(pull.code).toBe(0);
    expect(pull.stderr).toContain('Wrote');
    expect(parseBundleText(readFileSync(out, 'utf8'))).toEqual(parseBundleText(readFileSync(SAMPLE, 'utf8')));

    const again = await runCli('config', ['push', SAMPLE], env);
    expect(again.stdout).toMatch(/0 changes, 8 unchanged: Sync already matches/);
  });

  test('push --impact replays the recent calls of the call history against the bundle and lists those that would change', async () => {
    const serviceSid = await createSyncService(api);
    const env = syncEnv(api, serviceSid);
    expect((await runCli('config', ['push', SAMPLE], env)).code).toBe(0);
    // Two calls in the history, routed by the sample as incoming-call routes them (Tuesday, open).
    const sample = readBundleFile(SAMPLE);
    const shards = new StateShards();
    const store = new SyncStateStore(gatewayFor(api, serviceSid));
    const calls = [
      { callSid: `CA${'1'.repeat(32)}`, to: '+15550100100', from: '+15557770001', at: '2026-11-24T15:00:00.000Z' },
      { callSid: `CA${'2'.repeat(32)}`, to: '+15550100101', from: '+15557770002', at: '2026-11-24T15:05:00.000Z' },
    ];
    for (const call of calls) {
      const decision = decide({ ...call, caller: callerOf(call.from) }, sample, new Date(call.at));
      const log = new CallLog(store, createStepLog('test'), callPlace(shards, 'acme', call.callSid), callHistoryTtlSeconds(90));
      await log.write(call.callSid, 'route', {
        at: call.at,
        to: call.to,
        from: call.from,
        workspace: 'acme',
        rule: decision.rule,
        action: decision.action,
        legs: decision.targets.map(legLabel),
        callerId: null,
        reason: '',
      });
    }
    // The main line forwarded: its call changes, the direct line's does not.
    const edited = structuredClone(sample);
    Object.assign(edited.workspaces[0]!.numbers.find((number) => number.number === '+15550100100')!, {
      mode: 'forward',
      forwardingNumber: '+15550100050',
    });
    const file = writeTempJson('edited.json', edited);
    const result = await runCli('config', ['push', file, '--impact', '--since', '2026-11-20T00:00:00Z', '--dry-run'], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Impact on the calls since 2026-11-20T00:00:00.000Z: 2 replayed');
    expect(result.stdout).toMatch(
      new RegExp(
        `CA1{32} \\+15557770001 -> \\+15550100100: ${decide({ ...calls[0]!, caller: callerOf(calls[0]!.from) }, sample, new Date(calls[0]!.at)).rule} \\[[^\\]]+\\] -> forward-mode \\[number:\\+15550100050\\]`,
      ),
    );
    expect(result.stdout).not.toContain('CA2222');
    expect(result.stdout).toContain('1 of 2 calls would now route differently.');
    expect(result.stdout).toMatch(/\(dry run: nothing written\)/);

    const misplaced = await runCli('config', ['push', file, '--since', '2026-11-20T00:00:00Z', '--dry-run'], env);
    expect(misplaced).toMatchObject({ code: 1 });
    expect(misplaced.stderr).toContain('--since goes with --impact');
  });

  test('pull from an empty service, and push without a service, say what to do', async () => {
    const serviceSid = await createSyncService(api);
    const pull = await runCli('config', ['pull'], syncEnv(api, serviceSid));
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain('Sync holds no configuration yet: push a bundle first');
    const { SYNC_SERVICE_SID: _omitted, ...withoutService } = syncEnv(api, serviceSid);
    const push = await runCli('config', ['push', SAMPLE], { ...withoutService, SYNC_SERVICE_SID: '' });
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('Sync needs SYNC_SERVICE_SID in the environment');
    expect(push.stderr).not.toMatch(noStack);
  });
});
