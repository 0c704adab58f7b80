// Fault injection through the whole test path (client -> router -> Prism -> double): a 500, a 429 with 54009,
// a hang past the client's deadline and a dropped connection each surface in the client as the right error.
import twilio from 'twilio';
import { TwilioTimeoutError, TwilioTransportError } from '../../src/twilio/client';
import { type TwilioApi, expectNoContractViolations, startTwilioApi } from '../support/twilio-api/index';

/** The deadline under test: only the hang test uses a client with it, since only a hung request must reach it. */
const DEADLINE_MS = 400;

let api: TwilioApi;
let client: twilio.Twilio;
let serviceSid: string;

beforeAll(async () => {
  api = await startTwilioApi();
  client = api.client();
  serviceSid = (await client.sync.v1.services.create({})).sid;
});

afterEach(() => {
  api.double.faults.clear();
  expectNoContractViolations(api);
});

afterAll(async () => {
  await api?.stop();
});

const createDocument = (using = client) => using.sync.v1.services(serviceSid).documents.create({ data: { ok: true } });

async function timed<T>(promise: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

it('answers 500 with Twilio’s error body on the matching route only', async () => {
  api.double.faults.set({ kind: 'server-error', match: /\/Documents$/ });
  const { error } = await timed(createDocument());
  expect(error).toBeInstanceOf(twilio.RestException);
  expect(error).toMatchObject({ status: 500, code: 20500 });
  // other routes are untouched
  await expect(client.sync.v1.services(serviceSid).fetch()).resolves.toMatchObject({ sid: serviceSid });
});

it('answers 429 with code 54009 (Sync rate limit)', async () => {
  api.double.faults.set({ kind: 'rate-limit', product: 'sync' });
  const { error } = await timed(createDocument());
  expect(error).toBeInstanceOf(twilio.RestException);
  expect(error).toMatchObject({ status: 429, code: 54009 });
});

it('applies a fault a limited number of times, then serves normally', async () => {
  api.double.faults.set({ kind: 'rate-limit', times: 1 });
  await expect(createDocument()).rejects.toMatchObject({ status: 429 });
  await expect(createDocument()).resolves.toMatchObject({ data: { ok: true } });
  expect(api.double.faults.applied().at(-1)).toMatchObject({ kind: 'rate-limit', request: { method: 'POST', product: 'sync' } });
});

it('hangs past the deadline: the client gives up with a TwilioTimeoutError, not before the deadline', async () => {
  api.double.faults.set({ kind: 'hang', match: '/Documents' });
  // The double never answers: only the deadline can end this request.
  const { error, ms } = await timed(createDocument(api.client({ timeoutMs: DEADLINE_MS })));
  expect(error).toBeInstanceOf(TwilioTimeoutError);
  expect(error).toMatchObject({ timeoutMs: DEADLINE_MS });
  expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
  const hung = api.double.requests({ method: 'POST' }).at(-1);
  expect(hung?.fault).toBe('hang');
  expect(hung?.status).toBeUndefined(); // never answered
});

it('drops the connection: the client fails with a TwilioTransportError at once, not at its deadline', async () => {
  api.double.faults.set({ kind: 'drop', method: 'POST' });
  // The client's deadline is far away: a timeout here would mean the drop went unnoticed until then.
  const { error } = await timed(createDocument());
  expect(error).toBeInstanceOf(TwilioTransportError);
  expect(error).not.toBeInstanceOf(TwilioTimeoutError);
  const dropped = api.double.requests({ method: 'POST' }).at(-1);
  expect(dropped?.fault).toBe('drop');
  expect(dropped?.status).toBeUndefined(); // never answered
});

it('faults apply to the 2010-04-01 API too', async () => {
  api.double.faults.set({ kind: 'server-error', product: 'api', match: /Messages\.json$/ });
  await expect(client.messages.create({ to: '+15550100200', from: '+15550100100', body: 'x' })).rejects.toMatchObject({ status: 500 });
  expect(api.double.messages).toHaveLength(0);
});
