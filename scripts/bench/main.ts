// `npm run bench`: measures the decision, incoming-call under twilio-run beside a trivial function (each
// process mode), Sync requests per call by object and the ceilings they imply, the bundled functions' size and
// load time, a whole simulated missed call, each step's answer time while Sync fails, and the load at the target
// in simulated time; prints the figures as tables and writes them, with the machine, to bench-results/latest.json
// (`npm run bench -- --only decision`, `--only bundles`, `--only sync` or `--only console` runs and prints that part alone, writing
// nothing).
// Everything it starts (twilio-run servers, the Twilio API double and Prism) it stops, and its temporary
// functions folder and state are removed, also when a section fails.
import { benchHistory, formatHistory } from './history';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchAnswerUnderFaults } from './answer-under-faults';
import { benchConsole, formatConsole } from './console';
import { benchDecision } from './decision';
import { benchBundleImports } from './function-load';
import { createBenchFunctionsFolder } from './functions-folder';
import { describeMachine } from './machine';
import { benchMissedCall, type MissedCallResult } from './missed-call';
import { PROJECT_ROOT } from './paths';
import { formatBundles, formatDecision, formatLoad, formatResults, formatSync, writeResults } from './report';
import { SERVED_MODES, serveFunctions } from './served-modes';
import { benchLoad, benchSyncPerCall } from './sync-load';
import { round } from './stats';
import { benchWebhookLatency, type LatencyResult } from './webhook-latency';

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function benchServedModes(): Promise<{ incomingCall: LatencyResult[]; missedCall: MissedCallResult[] }> {
  const folder = createBenchFunctionsFolder();
  const incomingCall: LatencyResult[] = [];
  const missedCall: MissedCallResult[] = [];
  try {
    for (const mode of SERVED_MODES) {
      progress(`twilio-run ${mode.label}: incoming-call beside ${mode.samples} trivial requests, then missed calls`);
      const served = await serveFunctions(folder.path, mode);
      try {
        incomingCall.push(await benchWebhookLatency(served.baseUrl, mode));
        missedCall.push(await benchMissedCall(served, mode));
      } finally {
        await served.stop();
      }
    }
  } finally {
    folder.remove();
  }
  return { incomingCall, missedCall };
}

/**
 * `--only decision`, `--only bundles`, `--only sync` (sections 3 and 8) or `--only console` (section 7): printed;
 * bench-results/latest.json is left as it was.
 */
const ONLY = /(?:^|\s)--only[= ](decision|bundles|sync|console|history)(?:\s|$)/.exec(process.argv.slice(2).join(' '))?.[1];

async function main(): Promise<void> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const machine = describeMachine();
  if (ONLY === 'bundles') {
    progress('4. importing each built function into fresh node processes');
    const { bundles, ...run } = benchBundleImports();
    process.stdout.write(`load average at start ${machine.loadAverageAtStart}\n${formatBundles(bundles, run)}\n`);
    return;
  }
  if (ONLY === 'console') {
    progress('7. the console in Chromium: script weight and first paint');
    process.stdout.write(`load average at start ${machine.loadAverageAtStart}\n${formatConsole(await benchConsole())}\n`);
    return;
  }
  if (ONLY === 'history') {
    progress("9. the call history's reads on 90 days x 2,000 calls a day");
    process.stdout.write(`${formatHistory(await benchHistory())}\n`);
    return;
  }
  if (ONLY === 'sync') {
    progress('3. Sync requests per call, by object, at the Twilio API double');
    const sync = await benchSyncPerCall();
    progress("8. the load at the target, in simulated time, with Sync's rate limits on");
    const load = await benchLoad();
    process.stdout.write(`load average at start ${machine.loadAverageAtStart}\n${formatSync(sync)}\n\n${formatLoad(load)}`);
    return;
  }
  progress('1. the decision over generated calls');
  const decision = await benchDecision();
  if (ONLY === 'decision') {
    process.stdout.write(`load average at start ${machine.loadAverageAtStart}\n${formatDecision(decision)}\n`);
    return;
  }
  progress('4. importing each built function into fresh node processes');
  const { bundles, ...bundleImport } = benchBundleImports();
  progress('3. Sync requests per call, by object, at the Twilio API double');
  const sync = await benchSyncPerCall();
  const { incomingCall, missedCall } = await benchServedModes();
  progress('6. each step of a call while Sync fails (hang, 500, 429, dropped), warm and cold');
  const answerUnderFaults = await benchAnswerUnderFaults();
  progress("8. the load at the target, in simulated time, with Sync's rate limits on");
  const load = await benchLoad();
  progress('7. the console in Chromium: script weight and first paint');
  const consoleResult = await benchConsole();
  progress("9. the call history's reads on 90 days x 2,000 calls a day");
  const history = await benchHistory();
  const twilioRun = (
    JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', 'twilio-run', 'package.json'), 'utf8')) as { version: string }
  ).version;

  const results = {
    startedAt,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine,
    twilioRun,
    decide: { perSecond: decision.sync.decisionsPerSecond, p99Micros: decision.sync.p99Us },
    decision,
    incomingCall,
    sync,
    load,
    bundles,
    bundleImport,
    missedCall,
    answerUnderFaults,
    worstAnswerSeconds: round(answerUnderFaults.worst.ms / 1000),
    console: consoleResult,
    history,
  };
  process.stdout.write(formatResults(results));
  process.stdout.write(`\n${formatConsole(consoleResult)}\n\n${formatLoad(results.load)}\n\n${formatHistory(history)}\n`);
  process.stdout.write(`\nresults: ${writeResults(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
