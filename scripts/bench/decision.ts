// Section 1: the routing decision, in process, two ways: against the whole bundle (a local file or the
// shipped asset), and in Sync mode, where each call's configuration is first assembled by
// SyncConfigurationSource from its cached documents and the caller's contact (the Sync documents are held in
// memory: no network, no twilio library) and then decided. Validates the generated large configuration with
// parseBundle, routes every generated call once untimed both ways (JIT warm-up, caches filled; the two
// decisions must be the same), then routes them again in three timed passes each way, timing each call with
// the high-resolution clock.
import { parseBundle } from '../../src/config/parse';
import { serializedSize, workspaceDocument } from '../../src/config/layout';
import { workspaceSchema } from '../../src/config/schema';
import type { Bundle } from '../../src/config/types';
import { SyncConfigurationSource } from '../../src/sync/configuration-source';
import { decide } from '../../src/routing/decide';
import { generateCalls, type BenchCall } from './calls';
import { BENCH_SEED, LARGE_CONFIG, generateLargeBundle } from './large-config';
import { InMemorySyncGateway } from './memory-sync';
import { elapsedMs, percentile, round } from './stats';

export const DECISION_CALLS = 10_000;

export interface DecisionResult {
  seed: number;
  configuration: {
    workspaces: number;
    numbers: number;
    users: number;
    contacts: number;
    /** The largest workspace document in Sync, and what one workspace holding all 100 users would weigh. */
    largestWorkspaceDocumentBytes: number;
    singleWorkspaceDocumentBytes: number;
  };
  calls: number;
  /** How often each rule decided, over the calls. */
  rules: Record<string, number>;
  /** decide() against the whole bundle, as a local file or the shipped asset serves it. */
  bundle: DecideTiming;
  /** Sync mode, warm: the call's configuration assembled from the cached documents and its contact, then decide(). */
  sync: DecideTiming;
}

export interface DecideTiming {
  decisionsPerSecond: number;
  p50Us: number;
  p99Us: number;
}

/** The Sync source's clock stands still, so its documents stay fresh: a warm container within the cache TTL. */
const SYNC_CLOCK_MS = 0;
const SYNC_CACHE_TTL_MS = 30_000;

export function countConfiguration(bundle: Bundle) {
  const sum = (count: (workspace: Bundle['workspaces'][number]) => number) =>
    bundle.workspaces.reduce((total, workspace) => total + count(workspace), 0);
  return {
    workspaces: bundle.workspaces.length,
    numbers: sum((workspace) => workspace.numbers.length),
    users: sum((workspace) => workspace.users.length),
    contacts: sum((workspace) => workspace.contacts.length),
    ringGroups: sum((workspace) => workspace.numbers.filter((number) => number.ringUsers.length > 0).length),
    withBusinessHours: sum((workspace) => (workspace.businessHours ? 1 : 0)),
  };
}

/** The Sync document one workspace holding every user would be: why the configuration is split. */
function singleWorkspaceDocumentBytes(seed: number): number {
  const [only] = generateLargeBundle(seed, { ...LARGE_CONFIG, workspaces: 1 }).workspaces;
  return serializedSize(workspaceDocument(workspaceSchema.parse(only)));
}

/** Timed passes over the calls per configuration; the rate reported is the median pass's. */
export const TIMED_PASSES = 3;

/**
 * Times `route` over every call, one at a time (awaited only when it returns a promise), in TIMED_PASSES
 * passes. A pass's rate is its calls over its wall time; the median pass's is reported (one pass can be
 * hit by the machine's other work), and the percentiles are over every timed call of every pass.
 */
async function timePasses(calls: readonly BenchCall[], route: (call: BenchCall) => unknown): Promise<DecideTiming> {
  const micros: number[] = [];
  const rates: number[] = [];
  for (let pass = 0; pass < TIMED_PASSES; pass += 1) {
    const started = process.hrtime.bigint();
    for (const call of calls) {
      const before = process.hrtime.bigint();
      const routed = route(call);
      if (routed instanceof Promise) await routed;
      micros.push(Number(process.hrtime.bigint() - before) / 1000);
    }
    rates.push(calls.length / (elapsedMs(started) / 1000));
  }
  return {
    decisionsPerSecond: Math.round(percentile(rates, 50)),
    p50Us: round(percentile(micros, 50), 1),
    p99Us: round(percentile(micros, 99), 1),
  };
}

export async function benchDecision(seed: number = BENCH_SEED, callCount: number = DECISION_CALLS): Promise<DecisionResult> {
  const bundle = parseBundle(generateLargeBundle(seed), 'the generated benchmark configuration');
  const calls = generateCalls(bundle, callCount, seed);
  const source = new SyncConfigurationSource(new InMemorySyncGateway(bundle), {
    cacheTtlMs: SYNC_CACHE_TTL_MS,
    clock: () => SYNC_CLOCK_MS,
  });
  const fromBundle = ({ call, at }: BenchCall) => decide(call, bundle, at);
  const fromSync = async ({ call, at }: BenchCall) => decide(call, (await source.forCall(call)).configuration, at);

  const rules: Record<string, number> = {};
  for (const entry of calls) {
    const decision = fromBundle(entry);
    const synced = await fromSync(entry);
    if (JSON.stringify(synced) !== JSON.stringify(decision)) {
      throw new Error(
        `Sync mode decided ${entry.call.from} -> ${entry.call.to} differently from the whole bundle (${synced.rule}, not ${decision.rule})`,
      );
    }
    rules[decision.rule] = (rules[decision.rule] ?? 0) + 1;
  }

  const bundleTiming = await timePasses(calls, fromBundle);
  const syncTiming = await timePasses(calls, fromSync);

  const counts = countConfiguration(bundle);
  return {
    seed,
    configuration: {
      workspaces: counts.workspaces,
      numbers: counts.numbers,
      users: counts.users,
      contacts: counts.contacts,
      largestWorkspaceDocumentBytes: Math.max(...bundle.workspaces.map((workspace) => serializedSize(workspaceDocument(workspace)))),
      singleWorkspaceDocumentBytes: singleWorkspaceDocumentBytes(seed),
    },
    calls: calls.length,
    rules,
    bundle: bundleTiming,
    sync: syncTiming,
  };
}
