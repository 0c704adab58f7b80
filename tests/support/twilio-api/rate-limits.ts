// Sync's rate limits, as the API double enforces them when a test switches them on: each Sync object (a
// Document, or a Map with all its items) takes at most 20 reads and 20 writes per second, sustained; a
// ten-second burst window lets a moment exceed that as long as the last 10 s average stays within it (so at
// most 200 reads and 200 writes in any 10 s). Past it Sync answers 429 with error 54009, and so does the double.
// Creating objects counts against the service, the same way. Time is the double's clock, so a test can drive
// simulated seconds without sleeping.

export interface SyncRateLimitOptions {
  /** Sustained requests per second per object and kind (read or write). Twilio: 20. */
  perSecond: number;
  /** The burst window, in seconds. Twilio: 10. */
  burstSeconds: number;
}

export const SYNC_RATE_LIMITS: SyncRateLimitOptions = { perSecond: 20, burstSeconds: 10 };

export type AccessKind = 'read' | 'write';

export interface SyncObjectAccess {
  /** The object the request counts against, e.g. `IS.../Maps/MP...` or `IS.../create`. */
  object: string;
  kind: AccessKind;
}

/** Which Sync object a request touches. `resolve` turns a unique name into the object's sid, so both count as one. */
export function syncObjectOf(
  method: string,
  path: string,
  resolve: (service: string, collection: string, sidOrName: string) => string,
): SyncObjectAccess | undefined {
  const match = /^\/v1\/Services\/([^/]+)\/(Documents|Maps|Lists|Streams)(?:\/([^/]+))?/.exec(path);
  if (!match) return undefined;
  const [, service, collection, sidOrName] = match as unknown as [string, string, string, string | undefined];
  const kind: AccessKind = method === 'GET' ? 'read' : 'write';
  if (sidOrName === undefined) return { object: kind === 'write' ? `${service}/create` : `${service}/${collection}`, kind };
  return { object: `${service}/${collection}/${resolve(service, collection, decodeURIComponent(sidOrName))}`, kind };
}

/** Per object and kind, the times of the requests accepted in the last burst window. */
export class SyncRateLimiter {
  enabled = false;
  private readonly accepted = new Map<string, number[]>();
  private refusedCount = 0;
  private readonly peak = new Map<string, number>();

  constructor(private options: SyncRateLimitOptions = SYNC_RATE_LIMITS) {}

  /** Switches enforcement on (with Twilio's limits unless others are given) and forgets what was counted. */
  enable(options: SyncRateLimitOptions = SYNC_RATE_LIMITS): void {
    this.options = options;
    this.enabled = true;
    this.reset();
  }

  disable(): void {
    this.enabled = false;
    this.reset();
  }

  reset(): void {
    this.accepted.clear();
    this.peak.clear();
    this.refusedCount = 0;
  }

  /** True when the request is within the limits (and counts it); false when Sync would answer 429. */
  admit(access: SyncObjectAccess, now: number): boolean {
    if (!this.enabled) return true;
    const key = `${access.kind} ${access.object}`;
    const windowMs = this.options.burstSeconds * 1000;
    const times = (this.accepted.get(key) ?? []).filter((at) => at > now - windowMs);
    if (times.length >= this.options.perSecond * this.options.burstSeconds) {
      this.accepted.set(key, times);
      this.refusedCount += 1;
      return false;
    }
    times.push(now);
    this.accepted.set(key, times);
    this.peak.set(key, Math.max(this.peak.get(key) ?? 0, times.length));
    return true;
  }

  /** Requests answered 429 by the limits since they were enabled. */
  get refused(): number {
    return this.refusedCount;
  }

  /** The busiest object: the most requests of one kind it took within one burst window, and which. */
  busiest(): { key: string; perWindow: number } | undefined {
    let best: { key: string; perWindow: number } | undefined;
    for (const [key, perWindow] of this.peak) if (!best || perWindow > best.perWindow) best = { key, perWindow };
    return best;
  }
}
