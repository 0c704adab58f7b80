// The runtime state maps a call writes to (src/state/shards.ts), created ahead by `config push` so that a cold
// deployment's first busy minutes do not create hundreds of maps at once: Sync takes 20 creates per second per
// service, and a map made on first use costs that call two more requests. Existing maps are listed once, then only
// the missing ones are created; a create that Sync rate-limits waits and is tried again, so a push of many
// workspaces paces itself instead of failing.
import { historyMapsOf } from '../calls/history-index';
import { WRITTEN_PER_CALL, type StateShards } from '../state/shards';
import { SyncUnavailableError, type SyncGateway } from './gateway';

/** How long to wait after Sync refused a create for its rate, and how many times to wait for one map. */
export const CREATE_RETRY_MS = 1_000;
export const CREATE_ATTEMPTS = 30;

export interface ProvisionResult {
  /** Maps that were created now. */
  created: string[];
  /** Maps that already existed. */
  existing: number;
}

/** Every map the calls of these workspaces (and calls to unrouted numbers) write to. */
export function stateMapsFor(workspaceIds: readonly string[], shards: StateShards): string[] {
  return [
    ...workspaceIds.flatMap((workspace) => WRITTEN_PER_CALL.flatMap((kind) => shards.mapsOf(kind, workspace))),
    ...shards.mapsOf('calls', null),
    ...workspaceIds.flatMap((workspace) => historyMapsOf(workspace)),
  ];
}

export async function provisionStateMaps(
  gateway: SyncGateway,
  workspaceIds: readonly string[],
  shards: StateShards,
  options: { sleep?: (ms: number) => Promise<void>; onWait?: (map: string) => void } = {},
): Promise<ProvisionResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const wanted = stateMapsFor(workspaceIds, shards);
  const existing = new Set(await gateway.listMapNames());
  const created: string[] = [];
  for (const map of wanted) {
    if (existing.has(map)) continue;
    await waitingOutSyncRate(() => gateway.ensureMap(map), { sleep, onWait: () => options.onWait?.(map) });
    created.push(map);
  }
  return { created, existing: wanted.length - created.length };
}

/**
 * Runs `request`; when Sync refuses it for its rate (429/54009, or the breaker open after such refusals), waits
 * CREATE_RETRY_MS and tries again, up to CREATE_ATTEMPTS times: how a tool paces itself against the functions' traffic.
 */
export async function waitingOutSyncRate<T>(
  request: () => Promise<T>,
  options: { sleep: (ms: number) => Promise<void>; onWait?: () => void },
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      const waitable = error instanceof SyncUnavailableError && (error.failure === 'rate-limited' || error.failure === 'circuit-open');
      if (!waitable || attempt >= CREATE_ATTEMPTS) throw error;
      options.onWait?.();
      await options.sleep(CREATE_RETRY_MS);
    }
  }
}
