// The 2010-04-01 API through the whole test path (twilio client -> router -> Prism -> double): Messages are
// recorded, phone numbers are searched, bought, updated and released; and requests Twilio's description refuses
// are caught as contract violations.
import type twilio from 'twilio';
import { ContractViolationError, type TwilioApi, expectNoContractViolations, startTwilioApi } from '../support/twilio-api/index';

let api: TwilioApi;
let client: twilio.Twilio;

beforeAll(async () => {
  api = await startTwilioApi();
  client = api.client();
});

afterAll(async () => {
  await api?.stop();
});

/** A request as a hand-written client would send it, bypassing the twilio library's own checks. */
async function raw(method: string, path: string, form?: Record<string, string>, auth = true): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Basic ${Buffer.from(`${api.accountSid}:${api.authToken}`).toString('base64')}`;
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers,
    body: form ? new URLSearchParams(form).toString() : undefined,
    signal: AbortSignal.timeout(3000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('Messages', () => {
  afterEach(() => expectNoContractViolations(api));

  it('records a message and answers with a queued SM resource', async () => {
    const message = await client.messages.create({
      to: '+15550100200',
      from: '+15550100100',
      body: 'Sorry we missed your call.',
      statusCallback: 'https://example.com/sms-status',
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message).toMatchObject({
      status: 'queued',
      direction: 'outbound-api',
      to: '+15550100200',
      from: '+15550100100',
      numSegments: '1',
    });
    expect(message.dateCreated).toBeInstanceOf(Date);

    const recorded = api.double.messages.find((m) => m.sid === message.sid);
    expect(recorded).toMatchObject({
      to: '+15550100200',
      from: '+15550100100',
      body: 'Sorry we missed your call.',
      statusCallback: 'https://example.com/sms-status',
    });
    await expect(client.messages(message.sid).fetch()).resolves.toMatchObject({ sid: message.sid, body: 'Sorry we missed your call.' });
    expect((await client.messages.list({ to: '+15550100200' })).map((m) => m.sid)).toContain(message.sid);
  });

  it('refuses a message with no body as Twilio does (400/21602)', async () => {
    await expect(client.messages.create({ to: '+15550100200', from: '+15550100100' })).rejects.toMatchObject({ status: 400, code: 21602 });
  });

  it('can insist that From is an SMS-capable number of the account (21606)', async () => {
    api.double.api.requireOwnedFrom = true;
    try {
      api.double.api.addIncoming('+15550100100', api.double.clock.now());
      api.double.api.addIncoming('+15550100101', api.double.clock.now(), {
        capabilities: { voice: true, sms: false, mms: false, fax: false },
      });
      await expect(client.messages.create({ to: '+15550100200', from: '+15550100100', body: 'ok' })).resolves.toMatchObject({
        status: 'queued',
      });
      await expect(client.messages.create({ to: '+15550100200', from: '+15550100101', body: 'no sms' })).rejects.toMatchObject({
        code: 21606,
      });
    } finally {
      api.double.api.requireOwnedFrom = false;
    }
  });
});

describe('Phone numbers', () => {
  afterEach(() => expectNoContractViolations(api));

  it('searches local numbers by area code, pattern and capability', async () => {
    const byArea = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 20 });
    expect(byArea.length).toBeGreaterThan(0);
    expect(byArea.every((n) => n.phoneNumber.startsWith('+1415'))).toBe(true);

    const pattern = await client.availablePhoneNumbers('US').local.list({ contains: '510555****', limit: 20 });
    expect(pattern.length).toBeGreaterThan(0);
    expect(pattern.map((n) => n.phoneNumber).every((p) => p.startsWith('+1510555'))).toBe(true);

    const voiceOnly = await client.availablePhoneNumbers('US').local.list({ areaCode: 808, limit: 20 });
    expect(voiceOnly.length).toBeGreaterThan(0);
    await expect(client.availablePhoneNumbers('US').local.list({ areaCode: 808, smsEnabled: true })).resolves.toEqual([]);

    const tollFree = await client.availablePhoneNumbers('US').tollFree.list({ limit: 2 });
    expect(tollFree).toHaveLength(2);
    const mobile = await client.availablePhoneNumbers('GB').mobile.list({ smsEnabled: true });
    expect(mobile.length).toBeGreaterThan(0);
    expect(mobile.every((n) => n.isoCountry === 'GB' && n.capabilities.sms)).toBe(true);
    await expect(client.availablePhoneNumbers('ZZ').local.list()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('buys a number, points it at the functions, and releases it', async () => {
    const [offered] = await client.availablePhoneNumbers('US').local.list({ areaCode: 212, smsEnabled: true, limit: 1 });
    const bought = await client.incomingPhoneNumbers.create({
      phoneNumber: offered!.phoneNumber,
      voiceUrl: 'https://example.com/incoming-call',
    });
    expect(bought.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(bought).toMatchObject({ phoneNumber: offered!.phoneNumber, voiceUrl: 'https://example.com/incoming-call', voiceMethod: 'POST' });

    // no longer offered, and cannot be bought twice
    const stillOffered = await client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 50 });
    expect(stillOffered.map((n) => n.phoneNumber)).not.toContain(offered!.phoneNumber);
    await expect(client.incomingPhoneNumbers.create({ phoneNumber: offered!.phoneNumber })).rejects.toMatchObject({
      status: 400,
      code: 21422,
    });

    const updated = await client.incomingPhoneNumbers(bought.sid).update({
      smsUrl: 'https://example.com/sms',
      statusCallback: 'https://example.com/call-status',
      voiceUrl: 'https://example.com/incoming-call?v=2',
    });
    expect(updated).toMatchObject({
      smsUrl: 'https://example.com/sms',
      statusCallback: 'https://example.com/call-status',
      voiceUrl: 'https://example.com/incoming-call?v=2',
    });
    // an empty value clears a URL, as in Twilio's API
    await expect(client.incomingPhoneNumbers(bought.sid).update({ statusCallback: '' })).resolves.toMatchObject({ statusCallback: null });
    const listed = await client.incomingPhoneNumbers.list({ phoneNumber: offered!.phoneNumber });
    expect(listed.map((n) => n.sid)).toEqual([bought.sid]);

    await client.incomingPhoneNumbers(bought.sid).remove();
    await expect(client.incomingPhoneNumbers(bought.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('buys by area code, and says when none is left (21452)', async () => {
    const bought = await client.incomingPhoneNumbers.create({ areaCode: '510' });
    expect(bought.phoneNumber.startsWith('+1510')).toBe(true);
    await expect(client.incomingPhoneNumbers.create({ areaCode: '999' })).rejects.toMatchObject({ code: 21452 });
  });
});

describe('contract violations', () => {
  beforeEach(() => api.clearViolations());
  afterAll(() => api.clearViolations());

  it('catches a Message created without To (the description requires it)', async () => {
    const before = api.double.requestCount({ product: 'api' });
    const answer = await raw('POST', `/api/2010-04-01/Accounts/${api.accountSid}/Messages.json`, { From: '+15550100100', Body: 'hi' });
    expect(answer.status).toBe(422);
    expect(api.violations()).toEqual([
      expect.objectContaining({
        method: 'POST',
        status: 422,
        type: 'UNPROCESSABLE_ENTITY',
        validation: [expect.objectContaining({ code: 'required', message: "Request body must have required property 'To'" })],
      }),
    ]);
    expect(() => expectNoContractViolations(api)).toThrow(ContractViolationError);
    expect(() => expectNoContractViolations(api)).toThrow(/Messages\.json -> 422 UNPROCESSABLE_ENTITY[\s\S]*'To'/);
    expect(api.double.requestCount({ product: 'api' })).toBe(before); // Prism stopped it before the double
  });

  it('catches a parameter of the wrong type (Ttl must be an integer)', async () => {
    const service = await client.sync.v1.services.create({});
    const answer = await raw('POST', `/sync/v1/Services/${service.sid}/Documents`, { Data: '{}', Ttl: 'soon' });
    expect(answer.status).toBe(422);
    expect(api.violations()[0]?.validation[0]).toMatchObject({ location: ['body', 'Ttl'], code: 'type' });
  });

  it('catches a malformed StatusCallback URL sent through the twilio library', async () => {
    await expect(
      client.messages.create({ to: '+15550100200', from: '+15550100100', body: 'x', statusCallback: 'not a url' }),
    ).rejects.toMatchObject({
      status: 422,
    });
    expect(api.violations()[0]?.validation[0]).toMatchObject({ location: ['body', 'StatusCallback'], code: 'format' });
  });

  it('catches a path the description does not have, and a request without credentials', async () => {
    expect((await raw('GET', `/api/2010-04-01/Accounts/${api.accountSid}/NoSuchThing.json`)).status).toBe(404);
    expect((await raw('GET', `/sync/v1/Services`, undefined, false)).status).toBe(401);
    expect(api.violations().map((v) => v.type)).toEqual(['NO_PATH_MATCHED_ERROR', 'UNAUTHORIZED']);
  });

  it('checks the double’s answers too: a field of the wrong type is a violation', async () => {
    // latitude is a number in the description; make the double answer a string for one number
    api.double.api.addAvailable({
      phoneNumber: '+13105550199',
      type: 'Local',
      isoCountry: 'US',
      latitude: 'north' as unknown as number,
      capabilities: { voice: true, sms: true, mms: false, fax: false },
    });
    await expect(client.availablePhoneNumbers('US').local.list({ areaCode: 310 })).rejects.toMatchObject({ status: 500 });
    expect(api.violations()[0]).toMatchObject({ type: 'VIOLATIONS', status: 500 });
    expect(api.violations()[0]?.validation[0]?.location).toEqual(['response', 'body', 'available_phone_numbers', '0', 'latitude']);
  });

  it('does not flag what the twilio library legitimately sends (JSON Data, a single MediaUrl)', async () => {
    const service = await client.sync.v1.services.create({});
    await client.sync.v1.services(service.sid).documents.create({ data: { nested: { ok: true } } });
    await client.messages.create({ to: '+15550100200', from: '+15550100100', mediaUrl: ['https://example.com/card.png'] });
    expect(api.violations()).toEqual([]);
    expect(api.patches.some((p) => p.property === 'Data')).toBe(true);
    expect(api.patches.some((p) => p.property === 'MediaUrl')).toBe(true);
  });
});
