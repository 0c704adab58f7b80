// countUp, the state stores' atomic counter (the abuse guard's): concurrent counts never share a number, and
// nothing is raised past the ceiling. Locally across the store's files; in Sync on the API double.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStateStore } from '../../src/state/local-store';
import { SyncStateStore } from '../../src/state/sync-store';
import { createSyncService, gatewayFor } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api';

const api = useTwilioApi();

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
