// Where call events may be delivered: https anywhere; plain http only to this machine (127.0.0.1, localhost,
// [::1]) and only while the functions are served locally, so a test receiver works and nothing deployed ever
// sends a signed event in the clear. Zod-free: the schema and the delivery (src/events) share it.

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Whether `value` may receive events. `deployed` undefined checks what any placement could use (the
 * configuration is written before anyone knows where it will be served); true or false checks for one.
 */
export function checkWebhookUrl(value: string, deployed?: boolean): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'must be an absolute URL such as https://crm.example.com/hooks/calls' };
  }
  if (url.username || url.password)
    return { ok: false, reason: 'must not carry a user name or password (the signature proves who sent the event)' };
  if (url.hash) return { ok: false, reason: 'must not have a #fragment' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol !== 'http:') return { ok: false, reason: 'must be an https:// URL' };
  if (!LOOPBACK_HOSTNAMES.has(url.hostname))
    return { ok: false, reason: 'must be an https:// URL (plain http:// is allowed only to 127.0.0.1 or localhost, for local testing)' };
  if (deployed === true)
    return {
      ok: false,
      reason: 'is plain http:// to this machine, which only local serving may use; a deployed function sends events to https:// URLs only',
    };
  return { ok: true, url };
}

/** Plain http:// to this machine: a greeting `npm start` serves itself (src/console/greetings.ts) is linked so. */
export function isLoopbackHttp(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname);
  } catch {
    return false;
  }
}
