// Retiring the state of before sharding (`npm run config -- migrate-state`): every item of the old deployment-wide
// maps lands where today's code reads it, with what was left of its TTL; what cannot be placed stays (and is
// reported); each old map goes once empty; a second run, or a run after one stopped halfway, changes nothing it
// should not. Against the local state store (the command too, with --state-dir), and against Sync on the API
// double, where the writes are paced so that Sync refuses none.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATION_WRITES_PER_SECOND, PRE_SHARD_MAPS, describeMigration, migratePreShardState } from '../../src/sync/pre-shard-migration';
import { LocalStateStore } from '../../src/state/local-store';
import { StateShards } from '../../src/state/shards';
import type { JsonObject } from '../../src/state/store';
import { SyncStateStore } from '../../src/sync/state-store';
import { runCli } from '../support/cli';
import { createSyncService, gatewayFor } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { SYNC_RATE_LIMITS } from '../support/twilio-api/rate-limits';

const shards = new StateShards(4);
const HOUR = 60 * 60;
const sid = (digit: string) => `CA${digit.repeat(32)}`;
const SM = `SM${'5'.repeat(32)}`;
const ROUTED = sid('1');
const UNROUTED = sid('2');
const ORPHAN = sid('3');

/** Old maps as the functions of before sharding wrote them: map, key, data, TTL in seconds (none: kept for ever). */
const OLD: [string, string, JsonObject, number?][] = [
  ['calls', `${ROUTED}:route`, { at: 'then', to: '+15550100100', from: '+15557770001', workspace: 'acme' }, 30 * 24 * HOUR],
  ['calls', `${ROUTED}:dial`, { at: 'then', outcome: 'missed' }, 30 * 24 * HOUR],
  ['calls', `${UNROUTED}:route`, { at: 'then', to: '+15550199999', from: '+15557770002', workspace: null }, 30 * 24 * HOUR],
  ['textback-calls', ROUTED, { status: 'sent', at: 'then' }, 48 * HOUR],
  ['textback-calls', ORPHAN, { status: 'sent', at: 'then' }, 48 * HOUR],
  ['textback-window', 'acme:+15557770001', { callSid: ROUTED }, 2 * HOUR],
  ['optout', 'acme:+15557770001', { source: 'reply-stop', at: 'then' }],
  ['optout', 'acme:+15557770003', { source: 'reply-stop', at: 'then' }],
  ['caller-rate', 'acme:+15557770001:minute', { count: 3 }, 60],
  ['message-status-acme', SM, { status: 'delivered' }, 14 * 24 * HOUR],
];

/** Where each old item must be found afterwards: map, key, data. Cases written out, not computed as the code does. */
const EXPECTED: [string, string, JsonObject][] = [
  [shards.mapFor('calls', 'acme', ROUTED), `${ROUTED}:route`, OLD[0]![2]],
  [shards.mapFor('calls', 'acme', ROUTED), `${ROUTED}:dial`, OLD[1]![2]],
  [shards.mapFor('calls', null, UNROUTED), `${UNROUTED}:route`, OLD[2]![2]],
  [shards.mapFor('calls', 'acme', ROUTED), `${ROUTED}:claim`, OLD[3]![2]],
  [shards.mapFor('callers', 'acme', '+15557770001'), 'window:+15557770001', OLD[5]![2]],
  [shards.mapFor('optout', 'acme', '+15557770001'), '+15557770001', OLD[6]![2]],
  [shards.mapFor('optout', 'acme', '+15557770003'), '+15557770003', OLD[7]![2]],
  [shards.mapFor('msgstatus', 'acme', SM), SM, OLD[9]![2]],
];

