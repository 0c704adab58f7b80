// Sign-in attempts, rate-limited in the state store (Sync, or local files): at most `limit` per place and phone in
// each fixed window (sign-in-source.ts says what a place is), never per phone alone, so one place cannot use up a
// phone's attempts for everyone. Counted atomically like the abuse guard: slot 1..limit of the window is created with
// a TTL, and a create never succeeds twice, so concurrent attempts cannot share a slot.
import type { StateStore } from '../state/store';

export const SIGN_IN_ATTEMPTS_MAP = 'console-attempts';

export interface AttemptLimit {
  /** What is limited, part of the key: "send" or "check". */
  action: string;
  limit: number;
  windowMinutes: number;
}

/** At most 5 codes sent and 5 codes tried per place and phone in 15 minutes (Verify adds its own limits per phone). */
export const SEND_CODE_LIMIT: AttemptLimit = { action: 'send', limit: 5, windowMinutes: 15 };
export const CHECK_CODE_LIMIT: AttemptLimit = { action: 'check', limit: 5, windowMinutes: 15 };

/** Takes the next attempt for `phone` from `source` now; false when the window's attempts of that pair are used up. */
export async function takeAttempt(store: StateStore, rule: AttemptLimit, source: string, phone: string, now: Date): Promise<boolean> {
  const subject = `${source}|${phone}`;
  const windowMs = rule.windowMinutes * 60_000;
  const window = Math.floor(now.getTime() / windowMs);
  const ttlSeconds = Math.ceil((2 * windowMs) / 1000);
  for (let slot = 1; slot <= rule.limit; slot += 1) {
    if (await store.create(SIGN_IN_ATTEMPTS_MAP, `${rule.action}:${subject}:${window}:${slot}`, { at: now.toISOString() }, ttlSeconds))
      return true;
  }
  return false;
}
