// The round-robin counter of a number (issue 20): how many calls its round-robin ring group has started, so each
// call starts at the next user after the one the previous call started with. One small counter per number,
// `turn:<number>` in the number's shard of its workspace's `callers` maps (src/state/shards.ts), raised atomically
// by the state store (one create, or a fetch and an If-Match update in Sync). A call whose count cannot be kept (the
// store failing, or over Sync's per-object rate: 429) starts at a random user instead, and its trace says so
// (src/flows/call-inputs.ts).
import type { Rotation } from '../routing/types';
import type { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';

/** The counter never stops (a ceiling no number reaches), and lives as long as a Sync item can: 365 days from its first call. */
const NO_CEILING = Number.MAX_SAFE_INTEGER - 1;
const COUNTER_TTL_SECONDS = 365 * 24 * 60 * 60;

export const turnKey = (number: string): string => `turn:${number}`;

export class RoundRobin {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
  ) {}

  /** This call's turn at `number` (0 for the first call): the counter raised by one. Throws when the store fails. */
  async nextTurn(workspaceId: string, number: string): Promise<Rotation> {
    const count = await this.store.countUp(
      this.shards.mapFor('callers', workspaceId, number),
      turnKey(number),
      NO_CEILING,
      COUNTER_TTL_SECONDS,
    );
    return { turn: count - 1, source: 'counter' };
  }
}

/** A turn drawn at random, when the counter could not be kept: the group starts at a random user, and says why. */
export function randomTurn(why: string, random: () => number = Math.random): Rotation {
  return { turn: Math.floor(random() * 1_000_000), source: 'random', why };
}