describe('on the local state store', () => {
  const start = Date.now();
  let now = start;
  const clock = () => now;
  let dir: string;
  let store: LocalStateStore;

  beforeEach(async () => {
    now = start;
    dir = mkdtempSync(join(tmpdir(), 'legacy-state-'));
    store = new LocalStateStore(dir, clock);
    for (const [map, key, data, ttl] of OLD) await store.put(map, key, data, ttl);
  });

  const item = async (map: string, key: string) => (await store.list(map)).find((found) => found.key === key);

  test("every item moves to the shard today's code reads, keeping its TTL; the old maps go; an unplaceable claim stays", async () => {
    // An hour later: what is left of each TTL is an hour less than it was given.
    now += HOUR * 1000;
    const results = await migratePreShardState(store, shards, { clock });
    for (const [map, key, data] of EXPECTED) expect({ map, key, data: (await item(map, key))?.data }).toEqual({ map, key, data });
    for (const [index, [map, key]] of EXPECTED.entries()) {
      const ttl = [0, 1, 2, 3, 5, 6, 7, 9][index]!;
      const given = OLD[ttl]![3];
      expect((await item(map, key))?.expiresAt).toBe(given === undefined ? null : start + given * 1000);
    }
    // The claim of a call whose workspace nobody knows stays where it was, with why; so does its map.
    expect(await store.get('textback-calls', ORPHAN)).toEqual(OLD[4]![2]);
    expect((await store.listMaps()).filter((map) => !map.includes('_'))).toEqual(['textback-calls']);
    expect(results.map(({ map, moved, left, removed }) => ({ map, moved, left: left.length, removed }))).toEqual([
      { map: 'textback-calls', moved: 1, left: 1, removed: false },
      { map: 'textback-window', moved: 1, left: 0, removed: true },
      { map: 'optout', moved: 2, left: 0, removed: true },
      { map: 'caller-rate', moved: 0, left: 0, removed: true },
      { map: 'message-status-acme', moved: 1, left: 0, removed: true },
      { map: 'calls', moved: 3, left: 0, removed: true },
    ]);
    expect(describeMigration(results)).toContain(`  left ${ORPHAN}: its call's workspace is unknown`);

    // Again, once the orphan claim expired: it is gone with its map, and nothing else changes.
    now += 48 * HOUR * 1000;
    const again = await migratePreShardState(store, shards, { clock });
    expect(again).toEqual([expect.objectContaining({ map: 'textback-calls', moved: 0, left: [], removed: true })]);
    expect(await migratePreShardState(store, shards, { clock })).toEqual([]);
    expect(describeMigration([])).toBe('Nothing to migrate: no map of before sharding remains.\n');
    expect(await item(shards.mapFor('optout', 'acme', '+15557770001'), '+15557770001')).toBeDefined();
  });

  test('a run that stopped halfway: what reached its shard is kept as it is there, and the old copy removed', async () => {
    // A delivery report that moved and was then updated by the functions, still in the old map too.
    const reports = shards.mapFor('msgstatus', 'acme', SM);
    await store.put(reports, SM, { status: 'read' });
    // A phone only told how to opt out in its shard, opted out in the old map: the opt-out wins.
    const optOuts = shards.mapFor('optout', 'acme', '+15557770003');
    await store.put(optOuts, '+15557770003', { optedOut: false, toldAt: 'later' });
    await migratePreShardState(store, shards, { clock, only: (map) => map !== PRE_SHARD_MAPS.calls });
    expect(await store.get(reports, SM)).toEqual({ status: 'read' });
    expect(await store.get(optOuts, '+15557770003')).toEqual(OLD[7]![2]);
    expect(await store.isEmpty('message-status-acme')).toBe(true);
    // The call log was left for a later run (as if stopped): it still places the calls.
    expect((await store.list('calls')).length).toBe(3);
    await migratePreShardState(store, shards, { clock });
    expect(await store.get(shards.mapFor('calls', 'acme', ROUTED), `${ROUTED}:dial`)).toEqual(OLD[1]![2]);
    expect(await store.listMaps()).not.toContain('calls');
  });

  test('the command: npm run config -- migrate-state --state-dir DIR reports each map, then that nothing remains', async () => {
    const first = await runCli('config', ['migrate-state', '--state-dir', dir], { STATE_SHARDS: '4' });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain("optout: opt-outs (each in its phone's shard): 2 moved; map removed");
    expect(first.stdout).toContain("calls: the call log (each call to its workspace's shard, as its route says): 3 moved; map removed");
    expect(first.stdout).toContain("textback-calls: text-back claims of calls (each beside its call's log): 1 moved, 1 left; map kept");
    expect(await store.get(shards.mapFor('msgstatus', 'acme', SM), SM)).toEqual(OLD[9]![2]);
    const second = await runCli('config', ['migrate-state', '--state-dir', dir], { STATE_SHARDS: '4' });
    expect(second.stdout).toBe(
      "textback-calls: text-back claims of calls (each beside its call's log): 0 moved, 1 left; map kept (run again once what is left has expired or been mended)\n" +
        `  left ${ORPHAN}: its call's workspace is unknown (no route in the old call log); it expires by itself\n`,
    );
  });
});

describe('on Sync (the API double)', () => {
  const api = useTwilioApi({ clearFaults: true });
  afterEach(() => {
    api.double.rateLimits.disable();
    api.double.clock.reset();
  });

  test("60 calls' items in the old call log move at Sync's pace: not one request refused, each item's TTL kept", async () => {
    const serviceSid = await createSyncService(api);
    const gateway = gatewayFor(api, serviceSid);
    const store = new SyncStateStore(gateway);
    api.double.clock.freeze();
    const start = api.double.clock.now();
    const calls = Array.from({ length: 60 }, (_, index) => `CA${index.toString(16).padStart(32, '0')}`);
    await gateway.ensureMap('calls');
    for (const callSid of calls) await store.put('calls', `${callSid}:route`, { at: 'then', workspace: 'busy' }, 30 * 24 * HOUR);
    for (const map of shards.mapsOf('calls', 'busy')) await gateway.ensureMap(map);
    // Twilio's limits from here on, scaled down five times with the migration's pace (20 and 15 a second become 4
    // and 3), so that 60 calls do what 300 would; waiting moves the double's clock, so nothing really sleeps.
    api.double.rateLimits.enable({ perSecond: SYNC_RATE_LIMITS.perSecond / 5, burstSeconds: SYNC_RATE_LIMITS.burstSeconds });
    const results = await migratePreShardState(store, shards, {
      writesPerSecond: MIGRATION_WRITES_PER_SECOND / 5,
      clock: () => api.double.clock.now(),
      sleep: async (ms) => api.double.clock.advance(ms),
    });
    expect(results).toEqual([expect.objectContaining({ map: 'calls', moved: 60, left: [], removed: true })]);
    expect(api.double.rateLimits.refused).toBe(0);
    // 120 writes went to the old map and its shards' maps: the busiest took at most 3 a second over its window.
    expect(api.double.rateLimits.busiest()!.perWindow).toBeLessThanOrEqual(30);
    const moved = shards.mapsOf('calls', 'busy').flatMap((map) => api.double.sync.mapItems(serviceSid, map, api.double.clock.now()) ?? []);
    expect(moved.map((item) => item.key).sort()).toEqual(calls.map((callSid) => `${callSid}:route`).sort());
    // Sync gives expiry to the second: what is left of each TTL is kept to within one.
    for (const item of moved) expect(Math.abs(item.expires! - (start + 30 * 24 * HOUR * 1000))).toBeLessThan(1000);
    expect(await gateway.listMapNames()).not.toContain('calls');
  });
});
