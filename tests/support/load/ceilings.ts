// What Sync's per-object limits imply for a deployment, from the requests one call makes to each object (measured,
// see per-call.ts). Pure arithmetic, no I/O. An object shared by every call of the deployment caps the deployment;
// one shared by every call of a workspace caps that workspace; one shard of a workspace's state takes 1/shards of its
// calls. A number's documents are counted as the workspace's (the worst case: all of its calls on one number).

import type { AccessKind, ObjectScope } from './sync-objects';

/** Requests one call makes to one kind of object: a pattern such as `calls_<ws>_<k>` or `contacts_<ws>`. */
export interface ObjectLoad {
  pattern: string;
  scope: ObjectScope;
  reads: number;
  writes: number;
}

export interface CeilingInput {
  /** Per outcome, the requests one call makes to each kind of object. */
  perCall: { answered: readonly ObjectLoad[]; missed: readonly ObjectLoad[] };
  /** The share of calls answered (the rest are missed). */
  answeredShare: number;
  /** STATE_SHARDS: how many shards a workspace's runtime state is split into. */
  shards: number;
  /** Sync's limit per object and kind: 20 per second. */
  limitPerSecond: number;
}

/** Where a ceiling comes from: the calls per second at which `pattern` reaches the limit in `kind`. */
export interface Ceiling {
  callsPerSecond: number;
  pattern: string;
  kind: AccessKind;
  /** Requests of that kind one call (of the mix) makes to that object. */
  perCall: number;
}

/** Requests of each kind one call of the mix makes to each kind of object, averaged over the outcomes. */
export function mixedLoad(input: Pick<CeilingInput, 'perCall' | 'answeredShare'>): ObjectLoad[] {
  const mixed = new Map<string, ObjectLoad>();
  const add = (loads: readonly ObjectLoad[], share: number) => {
    for (const load of loads) {
      const entry = mixed.get(load.pattern) ?? { pattern: load.pattern, scope: load.scope, reads: 0, writes: 0 };
      entry.reads += load.reads * share;
      entry.writes += load.writes * share;
      mixed.set(load.pattern, entry);
    }
  };
  add(input.perCall.answered, input.answeredShare);
  add(input.perCall.missed, 1 - input.answeredShare);
  return [...mixed.values()];
}

/** The lowest of each object's limits: `spread` says how many objects of that kind the calls are spread over. */
function lowest(loads: readonly ObjectLoad[], limitPerSecond: number, spread: (load: ObjectLoad) => number): Ceiling | null {
  let best: Ceiling | null = null;
  for (const load of loads) {
    for (const kind of ['read', 'write'] as const) {
      const perCall = kind === 'read' ? load.reads : load.writes;
      if (perCall <= 0) continue;
      const callsPerSecond = (limitPerSecond * spread(load)) / perCall;
      if (!best || callsPerSecond < best.callsPerSecond) best = { callsPerSecond, pattern: load.pattern, kind, perCall };
    }
  }
  return best;
}

/** The calls per second one workspace can take before one of its objects (or one shard) reaches the limit. */
export function workspaceCeiling(input: CeilingInput): Ceiling | null {
  const own = mixedLoad(input).filter((load) => load.scope !== 'deployment');
  return lowest(own, input.limitPerSecond, (load) => (load.scope === 'shard' ? input.shards : 1));
}

/** The calls per second the whole deployment can take before an object every call touches reaches the limit; null: no such object. */
export function deploymentCeiling(input: CeilingInput): Ceiling | null {
  const shared = mixedLoad(input).filter((load) => load.scope === 'deployment');
  return lowest(shared, input.limitPerSecond, () => 1);
}

export interface MixCeiling {
  /** The deployment's calls per second at which the first object reaches the limit, with the busiest workspace taking `busyShare` of them. */
  callsPerSecond: number | null;
  /** Which limit comes first. */
  setBy: 'deployment' | 'busiest workspace' | null;
}

/**
 * For a deployment whose busiest workspace takes `busyShare` of its calls (the load test: 20 of 100), the calls per
 * second at which the first object reaches the limit: the deployment's own ceiling, or the busiest workspace's
 * ceiling scaled up by its share, whichever is lower.
 */
export function mixCeiling(input: CeilingInput, busyShare: number): MixCeiling {
  const deployment = deploymentCeiling(input);
  const workspace = workspaceCeiling(input);
  const viaWorkspace = workspace ? workspace.callsPerSecond / busyShare : null;
  if (deployment === null && viaWorkspace === null) return { callsPerSecond: null, setBy: null };
  if (viaWorkspace === null || (deployment !== null && deployment.callsPerSecond <= viaWorkspace))
    return { callsPerSecond: deployment!.callsPerSecond, setBy: 'deployment' };
  return { callsPerSecond: viaWorkspace, setBy: 'busiest workspace' };
}

export interface CeilingSummary {
  workspace: Ceiling | null;
  /** Null: no object is touched by every call of the deployment. */
  deployment: Ceiling | null;
  /** The load test's shape: the busiest workspace takes `busyShare` of the deployment's calls. */
  mix: MixCeiling & { busyShare: number };
}

/** The three ceilings of one measurement. */
export function summarizeCeilings(input: CeilingInput, busyShare: number): CeilingSummary {
  return { workspace: workspaceCeiling(input), deployment: deploymentCeiling(input), mix: { ...mixCeiling(input, busyShare), busyShare } };
}
