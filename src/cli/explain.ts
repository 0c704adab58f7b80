// `npm run explain -- --config FILE --to NUMBER --from NUMBER [--at TIME] [--json]`:
// prints where a call would go and why, from the routing decision and its trace.
import { Command } from 'commander';
import { readBundleFile } from '../config';
import { decide, formatDecision } from '../routing';
import { SAMPLE_CONFIG, parseInstant, runCli } from './_run';
import { callerOf } from '../phone/caller-id';

const program = new Command()
  .name('explain')
  .description('Show where a call would be routed, and why, without placing it.')
  .option('--config <file>', 'configuration bundle (JSON); default: the bundled sample')
  .requiredOption('--to <number>', 'the called number (E.164)')
  .requiredOption('--from <number>', 'the caller (E.164, or anonymous)')
  .option('--at <time>', 'ISO-8601 instant to decide at (default: now)')
  .option('--json', 'print the decision as one JSON object')
  .showHelpAfterError()
  .action((options: { config?: string; to: string; from: string; at?: string; json?: boolean }) => {
    const bundle = readBundleFile(options.config ?? SAMPLE_CONFIG);
    const decision = decide({ to: options.to, from: options.from, caller: callerOf(options.from) }, bundle, parseInstant(options.at));
    process.stdout.write(options.json ? `${JSON.stringify(decision, null, 2)}\n` : `${formatDecision(decision)}\n`);
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
