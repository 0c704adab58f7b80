// Configuration in Sync, against the Twilio API double behind Prism (every request checked against
// Twilio's OpenAPI description): push and pull, request counts per call, and Sync failing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBundle, parseBundleText } from '../../src/config/parse';
import type { Bundle } from '../../src/config/types';
import { SyncConfigurationSource, ConfigUnavailableError } from '../../src/sync/configuration-source';
import { decide } from '../../src/routing/decide';
import { SyncRepository } from '../../src/sync/repository';
import { gatewayFor, serviceWithBundle } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { callerOf } from '../../src/phone/caller-id';

const api = useTwilioApi({ clearFaults: true });

const sample = parseBundleText(readFileSync(join(__dirname, '../../assets/sample-config.private.json'), 'utf8'));
const OPEN = new Date('2026-11-23T15:00:00Z');

const pushed = (bundle: Bundle = sample) => serviceWithBundle(api, bundle);

describe('push and pull', () => {
  test('push then pull returns the same bundle', async () => {
    const serviceSid = await pushed();
    const pulled = parseBundle(await new SyncRepository(gatewayFor(api, serviceSid)).readBundle());
    expect(pulled).toEqual(sample);
  });

  test('a second push of the same bundle changes nothing; a change is planned as exactly that change', async () => {
    const serviceSid = await pushed();
    const repository = new SyncRepository(gatewayFor(api, serviceSid));
    expect((await repository.plan(sample)).changes).toEqual([]);

    const changed = structuredClone(sample);
    changed.workspaces[0]!.numbers[1]!.inboundTimeout = 12;
    changed.workspaces[0]!.numbers.pop();
    changed.workspaces[0]!.contacts.push({ phone: '+15550100299', firstName: 'Gil', lastName: null, assignedUser: null, optedOut: false });
    const plan = await repository.plan(parseBundle(changed));
    expect(plan.changes).toEqual([
      { kind: 'update', target: 'document', name: 'workspace_acme', fields: ['numbers'] },
      { kind: 'update', target: 'document', name: 'number_15550100101', fields: ['inboundTimeout'] },
      { kind: 'create', target: 'contact', map: 'contacts_acme', key: '+15550100299' },
      { kind: 'remove', target: 'document', name: 'number_15550100102' },
    ]);
    await repository.apply(plan);
    expect(parseBundle(await repository.readBundle())).toEqual(parseBundle(changed));
  });
});

describe("a workspace's stored document", () => {
  const users = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      id: `user-${i}`,
      name: `A rather long user name number ${i}`,
      phone: `+1555091${String(i).padStart(4, '0')}`,
    }));
  const team = (count: number, fields: Record<string, unknown> = {}) =>
    parseBundle({
      workspaces: [
        {
          id: 'big',
          name: 'Big Team',
          users: users(count).map((user, i) => (i === 0 ? { ...user, ...fields } : user)),
          numbers: [{ number: '+15550910100', name: 'Main', assignedUser: 'user-0' }],
        },
      ],
    });

  test("leaves out a user's doNotDisturb and workingHours at their defaults, keeps them when set, and reads them all back", async () => {
    const hours = { monday: [{ open: '08:00', close: '16:00' }] };
    const bundle = team(2, { doNotDisturb: true, workingHours: hours });
    const serviceSid = await pushed(bundle);
    const stored = (await gatewayFor(api, serviceSid).fetchDocument('workspace_big'))!.data as {
      workspace: { users: Record<string, unknown>[] };
    };
    expect(stored.workspace.users[0]).toMatchObject({ doNotDisturb: true, workingHours: { monday: hours.monday } });
    expect(Object.keys(stored.workspace.users[1]!)).not.toContain('doNotDisturb');
    expect(Object.keys(stored.workspace.users[1]!)).not.toContain('workingHours');
    const repository = new SyncRepository(gatewayFor(api, serviceSid));
    expect(parseBundle(await repository.readBundle())).toEqual(bundle);
    expect(parseBundle(await repository.readBundle()).workspaces[0]!.users[1]).toMatchObject({ doNotDisturb: false, workingHours: null });
    // Compared whole, as read back: a second push of the same bundle plans nothing.
    expect((await repository.plan(bundle)).changes).toEqual([]);
  });

  test('a team of 70 with long names fits in one document, as before the per-user availability fields', async () => {
    const bundle = team(70);
    const serviceSid = await pushed(bundle);
    const stored = (await gatewayFor(api, serviceSid).fetchDocument('workspace_big'))!.data;
    expect(new TextEncoder().encode(JSON.stringify(stored)).length).toBeLessThanOrEqual(16 * 1024);
    expect(parseBundle(await new SyncRepository(gatewayFor(api, serviceSid)).readBundle())).toEqual(bundle);
  });
});

