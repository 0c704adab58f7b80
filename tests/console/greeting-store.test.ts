// Greetings kept in Sync (the API double behind Prism, with Sync's 16 KiB limit on an item's data): the largest
// greeting fits, comes back byte for byte in two reads (its facts, one page of its pieces), and the same audio
// uploaded again writes nothing new.
import { GREETING_MAX_BYTES } from '../../src/console/greeting-audio';
import { GREETINGS_MAP, readGreeting, storeGreeting } from '../../src/console/greetings';
import { SyncStateStore } from '../../src/sync/state-store';
import { createSyncService, gatewayFor } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';

const api = useTwilioApi({ clearRequests: true });
let serviceSid: string;
beforeAll(async () => {
  serviceSid = await createSyncService(api);
});
const store = () => new SyncStateStore(gatewayFor(api, serviceSid));

/** Bytes that do not repeat (a pattern would hide a piece put back in the wrong place). */
const noise = (length: number, seed: number) => {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
};

test.each([
  ['the largest greeting', GREETING_MAX_BYTES],
  ['a small one (one piece)', 3000],
  ['one byte past a piece', 11 * 1024 + 1],
])('%s is kept in Sync and read back byte for byte in two reads', async (_title, length) => {
  const audio = noise(length, length);
  const id = await storeGreeting(store(), 'acme', audio, { contentType: 'audio/mpeg', seconds: 42 });
  expect(await store().get(GREETINGS_MAP, id)).toMatchObject({ workspace: 'acme', contentType: 'audio/mpeg', seconds: 42, bytes: length });
  api.double.clearRequests();
  const read = await readGreeting(store(), id);
  expect(read?.contentType).toBe('audio/mpeg');
  expect(read?.body.equals(audio)).toBe(true);
  expect(api.double.requests({ product: 'sync' }).length).toBe(2);
});

test('the same audio again is the same id and writes nothing', async () => {
  const audio = noise(20_000, 7);
  const id = await storeGreeting(store(), 'acme', audio, { contentType: 'audio/wav', seconds: 1 });
  api.double.clearRequests();
  expect(await storeGreeting(store(), 'acme', audio, { contentType: 'audio/wav', seconds: 1 })).toBe(id);
  expect(api.double.requests({ product: 'sync', method: 'POST' })).toEqual([]);
});

test('an id that is not a stored greeting reads nothing', async () => {
  expect(await readGreeting(store(), 'f'.repeat(64))).toBeNull();
  expect(await readGreeting(store(), 'not-an-id')).toBeNull();
});
