// Twilio's connection overrides: a URL fragment (`#rc=..&rp=..`) on a webhook URL that tells Twilio how to connect
// to it and when to try again (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides). Every
// URL we hand Twilio carries ours, so a cold start that cannot be reached or a function that answers 5xx is tried
// again before Twilio gives up (a call then goes to the number's Voice fallback URL). Twilio's limits: ct 100 to
// 10000 ms (default 5000), rt and tt 100 to 15000 ms (default 15000: the whole budget of one webhook), rc 0 to 5
// (default 1), rp a comma-separated list of 4xx, 5xx, ct, rt, all (default ct,rt; a wrong one is error 11243).
//
// Retries are safe because every step is exactly-once (a retried request finds its claim or its log entry and does
// nothing twice). We do not retry on a read timeout (rt): a function that ran out its time has used the 15 s.
//
// A fragment is never sent in an HTTP request, so a function cannot see it; how it enters X-Twilio-Signature is not
// written in Twilio's docs (their security page says "the full URL", sources differ on whether the fragment is in
// it). The signature check (src/runtime/signature.ts) therefore accepts a request signed over its URL with this
// fragment or without it: both name the same function and parameters, and only the auth token can sign either.

/** What we ask of Twilio for every webhook; the order is the fragment's. */
export const CONNECTION_OVERRIDES = {
  /** Retries after the first attempt. */
  rc: 2,
  /** Retry when the connection fails (ct) and when the function answers 5xx (a crash, an overrun, an incident). */
  rp: 'ct,5xx',
  /** Connect timeout, ms: a TCP/TLS connection to Twilio's own edge that is not made in 3 s will not be. */
  ct: 3000,
  /** Every attempt together stays within Twilio's 15 s for one webhook. */
  tt: 15000,
} as const;

/** The fragment itself, `#rc=2&rp=ct,5xx&ct=3000&tt=15000` (the comma is written as Twilio's docs write it). */
export const CONNECTION_OVERRIDES_FRAGMENT = `#${Object.entries(CONNECTION_OVERRIDES)
  .map(([key, value]) => `${key}=${value}`)
  .join('&')}`;

/** `url` (absolute, or a path with its query) with our connection overrides; a URL with a fragment already is refused. */
export function withConnectionOverrides(url: string): string {
  if (url.includes('#')) throw new Error(`${url} already has a #fragment: connection overrides would not be read`);
  return `${url}${CONNECTION_OVERRIDES_FRAGMENT}`;
}

/** `url` without our connection overrides (any other fragment is kept, so it still differs). */
export function withoutConnectionOverrides(url: string): string {
  return url.endsWith(CONNECTION_OVERRIDES_FRAGMENT) ? url.slice(0, -CONNECTION_OVERRIDES_FRAGMENT.length) : url;
}

/** Whether `actual` (a number's setting as Twilio reports it) is our `wanted` URL, with or without the overrides. */
export function sameWebhook(actual: string | null | undefined, wanted: string): boolean {
  return typeof actual === 'string' && withoutConnectionOverrides(actual) === withoutConnectionOverrides(wanted);
}
