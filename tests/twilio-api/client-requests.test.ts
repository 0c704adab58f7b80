// src/twilio/client against the API double directly (no Prism): requests keep the twilio library's auth,
// headers and form bodies, go to <base>/<product>/<path>, follow paging, and end at the deadline.
import type twilio from 'twilio';
import { TwilioTimeoutError, TwilioTransportError, createTwilioClient } from '../../src/twilio/client';
import { TEST_CLIENT_TIMEOUT_MS } from '../support/twilio-api/index';
import { TwilioApiDouble } from '../support/twilio-api/double';

const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'secret-token';

describe('requests through the twilio library to the double', () => {
  let double: TwilioApiDouble;
  let client: twilio.Twilio;

  beforeAll(async () => {
    double = await TwilioApiDouble.start({ accountSid: ACCOUNT_SID });
    client = createTwilioClient({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiBaseUrl: double.url,
      timeoutMs: TEST_CLIENT_TIMEOUT_MS,
    });
  });
  afterEach(() => {
    double.faults.clear();
    double.clearRequests();
  });
  afterAll(async () => {
    await double.stop();
  });

  it('sends Sync requests to /sync/<path> with the library’s auth, headers and form body', async () => {
    const service = await client.sync.v1.services.create({ friendlyName: 'routing' });
    expect(service.sid).toMatch(/^IS[0-9a-f]{32}$/);

    const [request] = double.requests();
    expect(request).toMatchObject({ method: 'POST', product: 'sync', path: '/v1/Services', params: { FriendlyName: 'routing' } });
    const expectedAuth = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    expect(request!.headers.authorization).toBe(expectedAuth);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(String(request!.headers['user-agent'])).toMatch(/^twilio-node\//);
  });

  it('sends 2010-04-01 requests to /api/<path>', async () => {
    await client.messages.create({ to: '+15550100200', from: '+15550100100', body: 'hello' });
    expect(double.requests()).toMatchObject([
      { method: 'POST', product: 'api', path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json` },
    ]);
  });

  it('follows next-page URLs (absolute Twilio URLs in the answer) back through the rewrite', async () => {
    const service = await client.sync.v1.services.create({});
    for (let i = 0; i < 5; i++) await client.sync.v1.services(service.sid).documents.create({ data: { i } });
    double.clearRequests();
    const documents = await client.sync.v1.services(service.sid).documents.list({ pageSize: 2 });
    expect(documents).toHaveLength(5);
    expect(double.requestCount({ product: 'sync', method: 'GET' })).toBe(3);
  });

  it('gives up at the deadline with a TwilioTimeoutError when Twilio never answers', async () => {
    double.faults.set({ kind: 'hang' });
    const hurried = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: double.url, timeoutMs: 500 });
    const started = Date.now();
    // The double never answers: only the deadline can end this request.
    const error = await hurried.sync.v1.services.create({}).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TwilioTimeoutError);
    expect(error).toMatchObject({ name: 'TwilioTimeoutError', timeoutMs: 500, method: 'post' });
    expect((error as TwilioTimeoutError).url).toBe(`${double.url}/sync/v1/Services`);
    expect((error as Error).cause).toBeDefined();
    expect(elapsed).toBeGreaterThanOrEqual(450);
  });

  it('reports a dropped connection as a TwilioTransportError, not a timeout', async () => {
    double.faults.set({ kind: 'drop' });
    const error = await client.sync.v1.services.create({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioTransportError);
    expect(error).not.toBeInstanceOf(TwilioTimeoutError);
    expect((error as Error).name).toBe('TwilioTransportError');
  });
});
