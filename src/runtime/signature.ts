// X-Twilio-Signature: every function Twilio calls checks that the request really comes from Twilio, signed
// with the account's auth token the way Twilio signs: a POST over the full URL it requested (with its query)
// followed by the POST parameters sorted by name; a GET over the full URL alone. Our own callback URLs carry
// their context in query parameters named `cr...`, built by one helper (callbackUrl).
//
// The runtime does not say which parameters came in the query and which in the body, nor the method: it merges
// them into one event (twilio-run's @twilio/runtime-handler: `Object.assign({ request }, req.query, req.body)`;
// Twilio's docs: "form and query parameters will be normalized into the event parameter"). It does keep their
// order: the query's in URL order, then the body's. So the check tries each split of that order into a query
// prefix and a body rest (a GET is the split with an empty body) and accepts a request when Twilio signed one of
// them. That is safe: whichever split matches, the event the function reads is the event of a request Twilio
// signed (the same path on the same host, the same parameters), so nothing can be added, altered or moved to
// another function; only the method may differ, and no function reads it.
//
// Every callback URL also carries our connection overrides (src/runtime/connection-overrides.ts), a #fragment
// Twilio reads and never sends; each split is accepted signed over its URL with that fragment or without it.
import twilio from 'twilio';
import { CONNECTION_OVERRIDES_FRAGMENT, withConnectionOverrides } from './connection-overrides';

/** Prefix of the query parameters this project puts on its own callback URLs. */
const QUERY_PARAMETER = /^cr[A-Z]/;

/**
 * A path with our query parameters in a canonical order and our connection overrides: what TwiML, a number's
 * settings and a REST request name (the one place every webhook URL we hand Twilio is made), and what the check
 * rebuilds.
 */
export function callbackUrl(path: string, query: Record<string, string | undefined> = {}): string {
  const entries = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key] of entries) if (!QUERY_PARAMETER.test(key)) throw new Error(`Callback query parameter "${key}" must be named cr<Name>`);
  return withConnectionOverrides(entries.length ? `${path}?${new URLSearchParams(entries).toString()}` : path);
}

export interface SignedRequest {
  /** The host Twilio called, e.g. "example-1234-dev.twil.io" or "localhost:3000". */
  domain: string;
  /** The function's path, e.g. "/incoming-call". */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The event as the runtime gives it: query and body parameters together, the query's first. */
  event: Record<string, unknown>;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** More parameters than Twilio ever sends (a status callback has about 30): refused without trying every split. */
export const MAX_SIGNED_PARAMETERS = 200;

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A parameter as it can appear in a URL: a string, or a repeated one. Anything else (qs's nested objects) cannot. */
function queryValues(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return null;
}

/** The URL Twilio called, without its query: https deployed, http on a loopback host. */
function baseUrl(request: SignedRequest): string {
  const forwarded = header(request.headers, 'x-forwarded-proto');
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(request.domain);
  const protocol = forwarded ? forwarded.split(',')[0]!.trim() : local ? 'http' : 'https';
  return `${protocol}://${request.domain}${request.path}`;
}

export interface SignedCandidate {
  /** The full URL, with the query this split puts in it (and, in a second candidate, our connection overrides). */
  url: string;
  /** The POST parameters this split leaves in the body. */
  params: Record<string, unknown>;
}

/**
 * Every way the event can be split into the URL's query and the POST body, in the order most likely first: our
 * own callbacks (the leading `cr...` parameters in the query), a POST with no query, a GET (everything in the
 * query), then every other split of the event's order.
 */
export function signedCandidates(request: SignedRequest): SignedCandidate[] {
  const entries = Object.entries(request.event).filter(([key]) => key !== 'request');
  if (entries.length > MAX_SIGNED_PARAMETERS) return [];
  const base = baseUrl(request);
  // The longest prefix that can be a query at all (strings or repeated strings).
  let queryable = 0;
  while (queryable < entries.length && queryValues(entries[queryable]![1]) !== null) queryable += 1;
  const split = (at: number): SignedCandidate => {
    const query = new URLSearchParams();
    for (const [key, value] of entries.slice(0, at)) for (const item of queryValues(value)!) query.append(key, item);
    return { url: at === 0 ? base : `${base}?${query.toString()}`, params: Object.fromEntries(entries.slice(at)) };
  };
  let ours = 0;
  while (ours < queryable && QUERY_PARAMETER.test(entries[ours]![0])) ours += 1;
  const order = [ours, 0, entries.length, ...Array.from({ length: queryable + 1 }, (_, at) => at)].filter((at) => at <= queryable);
  return [...new Set(order)]
    .map(split)
    .flatMap((candidate) => [candidate, { ...candidate, url: `${candidate.url}${CONNECTION_OVERRIDES_FRAGMENT}` }]);
}

/** The twilio library's own check (it also tries the URL with and without the port, and re-encoded). */
function validates(authToken: string, signature: string, candidate: SignedCandidate): boolean {
  try {
    return twilio.validateRequest(authToken, signature, candidate.url, candidate.params);
  } catch {
    return false;
  }
}

export function checkSignature(request: SignedRequest, authToken: string | undefined): SignatureCheck {
  const signature = header(request.headers, 'x-twilio-signature');
  if (!signature) return { ok: false, reason: 'no X-Twilio-Signature header' };
  if (!authToken) return { ok: false, reason: 'AUTH_TOKEN is not set, so no signature can be checked' };
  const candidates = signedCandidates(request);
  if (candidates.some((candidate) => validates(authToken, signature, candidate))) return { ok: true };
  return {
    ok: false,
    reason: candidates.length
      ? `X-Twilio-Signature does not match ${baseUrl(request)} and its parameters`
      : `more than ${MAX_SIGNED_PARAMETERS} parameters: not a Twilio request`,
  };
}
