// src/twilio/client: how Twilio URLs are rewritten to TWILIO_API_BASE_URL, the loopback-only guard, the
// options. Requests through the library are in client-requests.test.ts.
import twilio from 'twilio';
import {
  DEFAULT_TIMEOUT_MS,
  TwilioClientConfigError,
  TwilioHttpClient,
  apiBaseUrlFrom,
  createTwilioClient,
  rewriteTwilioUrl,
} from '../../src/twilio/client';

const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'secret-token';

describe('rewriteTwilioUrl', () => {
  const base = 'http://127.0.0.1:4000';

  it.each([
    ['https://sync.twilio.com/v1/Services/IS1/Documents', `${base}/sync/v1/Services/IS1/Documents`],
    ['https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json', `${base}/api/2010-04-01/Accounts/AC1/Messages.json`],
    ['https://sync.twilio.com/v1/Services?PageSize=20&Page=1', `${base}/sync/v1/Services?PageSize=20&Page=1`],
    ['https://sync.sydney.au1.twilio.com/v1/Services', `${base}/sync/v1/Services`],
    ['https://api.us1.twilio.com/2010-04-01/Accounts.json', `${base}/api/2010-04-01/Accounts.json`],
  ])('%s -> %s', (from, to) => {
    expect(rewriteTwilioUrl(from, base)).toBe(to);
  });

  it('keeps a trailing slash on the base from doubling', () => {
    expect(rewriteTwilioUrl('https://sync.twilio.com/v1/Services', `${base}/`)).toBe(`${base}/sync/v1/Services`);
  });

  it.each(['https://example.com/v1/Services', 'http://sync.twilio.com/v1/Services', 'https://twilio.com.evil.example/v1'])(
    'leaves %s alone',
    (url) => {
      expect(rewriteTwilioUrl(url, base)).toBe(url);
    },
  );
});

describe('createTwilioClient options', () => {
  it('refuses a base URL off this machine, so credentials never leave it', () => {
    expect(() => createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: 'https://example.com' })).toThrow(
      TwilioClientConfigError,
    );
    expect(() => createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: 'not a url' })).toThrow(
      TwilioClientConfigError,
    );
  });

  it('refuses a deadline that is not a positive number', () => {
    expect(() => createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timeoutMs: 0 })).toThrow(TwilioClientConfigError);
  });

  it('always uses the deadline client, without rewriting when no base URL is given (production)', () => {
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    expect(client.httpClient).toBeInstanceOf(TwilioHttpClient);
    expect(client.httpClient).toBeInstanceOf(twilio.RequestClient);
    const http = client.httpClient as TwilioHttpClient;
    expect(http.apiBaseUrl).toBeUndefined();
    expect(http.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
  });

  it('reads TWILIO_API_BASE_URL, treating empty as unset', () => {
    expect(apiBaseUrlFrom({ TWILIO_API_BASE_URL: 'http://127.0.0.1:1234' })).toBe('http://127.0.0.1:1234');
    expect(apiBaseUrlFrom({ TWILIO_API_BASE_URL: '  ' })).toBeUndefined();
    expect(apiBaseUrlFrom({})).toBeUndefined();
  });
});
