// `npm run explain -- --config FILE --to NUMBER --from NUMBER [--at TIME] [--calls-this-minute N] [--press KEYS]
//   [--stir VALUE] [--turn N] [--last-answered USER[@TIME]] [--json]`:
// prints where a call would go and why, from the routing decision and its trace. The abuse guard judges the
// caller's calls this minute when given them (the functions count them in the state store); otherwise it does not count.
// The call's other inputs are given the same way: what the caller presses at the prompts (the spam challenge, the
// phone menu), its StirVerstat, the number's round-robin turn and the user who last answered the caller.
import { Command } from 'commander';
import { readBundleFile } from '../config/parse';
import { decide } from '../routing/decide';
import { formatDecision } from '../routing/explain';
import type { CallInput } from '../routing/types';
import { parsePresses, parseStir } from './_call-inputs';
import { SAMPLE_CONFIG, UsageError, parseInstant, runCli } from './_run';
import { callerOf } from '../phone/caller-id';

/** --calls-this-minute: a whole number of at least 1 (the call being explained is one of them). */
function wholeCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1) throw new UsageError(`--calls-this-minute must be a whole number of at least 1 (got "${value}")`);
  return count;
}

/** --turn: the number's round-robin turn, a whole number from 0. */
function turnNumber(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--turn must be a whole number from 0 (got "${value}")`);
  return Number(value);
}

/** --last-answered: a user id as the configuration spells it, and optionally when (`alice@2026-11-20T15:00:00Z`). */
function lastAnsweredOption(value: string): { user: string; at?: Date } {
  const [user = '', when, ...rest] = value.split('@');
  if (!/^[a-z0-9-]{1,64}$/.test(user) || rest.length) {
    throw new UsageError(
      `--last-answered takes a user id such as alice, optionally with when: alice@2026-11-20T15:00:00Z (got "${value}")`,
    );
  }
  return when === undefined ? { user } : { user, at: parseInstant(when, undefined, '--last-answered') };
}

/** The CallSid explain names for an earlier call given with --last-answered (there is no real one to name). */
const GIVEN_CALL_SID = `CA${'0'.repeat(32)}`;

interface Options {
  config?: string;
  to: string;
  from: string;
  at?: string;
  callsThisMinute?: number;
  press?: string[];
  stir?: string;
  turn?: number;
  lastAnswered?: { user: string; at?: Date };
  json?: boolean;
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
  .option(
    '--press <keys>',
    'what the caller presses at each prompt in turn (spam challenge, phone menu): a key each, _ for nothing',
    parsePresses,
  )
  .option('--stir <value>', "the call's StirVerstat (SHAKEN/STIR), e.g. TN-Validation-Failed-B or No-TN-Validation", parseStir)
  .option('--turn <n>', "the number's round-robin turn (the call's place in the rotation)", turnNumber)
  .option(
    '--last-answered <user[@time]>',
    'the user who answered this caller last (for the sticky agent), at TIME (ISO-8601; default: the instant decided at)',
    lastAnsweredOption,
  )
  .option('--json', 'print the decision as one JSON object')
  .showHelpAfterError()
  .action((options: Options) => {
    const bundle = readBundleFile(options.config ?? SAMPLE_CONFIG);
    const at = parseInstant(options.at);
    const call: CallInput = { to: options.to, from: options.from, caller: callerOf(options.from) };
    if (options.callsThisMinute !== undefined) call.callerCount = { counted: true, calls: options.callsThisMinute };
    if (options.press) call.presses = options.press;
    if (options.stir) call.stir = options.stir;
    if (options.turn !== undefined) call.rotation = { turn: options.turn, source: 'counter' };
    if (options.lastAnswered) {
      const { user, at: answeredAt = at } = options.lastAnswered;
      call.lastAnswered = { user, callSid: GIVEN_CALL_SID, at: answeredAt.toISOString() };
    }
    const decision = decide(call, bundle, at);
    process.stdout.write(options.json ? `${JSON.stringify(decision, null, 2)}\n` : `${formatDecision(decision)}\n`);
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
