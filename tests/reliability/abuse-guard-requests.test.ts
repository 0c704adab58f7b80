// The abuse guard's cost in Sync, counted at the API double (behind Prism): a small fixed number of requests to
// its map per call, whatever the caller's count this minute (one counter item, created once, then raised with a
// conditional If-Match update), and still exact: the calls over the limit are rejected. Also countUp itself, the
// state stores' atomic counter, locally and in Sync (sharing this file's API double).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBundle } from '../../src/config/parse';
import { LocalStateStore } from '../../src/state/local-store';
import { SyncStateStore } from '../../src/sync/state-store';

import { callSid, FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { createSyncService, gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml } from '../support/twiml';
import { stateMapOf } from '../support/shards';

const api = useTwilioApi();
const LIMIT = 25;
let server: FunctionsServer;
let serviceSid: string;

beforeAll(async () => {
  const bundle = structuredClone(FLOW_BUNDLE);
  bundle.workspaces[0]!.inbound = { maxCallsPerCallerPerMinute: LIMIT };
  serviceSid = await serviceWithBundle(api, parseBundle(bundle));
  // A generous Sync deadline: a timed-out count lets the call through, which would blur the exact counts on a busy machine.
  server = await startFunctions(
    { ...syncEnv(api, serviceSid), ALLOW_SIMULATED_CLOCK: 'true', SYNC_TIMEOUT_MS: '5000' },
    { forkProcess: false, extraArgs: ['--no-live'] },
  );
});
afterAll(() => server?.stop());

test(`${LIMIT + 5} calls from one caller in a minute: at most 3 requests to the guard's map each, and the ${LIMIT + 1}th on are rejected`, async () => {
  const caller = '+15550760001';
  const guardRequests: number[] = [];
  const answers: string[] = [];
  // The caller's shard also holds their last call (`last:<caller>`, written by each call that is not rejected): not the guard's.
  const guardCount = () =>
    api.double
      .requests({ path: `/Maps/${stateMapOf('callers', 'flow', caller)}/` })
      .filter((request) => !request.path.includes('/Items/last') && !String(request.params.Key ?? '').startsWith('last:')).length;
  for (let call = 0; call < LIMIT + 5; call += 1) {
    const before = guardCount();
    const response = await server.post('/incoming-call', {
      CallSid: callSid(),
      To: FLOW.plainLine,
      From: caller,
      SimulatedAt: '2026-11-23T15:00:10Z',
    });
    answers.push(parseTwiml(response.body).children[0]!.name);
    guardRequests.push(guardCount() - before);
  }
  expect(answers).toEqual([...Array(LIMIT).fill('Dial'), ...Array(5).fill('Reject')]);
  // The first call creates the counter (plus, in a new service, the map itself); every later one tries the create,
  // then fetches and updates it (3), or only fetches it once the count is over the limit (2).
  expect(guardRequests.slice(1, LIMIT + 1)).toEqual(Array(LIMIT).fill(3));
  expect(guardRequests.slice(LIMIT + 1)).toEqual(Array(4).fill(2));
  // One item for the caller this minute, raised with If-Match on the revision it was read at.
  const items = (api.double.sync.mapItems(serviceSid, stateMapOf('callers', 'flow', caller), api.double.clock.now()) ?? []).filter((item) =>
    item.key.startsWith(`guard:${caller}:`),
  );
  expect(items.map((item) => item.data)).toEqual([{ count: LIMIT + 1 }]);
  const updates = api.double.requests({ method: 'POST', path: new RegExp(`/Maps/${stateMapOf('callers', 'flow', caller)}/Items/guard`) });
  expect(updates.length).toBe(LIMIT);
  expect(updates.every((update) => typeof update.headers['if-match'] === 'string')).toBe(true);
});

test('twelve simultaneous calls from one caller against a limit of 5: exactly 5 ring', async () => {
  const bundleLimit = LIMIT;
  const caller = '+15550760002';
  // Fill the counter to LIMIT - 5 first, then race twelve calls for the last five places.
  for (let call = 0; call < bundleLimit - 5; call += 1) {
    await server.post('/incoming-call', { CallSid: callSid(), To: FLOW.plainLine, From: caller, SimulatedAt: '2026-11-23T16:00:10Z' });
  }
  const answers = await Promise.all(
    Array.from({ length: 12 }, () =>
      server
        .post('/incoming-call', { CallSid: callSid(), To: FLOW.plainLine, From: caller, SimulatedAt: '2026-11-23T16:00:20Z' })
        .then((response) => parseTwiml(response.body).children[0]!.name),
    ),
  );
  expect(answers.filter((name) => name === 'Dial')).toHaveLength(5);
  expect(answers.filter((name) => name === 'Reject')).toHaveLength(7);
});

const stores = {
  local: async () => new LocalStateStore(mkdtempSync(join(tmpdir(), 'count-up-'))),
  sync: async () => new SyncStateStore(gatewayFor(api, await createSyncService(api))),
};

describe.each(Object.keys(stores) as (keyof typeof stores)[])('%s', (kind) => {
  test('ten concurrent counts with a ceiling of 4: 1, 2, 3, 4, 5 once each, then 5 for the rest', async () => {
    const store = await stores[kind]();
    const counts = await Promise.all(Array.from({ length: 10 }, () => store.countUp('caller-rate', 'w:+15550100200:1', 4, 120)));
    expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 5, 5, 5, 5, 5]);
  });

  test('each key counts on its own', async () => {
    const store = await stores[kind]();
    expect(await store.countUp('caller-rate', 'a', 10, 120)).toBe(1);
    expect(await store.countUp('caller-rate', 'a', 10, 120)).toBe(2);
    expect(await store.countUp('caller-rate', 'b', 10, 120)).toBe(1);
  });
});
