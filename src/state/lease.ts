// Work claimed and left half-done. Every exactly-once step claims its work before doing it (a text-back's call
// claim `claimed`, a notice `sending`, a reply `forwarding`), and the claim carries when it was taken (`at`, from
// the caller's "now"). A Twilio Function runs at most 10 s, so a claim older than the lease whose work is still not
// done belongs to an invocation that died between its two writes: a later invocation (the retry of the webhook, or
// the next request about the same call or caller) may take it over, with a compare-and-set (StateStore.takeOver),
// finish the work, and record when (`recoveredAt`) and how late (`delaySeconds`). A fresh claim is never taken:
// its holder may still be working. Pure.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from './store';

/** Twilio's limit on one Function's run. */
const FUNCTION_MAX_RUN_SECONDS = 10;
/** How old a claim must be before another invocation may take it over: the longest run, and a margin for clocks. */
export const CLAIM_LEASE_SECONDS = FUNCTION_MAX_RUN_SECONDS + 5;

/** Finished by a later invocation: when, and how long after the work was first claimed. */
export interface Recovery {
  recoveredAt: string;
  delaySeconds: number;
}

const timeOf = (value: unknown): number | null => {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
};

/** When the claim's current holder took it: its last takeover, else its first claim. */
function heldSince(claim: JsonObject): number | null {
  return timeOf(claim.recoveredAt) ?? timeOf(claim.at);
}

/**
 * Whether `claim` is work still at `pendingStatus` whose holder took it more than the lease before `now`. A claim
 * with no readable time is taken as lapsed: nothing else could ever finish it.
 */
export function lapsedClaim(claim: JsonObject | null | undefined, pendingStatus: string, now: Date): boolean {
  if (!claim || claim.status !== pendingStatus) return false;
  const since = heldSince(claim);
  return since === null || now.getTime() - since > CLAIM_LEASE_SECONDS * 1000;
}

/** The takeOver change for a claim left `pendingStatus` past the lease: the same claim, marked recovered `now` (null: leave it). */
export function takeLapsed(pendingStatus: string, now: Date): (current: JsonObject) => JsonObject | null {
  return (current) => (lapsedClaim(current, pendingStatus, now) ? { ...current, recoveredAt: now.toISOString() } : null);
}

/**
 * A claim's own token (random, one per attempt): an attempt whose create landed though its answer was lost (a
 * timeout, a dropped connection) finds its own claim by it when it reads the item back, and goes on with it.
 */
export const newClaimToken = (): string => randomUUID();

/** The item is the claim this attempt wrote (its `claim` token is `token`), not since taken over by a later one. */
export function isOwnClaim(current: JsonObject | null | undefined, token: string | undefined): boolean {
  return typeof token === 'string' && current?.claim === token && current.recoveredAt === undefined;
}

/**
 * The takeOver change after a create that did not say "written": this attempt's own claim is kept as it is (its
 * create landed); another's claim left pending past the lease is taken over (`takeLapsed`); otherwise null.
 */
export function takeOwnOrLapsed(pendingStatus: string, now: Date, token: string): (current: JsonObject) => JsonObject | null {
  const lapsed = takeLapsed(pendingStatus, now);
  return (current) => (isOwnClaim(current, token) ? current : lapsed(current));
}

/** The recovery of work first claimed at `firstAt` (ISO-8601), finished `now`. */
export function recoveryOf(firstAt: unknown, now: Date): Recovery {
  const first = timeOf(firstAt);
  return { recoveredAt: now.toISOString(), delaySeconds: first === null ? 0 : Math.max(0, Math.round((now.getTime() - first) / 1000)) };
}

/** "finished 42 s late, at <time>, by a later invocation": how the history says it. */
export function describeRecovery(entry: JsonObject): string | null {
  if (typeof entry.recoveredAt !== 'string') return null;
  const delay = typeof entry.delaySeconds === 'number' ? `${entry.delaySeconds} s late` : 'late';
  return `finished ${delay} by a later invocation at ${entry.recoveredAt} (the first one died half-way)`;
}
