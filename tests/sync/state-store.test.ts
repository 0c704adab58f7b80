// Runtime state in Sync Maps, through the twilio client, Prism and the API double: a create that fails
// on an existing key (Twilio's 54208) and items that expire with their TTL, the same rules as locally.
import { SyncStateStore } from '../../src/sync/state-store';
import { createSyncService, gatewayFor } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';

const api = useTwilioApi();

test('create fails on an existing key and writes nothing; the map is made on first use', async () => {
  const store = new SyncStateStore(gatewayFor(api, await createSyncService(api)));
  expect(await store.create('textback', 'acme:+15550100200', { sid: 'SM1' }, 1200)).toBe(true);
  expect(await store.create('textback', 'acme:+15550100200', { sid: 'SM2' }, 1200)).toBe(false);
  expect(await store.get('textback', 'acme:+15550100200')).toEqual({ sid: 'SM1' });
  // The first create finds no map (404), makes it, and tries again (201); the second finds the key (409).
  const itemCreates = api.double.requests({ product: 'sync', method: 'POST' }).filter((request) => /\/Items$/.test(request.path));
  expect(itemCreates.map((request) => request.status)).toEqual([404, 201, 409]);
});

test('an item expires with its TTL, and its key can then be created again', async () => {
  const store = new SyncStateStore(gatewayFor(api, await createSyncService(api)));
  expect(await store.create('textback', 'k', { n: 1 }, 60)).toBe(true);
  api.double.clock.advance(59_000);
  expect(await store.get('textback', 'k')).toEqual({ n: 1 });
  api.double.clock.advance(2_000);
  expect(await store.get('textback', 'k')).toBeNull();
  expect(await store.create('textback', 'k', { n: 2 }, 60)).toBe(true);
});

test('put creates then replaces; remove and list behave like the local store', async () => {
  const store = new SyncStateStore(gatewayFor(api, await createSyncService(api)));
  await store.put('calls', 'CA1', { outcome: 'missed' });
  await store.put('calls', 'CA1', { outcome: 'answered' });
  await store.put('calls', 'CA2', { outcome: 'missed' });
  await store.remove('calls', 'CA2');
  expect(await store.list('calls')).toEqual([{ key: 'CA1', data: { outcome: 'answered' }, expiresAt: null }]);
});

test('twenty concurrent creates of one key: exactly one succeeds', async () => {
  const store = new SyncStateStore(gatewayFor(api, await createSyncService(api)));
  await store.put('textback', 'warm-up', {});
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => store.create('textback', 'acme:+15550100201', { attempt: i }, 600)),
  );
  expect(results.filter(Boolean)).toHaveLength(1);
});
