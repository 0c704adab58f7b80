// The benchmark's results: one object, printed as tables and written as JSON to bench-results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { GOAL_SECONDS, type AnswerUnderFaultsResult } from './answer-under-faults';
import type { ConsoleBenchResult } from './console';
import type { HistoryBenchResult } from './history';
import { TIMED_PASSES, type DecisionResult } from './decision';
import { BUNDLE_BUDGET_BYTES, type BundleImport, type BundleImportResult } from './function-load';
import type { Machine } from './machine';
import type { MissedCallResult } from './missed-call';
import { formatLoadReport, formatPerCall, type LoadSummary, type SyncPerCallSummary } from '../../tests/support/load/index';
import { LATEST_RESULTS, PROJECT_ROOT, RESULTS_DIR } from './paths';
import { renderTable } from './table';
import type { LatencyResult } from './webhook-latency';

export interface BenchResults {
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  twilioRun: string;
  /** The headline the issue asks for: Sync mode, the per-call assembly of the configuration included. */
  decide: { perSecond: number; p99Micros: number };
  decision: DecisionResult;
  incomingCall: LatencyResult[];
  /** Section 3: Sync requests per call (warm, by outcome and object) and the ceilings they imply. */
  sync: SyncPerCallSummary;
  /** Each built function: `{ name, bytes, importMs }` (import beyond twilio, fresh process), with CPU time and budget. */
  bundles: BundleImport[];
  bundleImport: Omit<BundleImportResult, 'bundles'>;
  missedCall: MissedCallResult[];
  answerUnderFaults: AnswerUnderFaultsResult;
  /** The slowest answer of any step under any Sync fault, in seconds (the goal: at most 3). */
  worstAnswerSeconds: number;
  /** Section 8: the load at the target, simulated, with Sync's rate limits on. */
  load: LoadSummary;
  /** Section 7, the console (scripts/bench/console.ts). */
  console?: ConsoleBenchResult;
  /** Section 9, the call history's reads (scripts/bench/history.ts): `{ callsInHistory, pageRequests, impactRequests, chartRequests, ... }`. */
  history?: HistoryBenchResult;
}

