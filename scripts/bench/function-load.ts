// Section 4: each built function's size, and what importing it costs beyond `twilio`. Each sample is a fresh
// Node process that first requires `twilio` (the runtime has it loaded before any function) and then times
// `require(bundle)` inside itself: wall time, and the CPU time the process spent (steadier than the wall clock
// when other work shares the cores). Rounds visit every function in turn, so all share the machine's state;
// each figure is the median of its samples. A fresh process is a cold container: nothing is cached.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_FUNCTIONS, PROJECT_ROOT } from './paths';
import { median, round } from './stats';

export const IMPORT_RUNS = 11;

/**
 * Functions that do not read configuration (issue 12; message-status only for a report that comes without its
 * workspace): at most 10 ms to import beyond twilio; the rest 15 ms.
 */
/**
 * The functions that read no configuration. voicemail-complete did until it began to notify the users a call
 * concerns (issue 13), which needs the workspace's settings: it is held to the 15 ms of the others since.
 */
export const WITHOUT_CONFIGURATION = ['leg-status', 'recording-status', 'message-status'];
export const IMPORT_BUDGET_MS = { withoutConfiguration: 10, withConfiguration: 15 };
/** Each built function's size limit (tests/build/bundles.test.ts holds it). */
export const BUNDLE_BUDGET_BYTES = 176 * 1024;

export interface BundleImport {
  /** The function's path: `leg-status`, `console-login`. */
  name: string;
  /** The minified bundle as uploaded (its source map is beside it, not uploaded). */
  bytes: number;
  /** Median wall time of `require(bundle)` after `require('twilio')`, in a fresh process. */
  importMs: number;
  /** Median CPU time (user + system) the process spent in that require. */
  importCpuMs: number;
  budgetMs: number;
}

export interface BundleImportResult {
  runs: number;
  /** `require('twilio')` itself in the same processes, for scale: what every function loads first. */
  twilioMs: number;
  bundles: BundleImport[];
}

interface Sample {
  twilioMs: number;
  importMs: number;
  importCpuMs: number;
}

/** One fresh process: twilio, then the bundle, each timed from inside. */
const SAMPLE_SCRIPT = `
const started = process.hrtime.bigint();
require('twilio');
const twilioNs = process.hrtime.bigint() - started;
const cpu = process.cpuUsage();
const importing = process.hrtime.bigint();
require(process.argv[1]);
const importNs = process.hrtime.bigint() - importing;
const spent = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ twilioMs: Number(twilioNs) / 1e6, importMs: Number(importNs) / 1e6, importCpuMs: (spent.user + spent.system) / 1000 }));
`;

function sample(bundle: string): Sample {
  const child = spawnSync(process.execPath, ['-e', SAMPLE_SCRIPT, bundle], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.status !== 0) throw new Error(`importing ${bundle} exited ${child.status}: ${child.stderr.slice(0, 300)}`);
  return JSON.parse(child.stdout) as Sample;
}

export const functionName = (file: string) => file.replace(/\.js$/, '').replace(/\.protected$/, '');

export function benchBundleImports(runs: number = IMPORT_RUNS): BundleImportResult {
  const files = readdirSync(BUILT_FUNCTIONS)
    .filter((file) => file.endsWith('.js'))
    .sort();
  const samples = new Map<string, Sample[]>(files.map((file) => [file, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const file of files) samples.get(file)!.push(sample(join(BUILT_FUNCTIONS, file)));
  }
  const all = [...samples.values()].flat();
  return {
    runs,
    twilioMs: round(median(all.map((one) => one.twilioMs)), 1),
    bundles: files.map((file) => {
      const name = functionName(file);
      const taken = samples.get(file)!;
      return {
        name,
        bytes: statSync(join(BUILT_FUNCTIONS, file)).size,
        importMs: round(median(taken.map((one) => one.importMs)), 1),
        importCpuMs: round(median(taken.map((one) => one.importCpuMs)), 1),
        budgetMs: WITHOUT_CONFIGURATION.includes(name) ? IMPORT_BUDGET_MS.withoutConfiguration : IMPORT_BUDGET_MS.withConfiguration,
      };
    }),
  };
}
