// The one place a Twilio REST client is made. Every request gets a deadline; with `apiBaseUrl` (tests and
// local tools only, from TWILIO_API_BASE_URL) every request goes to `${apiBaseUrl}/<product>/<path>`
// instead of `https://<product>.twilio.com/<path>`, still through the twilio library's own RequestClient.
import { UserFacingError } from '../errors/user-facing-error';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

export const DEFAULT_TIMEOUT_MS = 3000;

/** The environment variable that points every client at a local API double. Never set in production. */
export const API_BASE_URL_VARIABLE = 'TWILIO_API_BASE_URL';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Tests and local tools only: a loopback base URL (e.g. http://127.0.0.1:4123) that replaces Twilio's hosts. */
  apiBaseUrl?: string | undefined;
  /** Deadline of each request, from sending it to having the whole response. Default 3000 ms. */
  timeoutMs?: number | undefined;
}

/** The client options are unusable (bad deadline, base URL that is not a loopback http(s) URL). */
export class TwilioClientConfigError extends UserFacingError {
  override readonly name: string = 'TwilioClientConfigError';
}

/** Twilio answered, but refused the request: its HTTP status and Twilio's error code, when it gave one. */
export class TwilioRequestError extends UserFacingError {
  override readonly name: string = 'TwilioRequestError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A request got no HTTP response: the connection failed, was reset or dropped. */
export class TwilioTransportError extends UserFacingError {
  override readonly name: string = 'TwilioTransportError';
  readonly method: string;
  readonly url: string;
  constructor(method: string, url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.method = method;
    this.url = url;
  }
}

/** A request did not complete within its deadline; it was aborted. */
export class TwilioTimeoutError extends TwilioTransportError {
  override readonly name: string = 'TwilioTimeoutError';
  readonly timeoutMs: number;
  constructor(method: string, url: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(method, url, `Twilio request ${method.toUpperCase()} ${url} got no answer within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

const TWILIO_HOST = /^([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.twilio\.com$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * `https://<product>[.<edge>.<region>].twilio.com/<path>?<query>` -> `${apiBaseUrl}/<product>/<path>?<query>`.
 * Any other URL is returned unchanged.
 */
export function rewriteTwilioUrl(uri: string, apiBaseUrl: string): string {
  const url = new URL(uri);
  const match = url.protocol === 'https:' ? TWILIO_HOST.exec(url.hostname) : null;
  if (!match) return uri;
  const product = match[1]!.toLowerCase();
  return `${apiBaseUrl.replace(/\/+$/, '')}/${product}${url.pathname}${url.search}`;
}

export function checkApiBaseUrl(apiBaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch (error) {
    throw new TwilioClientConfigError(`${API_BASE_URL_VARIABLE} is not a URL: ${apiBaseUrl}`, { cause: error });
  }
  // The auth token travels with every request: never let a stray variable send it to another host.
  if (!/^https?:$/.test(url.protocol) || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TwilioClientConfigError(
      `${API_BASE_URL_VARIABLE} must be an http(s) URL on this machine (127.0.0.1, localhost or [::1]), got ${apiBaseUrl}`,
    );
  }
  return apiBaseUrl;
}

interface AxiosLikeError {
  code?: string;
  message?: string;
}

/**
 * The twilio library's RequestClient with a hard deadline on each request and, when given a base URL, the
 * Twilio hosts rewritten to it. Everything else (auth, headers, form encoding, responses) is the library's.
 */
export class TwilioHttpClient extends RequestClient {
  readonly timeoutMs: number;
  readonly apiBaseUrl: string | undefined;

  constructor(options: { timeoutMs: number; apiBaseUrl?: string | undefined }) {
    super({ timeout: options.timeoutMs });
    this.timeoutMs = options.timeoutMs;
    this.apiBaseUrl = options.apiBaseUrl;
    // axios' own `timeout` is an idle-socket timeout; the abort signal bounds the whole exchange.
    this.axios.interceptors.request.use((config) => {
      const deadline = typeof config.timeout === 'number' && config.timeout > 0 ? config.timeout : this.timeoutMs;
      if (!config.signal) config.signal = AbortSignal.timeout(deadline);
      return config;
    });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.apiBaseUrl ? rewriteTwilioUrl(opts.uri, this.apiBaseUrl) : opts.uri;
    const timeoutMs = Math.min(opts.timeout ?? this.timeoutMs, this.timeoutMs);
    try {
      return await super.request({ ...opts, uri, timeout: timeoutMs });
    } catch (error) {
      throw toTransportError(error, opts.method, uri, timeoutMs);
    }
  }
}

function toTransportError(error: unknown, method: string, url: string, timeoutMs: number): Error {
  const { code, message } = (error ?? {}) as AxiosLikeError;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
    return new TwilioTimeoutError(method, url, timeoutMs, { cause: error });
  }
  const reason = message ?? String(error);
  return new TwilioTransportError(method, url, `Twilio request ${method.toUpperCase()} ${url} failed: ${reason}`, { cause: error });
}

/** Makes a Twilio REST client; the only function in the project that may. */
export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TwilioClientConfigError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const apiBaseUrl = options.apiBaseUrl ? checkApiBaseUrl(options.apiBaseUrl) : undefined;
  const httpClient = new TwilioHttpClient({ timeoutMs, apiBaseUrl });
  return new twilio.Twilio(options.accountSid, options.authToken, { httpClient, timeout: timeoutMs });
}

/** Reads TWILIO_API_BASE_URL from an environment; empty or absent means "talk to Twilio". */
export function apiBaseUrlFrom(env: Record<string, string | undefined>): string | undefined {
  const value = env[API_BASE_URL_VARIABLE]?.trim();
  return value ? value : undefined;
}
