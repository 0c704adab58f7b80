// Requests Twilio really sends, signed exactly as Twilio signs them (the twilio library's own signer), through
// a real twilio-run: a Voice URL with a query string (POST: the full URL with its query, then the sorted POST
// parameters) and a GET webhook (the full URL alone). Both are accepted; any change after signing is refused.
// Every URL we hand Twilio ends in Twilio's connection overrides (#rc=..): a fragment no request carries, which
// Twilio's docs do not say is in or out of the signed URL, so a request signed either way is accepted, and any
// other change (another fragment, a parameter, another function, another token) is still refused.
import twilio from 'twilio';
import { startFunctions, TEST_AUTH_TOKEN, type FunctionsServer } from '../support/twilio-run';
import { OVERRIDES, parseTwiml, planFromTwiml } from '../support/twiml';

let server: FunctionsServer;
beforeAll(async () => {
  server = await startFunctions();
});
afterAll(async () => {
  await server?.stop();
});

let calls = 0;
/** A call to the sample's emergency line (forward mode: it always rings +15550100005), from a fresh caller. */
function call(): Record<string, string> {
  calls += 1;
  return {
    CallSid: `CA${String(calls).padStart(32, '0')}`,
    To: '+15550100102',
    From: `+1555020${String(calls).padStart(4, '0')}`,
    CallStatus: 'ringing',
    Direction: 'inbound',
  };
}

const sign = (url: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, url, params);

async function post(url: string, body: Record<string, string>, signature: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: await response.text() };
}

async function get(url: string, signature: string) {
  const response = await fetch(url, { headers: { 'X-Twilio-Signature': signature } });
  return { status: response.status, body: await response.text() };
}

const routed = (body: string) => planFromTwiml(parseTwiml(body));

describe('a Voice URL with a query string (POST)', () => {
  test('signed over the full URL with its query and the sorted POST parameters: routed', async () => {
    const url = `${server.baseUrl}/incoming-call?src=ads&campaign=spring%20sale`;
    const params = call();
    const answer = await post(url, params, sign(url, params));
    expect(answer.status).toBe(200);
    expect(routed(answer.body)).toMatchObject({ action: 'dial', legs: ['number:+15550100005'] });
  });

  test.each([
    ['the query changed after signing', (url: string) => url.replace('src=ads', 'src=seo'), (params: Record<string, string>) => params],
    ['the query dropped', (url: string) => url.slice(0, url.indexOf('?')), (params: Record<string, string>) => params],
    ['a POST parameter changed', (url: string) => url, (params: Record<string, string>) => ({ ...params, To: '+15550100100' })],
    ['a POST parameter added', (url: string) => url, (params: Record<string, string>) => ({ ...params, Extra: '1' })],
  ])('%s: 403', async (_title, alterUrl, alterParams) => {
    const url = `${server.baseUrl}/incoming-call?src=ads`;
    const params = call();
    const answer = await post(alterUrl(url), alterParams(params), sign(url, params));
    expect(answer.status).toBe(403);
  });
});

describe('a GET webhook', () => {
  const getUrl = (params: Record<string, string>, extra = '') =>
    `${server.baseUrl}/incoming-call?${new URLSearchParams(params).toString()}${extra}`;

  test('signed over the full URL alone (every parameter in the query): routed', async () => {
    const url = getUrl(call());
    const answer = await get(url, sign(url, {}));
    expect(answer.status).toBe(200);
    expect(routed(answer.body)).toMatchObject({ action: 'dial', legs: ['number:+15550100005'] });
  });

  test("with the Voice URL's own query first: routed", async () => {
    const url = `${server.baseUrl}/incoming-call?src=ads&${new URLSearchParams(call()).toString()}`;
    const answer = await get(url, sign(url, {}));
    expect(answer.status).toBe(200);
  });

  test.each([
    ['a parameter changed after signing', (url: string) => url.replace(/To=[^&]+/, 'To=%2B15550100100')],
    ['a parameter added after signing', (url: string) => `${url}&Extra=1`],
    ['sent to another function', (url: string) => url.replace('/incoming-call', '/dial-complete')],
  ])('%s: 403', async (_title, alter) => {
    const url = getUrl(call());
    const answer = await get(alter(url), sign(url, {}));
    expect(answer.status).toBe(403);
  });
});

