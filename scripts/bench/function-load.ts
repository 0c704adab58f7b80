// Section 4: each bundled function's size, and what it costs to load it into a fresh Node process:
// `node -e "require(path)"` timed from spawn to exit, minus a bare `node -e ""` measured in the same
// rounds. Rounds visit every function and the baseline in turn, so all share the same machine state.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_FUNCTIONS, PROJECT_ROOT } from './paths';
import { elapsedMs, median, round } from './stats';

export const LOAD_RUNS = 7;

export interface FunctionLoad {
  name: string;
  bytes: number;
  /** Median wall time of `node -e "require(...)"`. */
  loadMs: number;
  /** loadMs minus the bare node baseline: what loading this function adds. */
  aboveBareMs: number;
}

export interface FunctionLoadResult {
  runs: number;
  bareNodeMs: number;
  /** The twilio library alone (every function requires it; it is not bundled): for reference. */
  twilioLibrary: { loadMs: number; aboveBareMs: number };
  functions: FunctionLoad[];
}

function timedNode(script: string): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = elapsedMs(started);
  if (child.status !== 0) throw new Error(`node -e ${JSON.stringify(script)} exited ${child.status}: ${String(child.stderr).slice(0, 300)}`);
  return ms;
}

export function benchFunctionLoad(runs: number = LOAD_RUNS): FunctionLoadResult {
  const files = readdirSync(BUILT_FUNCTIONS).filter((file) => file.endsWith('.js')).sort();
  const bare: number[] = [];
  const twilioLibrary: number[] = [];
  const loads = new Map<string, number[]>(files.map((file) => [file, []]));
  for (let run = 0; run < runs; run += 1) {
    bare.push(timedNode(''));
    twilioLibrary.push(timedNode(`require('twilio')`));
    for (const file of files) loads.get(file)?.push(timedNode(`require(${JSON.stringify(join(BUILT_FUNCTIONS, file))})`));
  }
  const bareNodeMs = median(bare);
  const twilioMs = median(twilioLibrary);
  return {
    runs,
    bareNodeMs: round(bareNodeMs, 1),
    twilioLibrary: { loadMs: round(twilioMs, 1), aboveBareMs: round(twilioMs - bareNodeMs, 1) },
    functions: files.map((file) => {
      const loadMs = median(loads.get(file) ?? []);
      return { name: file.replace(/\.js$/, ''), bytes: statSync(join(BUILT_FUNCTIONS, file)).size, loadMs: round(loadMs, 1), aboveBareMs: round(loadMs - bareNodeMs, 1) };
    }),
  };
}
