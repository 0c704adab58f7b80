// The API double's notion of "now": real time plus an offset tests can move forward, so TTLs expire without sleeping.

export class Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offsetMs;
  }

  /** Moves time forward (TTL expiry, date_updated) without waiting. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance() takes a non-negative number of ms, got ${ms}`);
    this.offsetMs += ms;
  }

  /** Stops time at `at` (default: the current double time); `advance` still moves it. */
  freeze(at: Date | number = this.now()): void {
    this.frozenAt = typeof at === 'number' ? at : at.getTime();
    this.offsetMs = 0;
  }

  /** Back to real time, no offset. */
  reset(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
  }
}