describe('a URL with our connection overrides (the fragment Twilio reads and never sends)', () => {
  test.each([
    ['signed over the URL with the fragment', OVERRIDES],
    ['signed over the URL without it', ''],
  ])('%s: routed', async (_title, signedFragment) => {
    const url = `${server.baseUrl}/incoming-call`;
    const params = call();
    const answer = await post(`${url}${OVERRIDES}`, params, sign(`${url}${signedFragment}`, params));
    expect(answer.status).toBe(200);
    expect(routed(answer.body)).toMatchObject({ action: 'dial', legs: ['number:+15550100005'] });
  });

  test.each([
    ['signed over another fragment', (url: string) => `${url}#rc=5&rp=all`, (params: Record<string, string>) => params, TEST_AUTH_TOKEN],
    [
      'signed over ours with the overrides doubled',
      (url: string) => `${url}${OVERRIDES}${OVERRIDES.slice(1)}`,
      (params: Record<string, string>) => params,
      TEST_AUTH_TOKEN,
    ],
    [
      'a POST parameter changed after signing',
      (url: string) => `${url}${OVERRIDES}`,
      (params: Record<string, string>) => ({ ...params, To: '+15550100100' }),
      TEST_AUTH_TOKEN,
    ],
    [
      'signed for another function',
      (url: string) => `${url.replace('/incoming-call', '/dial-complete')}${OVERRIDES}`,
      (params: Record<string, string>) => params,
      TEST_AUTH_TOKEN,
    ],
    [
      'signed with another auth token',
      (url: string) => `${url}${OVERRIDES}`,
      (params: Record<string, string>) => params,
      'not-the-auth-token-0123456789abcd',
    ],
  ])('%s: 403', async (_title, signedUrl, sentParams, token) => {
    const url = `${server.baseUrl}/incoming-call`;
    const params = call();
    const signature = twilio.getExpectedTwilioSignature(token, signedUrl(url), params);
    const answer = await post(`${url}${OVERRIDES}`, sentParams(params), signature);
    expect(answer.status).toBe(403);
  });
});

describe('checkSignature on its own', () => {
  test('our own callbacks with their query and the connection overrides validate signed with or without the fragment', async () => {
    const { callbackUrl, checkSignature } = await import('../../src/runtime/signature');
    const path = callbackUrl('/dial-complete', { crWs: 'acme', crShard: '3' });
    expect(path).toBe(`/dial-complete?crShard=3&crWs=acme${OVERRIDES}`);
    const body = { CallSid: `CA${'2'.repeat(32)}`, DialCallStatus: 'no-answer' };
    const event = { crShard: '3', crWs: 'acme', ...body, request: {} };
    const base = 'https://example-1234-dev.twil.io';
    const check = (signedUrl: string, params: Record<string, string> = body) =>
      checkSignature(
        { domain: 'example-1234-dev.twil.io', path: '/dial-complete', headers: { 'x-twilio-signature': sign(signedUrl, params) }, event },
        TEST_AUTH_TOKEN,
      );
    expect(check(`${base}${path}`)).toEqual({ ok: true });
    expect(check(`${base}${path.slice(0, path.indexOf('#'))}`)).toEqual({ ok: true });
    expect(check(`${base}${path.replace('crWs=acme', 'crWs=globex')}`)).toMatchObject({ ok: false });
    expect(check(`${base}${path}`, { ...body, DialCallStatus: 'completed' })).toMatchObject({ ok: false });
  });

  test('our own callbacks (cr... in the query) validate; more parameters than Twilio ever sends are refused without trying', async () => {
    const { checkSignature, MAX_SIGNED_PARAMETERS } = await import('../../src/runtime/signature');
    const url = 'https://example-1234-dev.twil.io/connect-whisper?crCalled=%2B15550100100&crCaller=%2B15550100200';
    const body = { CallSid: `CA${'1'.repeat(32)}`, Digits: '1' };
    const event = { crCalled: '+15550100100', crCaller: '+15550100200', ...body, request: {} };
    const request = {
      domain: 'example-1234-dev.twil.io',
      path: '/connect-whisper',
      headers: { 'x-twilio-signature': sign(url, body) },
      event,
    };
    expect(checkSignature(request, TEST_AUTH_TOKEN)).toEqual({ ok: true });
    const many = Object.fromEntries(Array.from({ length: MAX_SIGNED_PARAMETERS + 1 }, (_, i) => [`P${i}`, 'x']));
    const crowded = {
      ...request,
      event: many,
      headers: { 'x-twilio-signature': sign('https://example-1234-dev.twil.io/connect-whisper', many) },
    };
    expect(checkSignature(crowded, TEST_AUTH_TOKEN)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/more than 200 parameters/),
    });
  });
});
