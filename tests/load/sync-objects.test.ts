// Naming and counting Sync objects for the load (tests/support/load/sync-objects.ts): each object's scope read from
// its name against the deployment's workspace ids, and the peak rates of requests over sliding windows.
import { classifyObject, objectRates, peakWithin, type SyncAccess } from '../support/load/index';

const IDS = new Set(['ws1', 'ws10', 'acme-co']);

test.each([
  ['calls', { scope: 'deployment', workspace: null, pattern: 'calls' }],
  ['caller-rate', { scope: 'deployment', workspace: null, pattern: 'caller-rate' }],
  ['deployment', { scope: 'deployment', workspace: null, pattern: 'deployment' }],
  ['calls_ws1_3', { scope: 'shard', workspace: 'ws1', pattern: 'calls_<ws>_<k>' }],
  ['callers_ws10_12', { scope: 'shard', workspace: 'ws10', pattern: 'callers_<ws>_<k>' }],
  ['calls_-_0', { scope: 'shard', workspace: '-', pattern: 'calls_<ws>_<k>' }],
  ['optout_acme-co_7', { scope: 'shard', workspace: 'acme-co', pattern: 'optout_<ws>_<k>' }],
  ['contacts_ws10', { scope: 'workspace', workspace: 'ws10', pattern: 'contacts_<ws>' }],
  ['workspace_acme-co', { scope: 'workspace', workspace: 'acme-co', pattern: 'workspace_<ws>' }],
  ['message-status-ws1', { scope: 'workspace', workspace: 'ws1', pattern: 'message-status-<ws>' }],
  ['webhook-failures-acme-co', { scope: 'workspace', workspace: 'acme-co', pattern: 'webhook-failures-<ws>' }],
  ['number_15551000000', { scope: 'number', workspace: null, pattern: 'number_<n>' }],
  // Not a workspace this deployment holds: nothing says whose it is.
  ['contacts_ws2', { scope: 'deployment', workspace: null, pattern: 'contacts_ws2' }],
  ['calls_ws2_1', { scope: 'deployment', workspace: null, pattern: 'calls_ws2_1' }],
])('%s', (name, expected) => {
  expect(classifyObject(name, IDS)).toEqual(expected);
});

test('the peak within a span: the most timestamps in any window of that length (its end excluded)', () => {
  expect(peakWithin([], 1000)).toBe(0);
  expect(peakWithin([5, 5, 5], 1000)).toBe(3);
  // [0, 1000) holds 0, 100, 999; 1000 starts the next second.
  expect(peakWithin([0, 100, 999, 1000, 1500], 1000)).toBe(3);
  // [999, 1999) holds 999, 1000, 1500, 1998.
  expect(peakWithin([0, 999, 1000, 1500, 1998, 1999], 1000)).toBe(4);
});

test('per object and kind: requests, 429s, the peak per second and per burst window, busiest first', () => {
  const at = (seconds: number) => seconds * 1000;
  const accesses: SyncAccess[] = [
    ...[0, 0.5, 1.2, 11, 11.1].map((s) => ({ at: at(s), object: 'calls', kind: 'write' as const, rateLimited: s === 11.1 })),
    ...[0, 3].map((s) => ({ at: at(s), object: 'calls', kind: 'read' as const, rateLimited: false })),
    { at: at(2), object: 'contacts_ws1', kind: 'read', rateLimited: false },
  ];
  expect(objectRates(accesses)).toEqual([
    // Writes: 0, 0.5, 1.2 within 10 s (3); 1.2, 11, 11.1 too; per second: 11 and 11.1 (2), or 0 and 0.5 (2).
    { object: 'calls', kind: 'write', requests: 5, refused: 1, peakPerSecond: 2, peakPerWindow: 3 },
    { object: 'calls', kind: 'read', requests: 2, refused: 0, peakPerSecond: 1, peakPerWindow: 2 },
    { object: 'contacts_ws1', kind: 'read', requests: 1, refused: 0, peakPerSecond: 1, peakPerWindow: 1 },
  ]);
});
