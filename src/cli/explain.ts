// `npm run explain -- --config FILE --to NUMBER --from NUMBER [--at TIME] [--calls-this-minute N] [--json]`:
// prints where a call would go and why, from the routing decision and its trace. The abuse guard judges the
// caller's calls this minute when given them (the functions count them in the state store); otherwise it does not count.
import { Command } from 'commander';
import { readBundleFile } from '../config/parse';
import { decide } from '../routing/decide';
import { formatDecision } from '../routing/explain';
import { SAMPLE_CONFIG, UsageError, parseInstant, runCli } from './_run';
import { callerOf } from '../phone/caller-id';

/** --calls-this-minute: a whole number of at least 1 (the call being explained is one of them). */
function wholeCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1) throw new UsageError(`--calls-this-minute must be a whole number of at least 1 (got "${value}")`);
  return count;
}

const program = new Command()
  .name('explain')
  .description('Show where a call would be routed, and why, without placing it.')
  .option('--config <file>', 'configuration bundle (JSON); default: the bundled sample')
  .requiredOption('--to <number>', 'the called number (E.164)')
  .requiredOption('--from <number>', 'the caller (E.164, or anonymous)')
  .option('--at <time>', 'ISO-8601 instant to decide at (default: now)')
  .option(
    '--calls-this-minute <count>',
    "the caller's calls to the workspace this minute, this one included (the abuse guard's count)",
    wholeCount,
  )
  .option('--json', 'print the decision as one JSON object')
  .showHelpAfterError()
  .action((options: { config?: string; to: string; from: string; at?: string; callsThisMinute?: number; json?: boolean }) => {
    const bundle = readBundleFile(options.config ?? SAMPLE_CONFIG);
    const callerCount = options.callsThisMinute === undefined ? undefined : { counted: true as const, calls: options.callsThisMinute };
    const decision = decide(
      { to: options.to, from: options.from, caller: callerOf(options.from), callerCount },
      bundle,
      parseInstant(options.at),
    );
    process.stdout.write(options.json ? `${JSON.stringify(decision, null, 2)}\n` : `${formatDecision(decision)}\n`);
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
