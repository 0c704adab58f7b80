// The user who last answered a caller, per workspace (issue 20, the sticky agent): written by dial-complete when a
// user answered, read by incoming-call when the decision wants it (`inbound.stickyAgent` on and the sticky rule
// reached). One item per caller, `answered:<caller>` in the caller's shard of the workspace's `callers` maps
// (src/state/shards.ts), replaced by each answered call and kept `days` (the sticky agent's window).
import type { LastAnswered } from '../routing/types';
import type { StateShards } from '../state/shards';
import type { JsonObject, StateStore } from '../state/store';
import { isCallSid } from './call-log';

export const lastAnsweredKey = (caller: string): string => `answered:${caller}`;

/** The longest a Sync item lives: 365 days. */
const MAX_TTL_SECONDS = 365 * 24 * 60 * 60;

/** A stored item read back as a LastAnswered, or null when it is not one. */
function asLastAnswered(data: JsonObject | null): LastAnswered | null {
  if (!data) return null;
  const { user, callSid, at } = data;
  if (typeof user !== 'string' || !user || typeof callSid !== 'string' || !isCallSid(callSid)) return null;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
  return { user, callSid, at };
}

export class LastAnsweredUsers {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
  ) {}

  private map(workspace: string, caller: string): string {
    return this.shards.mapFor('callers', workspace, caller);
  }

  /** Records who answered the caller's call, kept `days` days. Throws when the store fails. */
  async record(workspace: string, caller: string, answered: LastAnswered, days: number): Promise<void> {
    const ttl = Math.min(Math.max(1, Math.round(days)) * 24 * 60 * 60, MAX_TTL_SECONDS);
    await this.store.put(this.map(workspace, caller), lastAnsweredKey(caller), { ...answered }, ttl);
  }

  /** The user who last answered the caller, or null (none, or not one we can read). Throws when the store fails. */
  async find(workspace: string, caller: string): Promise<LastAnswered | null> {
    return asLastAnswered(await this.store.get(this.map(workspace, caller), lastAnsweredKey(caller)));
  }
}
