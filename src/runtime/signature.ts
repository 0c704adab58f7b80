// X-Twilio-Signature: every function Twilio calls checks that the request really comes from Twilio,
// signed with the account's auth token over the full URL it requested and the POST parameters.
// Our own callback URLs carry their context in query parameters named `cr...`, built by one helper,
// so the URL Twilio signed can be rebuilt exactly.
import twilio from 'twilio';

/** Prefix of the query parameters this project puts on its own callback URLs. */
const QUERY_PARAMETER = /^cr[A-Z]/;

/** A path with our query parameters in a canonical order: what TwiML names and what the check rebuilds. */
export function callbackUrl(path: string, query: Record<string, string | undefined> = {}): string {
  const entries = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key] of entries) if (!QUERY_PARAMETER.test(key)) throw new Error(`Callback query parameter "${key}" must be named cr<Name>`);
  return entries.length ? `${path}?${new URLSearchParams(entries).toString()}` : path;
}

export interface SignedRequest {
  /** The host Twilio called, e.g. "example-1234-dev.twil.io" or "localhost:3000". */
  domain: string;
  /** The function's path, e.g. "/incoming-call". */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The event as the runtime gives it: query and body parameters together. */
  event: Record<string, unknown>;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The full URL Twilio requested, and the POST parameters it signed. */
export function signedParts(request: SignedRequest): { url: string; params: Record<string, unknown> } {
  const query: Record<string, string> = {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request.event)) {
    if (key === 'request') continue;
    if (QUERY_PARAMETER.test(key) && typeof value === 'string') query[key] = value;
    else params[key] = value;
  }
  const forwarded = header(request.headers, 'x-forwarded-proto');
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(request.domain);
  const protocol = forwarded ? forwarded.split(',')[0]!.trim() : local ? 'http' : 'https';
  return { url: `${protocol}://${request.domain}${callbackUrl(request.path, query)}`, params };
}

export function checkSignature(request: SignedRequest, authToken: string | undefined): SignatureCheck {
  const signature = header(request.headers, 'x-twilio-signature');
  if (!signature) return { ok: false, reason: 'no X-Twilio-Signature header' };
  if (!authToken) return { ok: false, reason: 'AUTH_TOKEN is not set, so no signature can be checked' };
  const { url, params } = signedParts(request);
  return twilio.validateRequest(authToken, signature, url, params)
    ? { ok: true }
    : { ok: false, reason: `X-Twilio-Signature does not match ${url} and its parameters` };
}
