// The API double enforces Sync's rate limits when a test switches them on: 20 reads and 20 writes per second
// per object (a Map with all its items is one object), sustained, with a ten-second burst window; 429 with
// error 54009 past it. Driven in the double's simulated time through the twilio library: the limits with Prism
// checking every exchange against Twilio's Sync description, the volumes (over a thousand writes of one shape)
// against the double directly.
import type twilio from 'twilio';
import { createTwilioClient } from '../../src/twilio/client';
import {
  type TwilioApi,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  TEST_CLIENT_TIMEOUT_MS,
  TwilioApiDouble,
  expectNoContractViolations,
  startTwilioApi,
} from '../support/twilio-api/index';

const START = Date.UTC(2026, 10, 23, 15, 0, 0);

/** A Sync service with two maps, and a writer that resolves with the HTTP status Sync answered. */
async function syncWithMaps(client: twilio.Twilio) {
  const serviceSid = (await client.sync.v1.services.create({ friendlyName: 'rate-limits' })).sid;
  for (const uniqueName of ['calls_a', 'calls_b']) await client.sync.v1.services(serviceSid).syncMaps.create({ uniqueName });
  const items = (map: string) => client.sync.v1.services(serviceSid).syncMaps(map).syncMapItems;
  let key = 0;
  const write = (map: string): Promise<number> =>
    items(map)
      .create({ key: `k${key++}`, data: { n: key } })
      .then(
        () => 201,
        (error: { status?: number; code?: number }) => (error.code === 54009 ? (error.status ?? 0) : -1),
      );
  return { serviceSid, items, write };
}

describe('through Prism', () => {
  let api: TwilioApi;
  let client: twilio.Twilio;
  let sync: Awaited<ReturnType<typeof syncWithMaps>>;

  beforeAll(async () => {
    api = await startTwilioApi();
    client = api.client();
    sync = await syncWithMaps(client);
  });
  beforeEach(() => api.double.clock.freeze(START));
  afterEach(() => {
    expectNoContractViolations(api);
    api.double.rateLimits.disable();
    api.double.clock.reset();
  });
  afterAll(() => api?.stop());

  test('on: a burst of 200 writes to one map passes, the 201st is 429/54009; other maps, reads, and the next window are unaffected', async () => {
    api.double.rateLimits.enable();
    const burst = [];
    for (let i = 0; i < 200; i += 1) burst.push(await sync.write('calls_a'));
    expect(burst.filter((status) => status === 201)).toHaveLength(200);
    expect(await sync.write('calls_a')).toBe(429);
    const refused = await sync
      .items('calls_a')
      .create({ key: 'one-more', data: {} })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 429, code: 54009 });
    expect(await sync.write('calls_b')).toBe(201); // another object
    expect((await sync.items('calls_a').list({ limit: 1 })).length).toBe(1); // reads have their own budget
    api.double.clock.advance(10_001);
    expect(await sync.write('calls_a')).toBe(201); // the window has passed
    expect(api.double.rateLimits.refused).toBe(2);
  });

  test('a map addressed by its sid and by its unique name is one object', async () => {
    api.double.rateLimits.enable({ perSecond: 1, burstSeconds: 10 });
    const sid = (await client.sync.v1.services(sync.serviceSid).syncMaps('calls_b').fetch()).sid; // a read: its own budget
    for (let i = 0; i < 5; i += 1) expect(await sync.write('calls_b')).toBe(201);
    for (let i = 0; i < 5; i += 1) expect(await sync.write(sid)).toBe(201);
    expect(await sync.write(sid)).toBe(429);
    expect(await sync.write('calls_b')).toBe(429);
  });
});

describe('against the double directly', () => {
  let double: TwilioApiDouble;
  let sync: Awaited<ReturnType<typeof syncWithMaps>>;

  beforeAll(async () => {
    double = await TwilioApiDouble.start({ accountSid: TEST_ACCOUNT_SID });
    sync = await syncWithMaps(
      createTwilioClient({
        accountSid: TEST_ACCOUNT_SID,
        authToken: TEST_AUTH_TOKEN,
        apiBaseUrl: double.url,
        timeoutMs: TEST_CLIENT_TIMEOUT_MS,
      }),
    );
  });
  beforeEach(() => double.clock.freeze(START));
  afterEach(() => {
    double.rateLimits.disable();
    double.clock.reset();
  });
  afterAll(() => double?.stop());

  test('off by default: 250 writes to one map in the same instant (the clock is frozen) all succeed', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 250; i += 1) statuses.push(await sync.write('calls_a'));
    expect(statuses.filter((status) => status === 201)).toHaveLength(250);
  });

  test.each([
    [20, 0],
    [25, 1],
  ])('%i writes per second for 30 s: refused only above 20/s, once the burst window is used up', async (perSecond, expectRefusals) => {
    double.rateLimits.enable();
    const refusedAt: number[] = [];
    for (let i = 0; i < perSecond * 30; i += 1) {
      if ((await sync.write('calls_a')) === 429) refusedAt.push(double.clock.now() - START);
      double.clock.advance(1000 / perSecond);
    }
    if (expectRefusals === 0) {
      expect(refusedAt).toEqual([]);
    } else {
      // 25/s fills the 200-request window after 8 s; from then on a fifth of the writes are refused.
      expect(Math.min(...refusedAt)).toBeGreaterThanOrEqual(7_900);
      expect(refusedAt.length).toBeGreaterThan(perSecond * 30 * 0.1);
    }
  });
});
