// One delivery attempt of a signed event to one endpoint: a POST with a deadline, through an injectable fetch.
// Success is a 2xx answer; anything else (another status, a redirect, which is not followed, no answer in
// time, a refused connection, a URL this placement may not use) is a failure that says what happened.
import { checkWebhookUrl } from '../config/webhook-url';
import { signedHeaders } from './sign';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type DeliveryFailureKind = 'timeout' | 'http-status' | 'network' | 'url-refused';

export type DeliveryResult =
  | { ok: true; status: number; ms: number }
  | { ok: false; kind: DeliveryFailureKind; status?: number; detail: string; ms: number };

export interface DeliveryAttempt {
  url: string;
  secret: string;
  id: string;
  body: string;
}

export interface DeliveryOptions {
  fetch: FetchLike;
  timeoutMs: number;
  /** Deployed, only https URLs; served locally, http to 127.0.0.1 or localhost too. */
  deployed: boolean;
  /** The time the attempt is signed with: the real clock (receivers check it against theirs). */
  clock: () => Date;
}

function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.code ? `${message} (${cause.code})` : cause?.message ? `${message} (${cause.message})` : message;
}

export async function deliver(attempt: DeliveryAttempt, options: DeliveryOptions): Promise<DeliveryResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const allowed = checkWebhookUrl(attempt.url, options.deployed);
  if (!allowed.ok) return { ok: false, kind: 'url-refused', detail: `not sent: the URL ${allowed.reason}`, ms: 0 };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await options.fetch(attempt.url, {
      method: 'POST',
      headers: { ...signedHeaders(attempt.secret, attempt.id, options.clock(), attempt.body), 'user-agent': 'call-routing-events/1' },
      body: attempt.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    // The answer's body is not needed; release the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, ms: elapsed() };
    const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    return {
      ok: false,
      kind: 'http-status',
      status: response.status,
      detail: `answered HTTP ${response.status}${redirect}`,
      ms: elapsed(),
    };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, kind: 'timeout', detail: `no answer within ${options.timeoutMs} ms`, ms: elapsed() };
    return { ok: false, kind: 'network', detail: networkDetail(error), ms: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}