describe('loading what one call needs', () => {
  test('costs 3 Sync requests cold and 1 warm, and routes exactly as the bundle does', async () => {
    const serviceSid = await pushed();
    const gateway = gatewayFor(api, serviceSid);
    const source = new SyncConfigurationSource(gateway, { cacheTtlMs: 30_000 });
    const call = { to: '+15550100100', from: '+15550100200' };

    const before = api.double.requestCount({ product: 'sync' });
    const cold = await source.forCall(call);
    const coldRequests = api.double.requestCount({ product: 'sync' }) - before;
    const warm = await source.forCall(call);
    const warmRequests = api.double.requestCount({ product: 'sync' }) - before - coldRequests;

    expect({ coldRequests, warmRequests, gatewayCount: gateway.requests }).toEqual({ coldRequests: 3, warmRequests: 1, gatewayCount: 4 });
    const fromSync = decide({ ...call, caller: callerOf(call.from) }, warm.configuration, OPEN);
    const fromBundle = decide({ ...call, caller: callerOf(call.from) }, sample, OPEN);
    expect({ ...fromSync, trace: undefined }).toEqual({ ...fromBundle, trace: undefined });
    expect(fromSync.rule).toBe('caller-assigned-user');
    expect(cold.warnings).toEqual([]);
  });

  test('an unknown number costs one request and is rejected; a withheld caller needs no contact lookup', async () => {
    const serviceSid = await pushed();
    const gateway = gatewayFor(api, serviceSid);
    const source = new SyncConfigurationSource(gateway, { cacheTtlMs: 30_000 });
    const unknown = await source.forCall({ to: '+15559990000', from: '+15550100200' });
    expect(decide({ to: '+15559990000', from: '+15550100200', caller: callerOf('+15550100200') }, unknown.configuration, OPEN).rule).toBe(
      'unknown-number',
    );
    expect(gateway.requests).toBe(1);
    await source.forCall({ to: '+15550100101', from: 'anonymous' });
    expect(gateway.requests).toBe(3);
  });

  test("a destination that is another of the workspace's numbers still counts as a loop in a one-call slice", async () => {
    const serviceSid = await pushed();
    const source = new SyncConfigurationSource(gatewayFor(api, serviceSid), { cacheTtlMs: 30_000 });
    const { configuration } = await source.forCall({ to: '+15550100101', from: '+15550100201' });
    expect(configuration.routedNumbers).toEqual(['+15550100100', '+15550100101', '+15550100102']);
  });
});

describe('when Sync fails', () => {
  /** The functions' default SYNC_TIMEOUT_MS: only a hung request reaches it, even on a loaded machine. */
  const DEADLINE_MS = 1500;

  test.each([
    ['answers 500', 'server-error' as const],
    ['rate-limits with 54009', 'rate-limit' as const],
    ['hangs past the deadline', 'hang' as const],
    ['drops the connection', 'drop' as const],
  ])('Sync %s: the call is routed from the last good configuration, within the deadline, and says so', async (_title, kind) => {
    const serviceSid = await pushed();
    let now = 0;
    const source = new SyncConfigurationSource(gatewayFor(api, serviceSid, DEADLINE_MS), { cacheTtlMs: 30_000, clock: () => now });
    const call = { to: '+15550100101', from: '+15550100201' };
    await source.forCall(call);
    now += 60_000; // the cache is stale: the next call must ask Sync again

    api.double.faults.set({ kind, product: 'sync' });
    const before = api.double.requestCount();
    const result = await source.forCall(call);
    const faulted = api.double
      .requests()
      .slice(before)
      .filter((request) => request.fault === kind);

    expect(decide({ ...call, caller: callerOf(call.from) }, result.configuration, OPEN)).toMatchObject({
      action: 'dial',
      rule: 'number-assigned-user',
    });
    expect(result.source).toBe('sync (stale)');
    expect(result.warnings.join('\n')).toMatch(/serving the last good copy of number_15550100101, fetched 60 s ago/);
    // At most two documents and one contact asked, each ended by its error or its deadline (a hung request never
    // answers: that this call returned at all shows the deadline ended it), so a call waits at most 3 deadlines.
    expect(faulted.length).toBeGreaterThanOrEqual(1);
    expect(faulted.length).toBeLessThanOrEqual(3);
  });

  test('with nothing cached, the failure is a ConfigUnavailableError (the function then rings FALLBACK_NUMBER)', async () => {
    const serviceSid = await pushed();
    const source = new SyncConfigurationSource(gatewayFor(api, serviceSid, DEADLINE_MS), { cacheTtlMs: 30_000 });
    api.double.faults.set({ kind: 'server-error', product: 'sync' });
    await expect(source.forCall({ to: '+15550100101', from: '+15550100201' })).rejects.toBeInstanceOf(ConfigUnavailableError);
  });

  test('after a failure, the stale copy is served for a few seconds without asking Sync again', async () => {
    const serviceSid = await pushed();
    let now = 0;
    const gateway = gatewayFor(api, serviceSid, DEADLINE_MS);
    const source = new SyncConfigurationSource(gateway, { cacheTtlMs: 30_000, clock: () => now });
    const call = { to: '+15550100101', from: 'anonymous' };
    await source.forCall(call);
    now += 60_000;
    api.double.faults.set({ kind: 'hang', product: 'sync' });
    await source.forCall(call);
    const afterFirstFailure = gateway.requests;
    now += 1_000;
    const second = await source.forCall(call);
    expect(gateway.requests).toBe(afterFirstFailure);
    expect(second.warnings.join('\n')).toMatch(/Sync failed moments ago/);
  });

  test("a contact lookup that fails routes the call without the caller's assignment, and says so", async () => {
    const serviceSid = await pushed();
    const source = new SyncConfigurationSource(gatewayFor(api, serviceSid, DEADLINE_MS), { cacheTtlMs: 30_000 });
    api.double.faults.set({ kind: 'server-error', match: /\/Maps\//, product: 'sync' });
    const result = await source.forCall({ to: '+15550100100', from: '+15550100200' });
    expect(decide({ to: '+15550100100', from: '+15550100200', caller: callerOf('+15550100200') }, result.configuration, OPEN).rule).toBe(
      'ring-group',
    );
    expect(result.warnings.join('\n')).toMatch(/routing without the caller's contact/);
  });
});
