// Section 1: the routing decision, in process. Validates the generated large configuration with
// parseBundle, routes every generated call once untimed (JIT warm-up, and the bundle's index is built),
// then routes them again, timing each decide() with the high-resolution clock.
import { parseBundle, serializedSize, workspaceDocument, workspaceSchema, type Bundle } from '../../src/config';
import { decide } from '../../src/routing';
import { generateCalls } from './calls';
import { BENCH_SEED, LARGE_CONFIG, generateLargeBundle } from './large-config';
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
  decisionsPerSecond: number;
  p50Us: number;
  p99Us: number;
}

export function countConfiguration(bundle: Bundle) {
  const sum = (count: (workspace: Bundle['workspaces'][number]) => number) => bundle.workspaces.reduce((total, workspace) => total + count(workspace), 0);
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

export function benchDecision(seed: number = BENCH_SEED, callCount: number = DECISION_CALLS): DecisionResult {
  const bundle = parseBundle(generateLargeBundle(seed), 'the generated benchmark configuration');
  const calls = generateCalls(bundle, callCount, seed);

  const rules: Record<string, number> = {};
  for (const { call, at } of calls) {
    const rule = decide(call, bundle, at).rule;
    rules[rule] = (rules[rule] ?? 0) + 1;
  }

  const micros: number[] = new Array(calls.length);
  const started = process.hrtime.bigint();
  calls.forEach(({ call, at }, index) => {
    const before = process.hrtime.bigint();
    decide(call, bundle, at);
    micros[index] = Number(process.hrtime.bigint() - before) / 1000;
  });
  const totalMs = elapsedMs(started);

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
    decisionsPerSecond: Math.round(calls.length / (totalMs / 1000)),
    p50Us: round(percentile(micros, 50), 1),
    p99Us: round(percentile(micros, 99), 1),
  };
}
