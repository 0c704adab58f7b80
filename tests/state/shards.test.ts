// Where runtime state lives: the shard of a key is stable and spreads keys evenly, map names read back, a call's
// place survives its trip through a signed URL and a forged or malformed one is refused, and `config push` makes
// the maps a call writes to ahead, pacing itself when Sync rate-limits map creation.
import { callLogMap } from '../../src/calls/call-log';
import { decodeCallbackState, encodeCallbackState } from '../../src/calls/callback-state';
import { StateShards, parseShardMapName, shardIndex, shardMapName } from '../../src/state/shards';
import { provisionStateMaps, stateMapsFor } from '../../src/sync/provision';
import { gatewayFor, createSyncService } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';

test('FNV-1a, worked by hand: "a" hashes to 0xe40c292c, so shard 4 of 8 and 0 of 4 (0x2c = 44)', () => {
  expect(shardIndex('a', 8)).toBe(44 % 8);
  expect(shardIndex('a', 4)).toBe(0);
  expect(shardIndex('anything', 1)).toBe(0);
});

test('10,000 CallSids spread over 8 shards within 10% of even', () => {
  const counts = new Array<number>(8).fill(0);
  for (let i = 0; i < 10_000; i += 1) counts[shardIndex(`CA${i.toString(16).padStart(32, '0')}`, 8)]! += 1;
  for (const count of counts) expect(Math.abs(count - 1250)).toBeLessThan(125);
});

test('map names read back; a workspace-less call is "-"; other names are not shard maps', () => {
  expect(shardMapName('calls', 'acme-west', 7)).toBe('calls_acme-west_7');
  expect(parseShardMapName('calls_acme-west_7')).toEqual({ kind: 'calls', workspace: 'acme-west', shard: 7 });
  expect(parseShardMapName('callers_-_0')).toEqual({ kind: 'callers', workspace: null, shard: 0 });
  for (const name of ['calls', 'contacts_acme', 'textback-calls', 'guard_acme_1', 'calls_Acme_1'])
    expect(parseShardMapName(name)).toBeNull();
  expect(() => new StateShards(0)).toThrow(RangeError);
  expect(() => new StateShards(65)).toThrow(RangeError);
});

test("a call's place rides its URL: read back as written; malformed or absent is no place", () => {
  const place = { workspace: 'acme', shard: 3 };
  expect(decodeCallbackState(encodeCallbackState({ place })).place).toEqual(place);
  expect(decodeCallbackState(encodeCallbackState({ place: { workspace: null, shard: 0 } })).place).toEqual({ workspace: null, shard: 0 });
  expect(encodeCallbackState({})).toEqual({});
  expect(callLogMap(place)).toBe('calls_acme_3');
  const malformed: Record<string, string>[] = [
    {},
    { crWs: 'acme' },
    { crWs: 'acme', crShard: '64' },
    { crWs: 'ACME', crShard: '1' },
    { crWs: 'a_b', crShard: '1' },
    { crWs: 'acme', crShard: '-1' },
    { crWs: 'acme', crShard: '1.5' },
  ];
  for (const query of malformed) expect(decodeCallbackState(query).place).toBeUndefined();
});

describe('the maps a call writes to, made ahead by config push', () => {
  const api = useTwilioApi({ clearFaults: true });
  afterEach(() => {
    api.double.rateLimits.disable();
    api.double.clock.reset();
  });

  test('each workspace gets calls, callers, msgstatus and optout maps per shard, its 5 history maps (and calls for no workspace); a second push makes none', async () => {
    const shards = new StateShards(2);
    const gateway = gatewayFor(api, await createSyncService(api));
    expect(stateMapsFor(['a', 'b'], shards).sort()).toEqual(
      [
        'calls_a_0',
        'calls_a_1',
        'callers_a_0',
        'callers_a_1',
        'msgstatus_a_0',
        'msgstatus_a_1',
        'optout_a_0',
        'optout_a_1',
        'calls_b_0',
        'calls_b_1',
        'callers_b_0',
        'callers_b_1',
        'msgstatus_b_0',
        'msgstatus_b_1',
        'optout_b_0',
        'optout_b_1',
        'calls_-_0',
        'calls_-_1',
        ...['a', 'b'].flatMap((ws) => [0, 1, 2, 3, 4].map((k) => `history_${ws}_${k}`)),
      ].sort(),
    );
    const first = await provisionStateMaps(gateway, ['a', 'b'], shards);
    expect(first.created).toHaveLength(28);
    expect((await gateway.listMapNames()).sort()).toEqual(stateMapsFor(['a', 'b'], shards).sort());
    expect(await provisionStateMaps(gateway, ['a', 'b'], shards)).toEqual({ created: [], existing: 28 });
  });

  test('Sync refusing creates for their rate (429/54009): the push waits and goes on until every map is made', async () => {
    const gateway = gatewayFor(api, await createSyncService(api));
    api.double.clock.freeze();
    api.double.rateLimits.enable({ perSecond: 2, burstSeconds: 1 });
    const waits: string[] = [];
    // Waiting moves the double's clock: no real sleeping.
    const result = await provisionStateMaps(gateway, ['busy'], new StateShards(4), {
      sleep: async (ms) => api.double.clock.advance(ms),
      onWait: (map) => waits.push(map),
    });
    expect(result.created).toHaveLength(25); // 4 kinds x 4 shards, calls for no workspace x 4, history x 5
    expect(waits.length).toBeGreaterThan(0);
    expect(api.double.rateLimits.refused).toBeGreaterThan(0);
    expect(waits.length).toBeGreaterThanOrEqual(api.double.rateLimits.refused);
  });
});