export function writeResults(results: BenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(LATEST_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  return relative(PROJECT_ROOT, LATEST_RESULTS);
}

const count = (value: number) => value.toLocaleString('en-US');

/** Section 1, also printed alone by `npm run bench -- --only decision`. */
export function formatDecision(decision: DecisionResult): string {
  const config = decision.configuration;
  return [
    `1. The decision: decide() in process, ${count(decision.calls)} generated calls (seed ${decision.seed}), ${TIMED_PASSES} timed passes each way (rate: the median pass)`,
    `   configuration: ${config.numbers} numbers, ${config.users} users, ${count(config.contacts)} contacts in ${config.workspaces} workspaces`,
    `   (one workspace of ${config.users} users would be a ${count(config.singleWorkspaceDocumentBytes)}-byte Sync document, over 16 KiB; the largest here is ${count(config.largestWorkspaceDocumentBytes)})`,
    renderTable(
      ['configuration', 'decisions/s', 'p50 µs', 'p99 µs'],
      [
        ['whole bundle (file, asset)', decision.bundle.decisionsPerSecond, decision.bundle.p50Us, decision.bundle.p99Us],
        ['Sync, warm (slice per call)', decision.sync.decisionsPerSecond, decision.sync.p50Us, decision.sync.p99Us],
      ],
    ),
    "   Sync: SyncConfigurationSource.forCall over cached documents and the caller's contact, then decide(); no network",
    `   rules that decided: ${Object.entries(decision.rules)
      .sort(([, a], [, b]) => b - a)
      .map(([rule, calls]) => `${rule} ${count(calls)}`)
      .join(', ')}`,
  ].join('\n');
}

/** Section 3 (also `npm run bench -- --only sync`, with section 8). */
export function formatSync(sync: SyncPerCallSummary): string {
  return `3. Sync requests per call, at the Twilio API double behind Prism (the functions under twilio-run, kept loaded, in Sync mode)\n${formatPerCall(sync)}`;
}

/** Section 8 (also `npm run bench -- --only sync`, with section 3). */
export function formatLoad(load: LoadSummary): string {
  return `8. The load at the target in simulated time (${load.seconds} s of arrivals), the functions in process in Sync mode, the Twilio API double with Sync's rate limits on\n${formatLoadReport(load)}`;
}

/** Section 4 alone (also `npm run bench -- --only bundles`). */
export function formatBundles(bundles: readonly BundleImport[], run: Omit<BundleImportResult, 'bundles'>): string {
  const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  return [
    `4. Built functions: size (minified, limit ${kib(BUNDLE_BUDGET_BYTES)} KiB) and import beyond \`twilio\` in a fresh node (median of ${run.runs}; ms)`,
    renderTable(
      ['function', 'KiB', 'import ms', 'cpu ms', 'budget ms', 'within'],
      bundles.map((bundle) => [
        bundle.name,
        kib(bundle.bytes),
        bundle.importMs,
        bundle.importCpuMs,
        bundle.budgetMs,
        bundle.bytes <= BUNDLE_BUDGET_BYTES && bundle.importMs <= bundle.budgetMs ? 'yes' : 'NO',
      ]),
    ),
    `   require('twilio') itself, in the same processes: ${run.twilioMs} ms`,
  ].join('\n');
}

export function formatResults(results: BenchResults): string {
  const { machine, decision } = results;
  const sections = [
    `npm run bench, ${results.startedAt}, ${results.durationSeconds} s`,
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; twilio-run ${results.twilioRun}; load average at start ${machine.loadAverageAtStart}`,
    '',
    formatDecision(decision),
    '',
    '2. incoming-call served by twilio-run, warm, beside a trivial fixed <Dial> in the same server (ms; signed, interleaved)',
    renderTable(
      ['twilio-run mode', 'samples', 'ours p50', 'ours p99', 'trivial p50', 'trivial p99', 'ratio p50', 'ratio p99'],
      results.incomingCall.map((row) => [
        row.label,
        row.samples,
        row.incomingCallMs.p50,
        row.incomingCallMs.p99,
        row.trivialMs.p50,
        row.trivialMs.p99,
        row.ratio.p50,
        row.ratio.p99,
      ]),
    ),
    '',
    formatSync(results.sync),
    '',
    formatBundles(results.bundles, results.bundleImport),
    '',
    '5. A whole simulated missed call (ring the group, nobody answers, voicemail, text-back), sample configuration',
    renderTable(
      ['twilio-run mode', 'runs', 'requests', 'median ms', 'min ms', 'max ms', 'text-back'],
      results.missedCall.map((row) => [
        results.incomingCall.find((mode) => mode.mode === row.mode)?.label ?? row.mode,
        row.runs,
        row.requests,
        row.totalMs.median,
        row.totalMs.min,
        row.totalMs.max,
        row.textback,
      ]),
    ),
    '',
    '6. Each step of a call while all of Sync fails, sample configuration at the API double (answer ms; warm: functions kept loaded; cold: a fresh process per request)',
    renderAnswerTable(results.answerUnderFaults),
    `   worst answer: ${results.worstAnswerSeconds} s (${results.answerUnderFaults.worst.step}, ${results.answerUnderFaults.worst.mode}, Sync ${results.answerUnderFaults.worst.fault}); goal: at most ${GOAL_SECONDS} s`,
  ];
  return `${sections.join('\n')}\n`;
}

/** One row per step, one column per (mode, fault): the answer's ms, and its status when it is not 200. */
export function renderAnswerTable(result: AnswerUnderFaultsResult): string {
  const columns = [...new Set(result.answers.map((answer) => `${answer.mode} ${answer.fault}`))];
  const steps = [...new Set(result.answers.map((answer) => answer.step))];
  const cell = (step: string, column: string) => {
    const answer = result.answers.find((candidate) => candidate.step === step && `${candidate.mode} ${candidate.fault}` === column);
    return answer ? (answer.status === 200 ? answer.ms : `${answer.ms.toLocaleString('en-US')} (${answer.status})`) : '';
  };
  return renderTable(
    ['step', ...columns],
    steps.map((step) => [step, ...columns.map((column) => cell(step, column))]),
  );
}
