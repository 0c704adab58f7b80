// `npm run simulate -- [--config FILE] --from NUMBER --to NUMBER [--answer none|busy|LEG[:voicemail|:no-key],...]
//   [--press-key | --no-press-key] [--press KEYS] [--stir VALUE] [--at TIME] [--json]`: rehearses one whole call
//   without a phone (the caller presses KEYS at the prompts, one a prompt, `_` for nothing; the call's StirVerstat is
//   VALUE); a route with tiers rings them one <Dial> after another, and the end says who rang for how long.
// `npm run simulate -- --sms TEXT [--media URL...] --from NUMBER --to NUMBER [--at TIME] [--json]`: one inbound text.
// Starts its own twilio-run on a free port (stopped at the end), or drives a running one with --url.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { CallLogFinder } from '../calls/call-finder';
import { callHistoryTtlSeconds, type CallRecord } from '../calls/call-log';
import { StateShards } from '../state/shards';
import { readEnv } from '../runtime/env';
import { readBundleFile } from '../config/parse';
import type { Bundle } from '../config/types';
import { decide } from '../routing/decide';
import type { Decision } from '../routing/types';
import { legLabel } from '../routing/legs';
import { ringNames, ringWords, type RingStep } from '../routing/explain';
import { parsePresses, parseStir } from './_call-inputs';
import { createStepLog } from '../log/step-log';
import { localRehearsalEnv, startFunctionsServer, type FunctionsProcess } from '../simulator/server';
import { parseAnswer } from '../simulator/answers';
import { notificationsOf } from '../simulator/notifications';
import { simulateCall, type SimulationResult } from '../simulator/simulate';
import { STATUS_WORDS, describeSms, sendSimulatedSms, smsOutcome } from '../simulator/sms';
import { indexBundle } from '../routing/lookup';
import type { TextBackOutcome } from '../textback/textback';
import { LocalStateStore } from '../state/local-store';
import { localStateDir, signingToken } from './_local';
import { PROJECT_ROOT, SAMPLE_CONFIG, loadDotEnv, parseInstant, runCli } from './_run';
import { callerOf } from '../phone/caller-id';

/** A made-up account for the simulated webhooks' AccountSid; nothing is sent to Twilio. */
const SIMULATED_ACCOUNT_SID = `AC${'5'.repeat(32)}`;

/** One line saying what text-back did, for the plain transcript. */
function describeTextBack(textback: Partial<TextBackOutcome> | null | undefined, outcome: string): string {
  if (!textback) return outcome === 'answered' ? 'text-back: none (the call was answered)' : 'text-back: nothing recorded';
  const to = textback.to ? ` to ${textback.to}` : '';
  if (textback.status === 'sent') return `text-back: sent${to} (${textback.messageSid ?? 'no message SID'}): "${textback.body ?? ''}"`;
  if (textback.status === 'outbox') return `text-back: ${STATUS_WORDS.outbox}${to}: "${textback.body ?? ''}"`;
  return `text-back: ${textback.status ?? 'unknown'}${to} (${textback.reason ?? 'no reason'}: ${textback.detail ?? ''})`;
}

interface Options {
  config?: string;
  from: string;
  to: string;
  answer: string;
  pressKey: boolean;
  at?: string;
  json?: boolean;
  url?: string;
  stateDir?: string;
  sms?: string;
  media?: string[];
  press?: string[];
  stir?: string;
}

/** The functions a rehearsal drives, how to sign for them, and where they keep their state. */
interface Rehearsal {
  baseUrl: string;
  authToken: string;
  authTokenSource: string;
  stateDir: string;
  shards: StateShards;
  bundle: Bundle;
  at: Date;
}

/** The functions already served at --url, or its own twilio-run (local mode: it never reaches Twilio). */
async function serveFunctions(
  options: Options,
  configFile: string,
): Promise<Omit<Rehearsal, 'shards' | 'bundle' | 'at'> & { server?: FunctionsProcess }> {
  if (options.url) {
    const { token: authToken, source: authTokenSource } = signingToken();
    return {
      baseUrl: options.url.replace(/\/+$/, ''),
      authToken,
      authTokenSource,
      stateDir: options.stateDir ? resolve(options.stateDir) : localStateDir(),
    };
  }
  const stateDir = options.stateDir ? resolve(options.stateDir) : mkdtempSync(join(tmpdir(), 'simulate-'));
  const { token: authToken, source: authTokenSource } = signingToken({ ...process.env, AUTH_TOKEN: '' });
  // Local mode only: the simulator never reaches Twilio, whatever the shell's environment says.
  const server = await startFunctionsServer(
    PROJECT_ROOT,
    { CONFIG_FILE: configFile, ...localRehearsalEnv(authToken, stateDir) },
    { forkProcess: false },
  );
  return { baseUrl: server.baseUrl, authToken, authTokenSource, stateDir, server };
}

/** `--sms`: one inbound text, then what it caused. */
async function rehearseSms(options: Options, text: string, rehearsal: Rehearsal): Promise<void> {
  const { bundle, at, stateDir, shards } = rehearsal;
  const workspace = indexBundle(bundle).numbers.get(options.to.trim())?.workspace.id ?? null;
  const messageSid = await sendSimulatedSms({
    authToken: rehearsal.authToken,
    authTokenSource: rehearsal.authTokenSource,
    accountSid: SIMULATED_ACCOUNT_SID,
    baseUrl: rehearsal.baseUrl,
    from: options.from,
    to: options.to,
    body: text,
    media: options.media ?? [],
    at: at.toISOString(),
  });
  const store = new LocalStateStore(stateDir, () => at.getTime());
  const result = await smsOutcome(
    { store, shards, log: createStepLog('simulate'), ttlSeconds: callHistoryTtlSeconds(readEnv(process.env).CALL_HISTORY_DAYS) },
    { messageSid, from: options.from.trim(), to: options.to.trim(), body: text, workspace },
  );
  process.stdout.write(
    options.json
      ? `${JSON.stringify(result, null, 2)}\n`
      : describeSms(result, workspace)
          .map((line) => `  ${line}\n`)
          .join(''),
  );
}

/** A call: the transcript as it happens (or nothing, with --json), then the route, the outcome and what it caused. */
async function rehearseCall(options: Options, rehearsal: Rehearsal): Promise<void> {
  const { bundle, at, stateDir, shards } = rehearsal;
  const answer = parseAnswer(options.answer);
  const route = decide(
    {
      to: options.to,
      from: options.from,
      caller: callerOf(options.from),
      ...(options.press ? { presses: options.press } : {}),
      ...(options.stir ? { stir: options.stir } : {}),
    },
    bundle,
    at,
  );
  const result = await simulateCall({
    baseUrl: rehearsal.baseUrl,
    authToken: rehearsal.authToken,
    authTokenSource: rehearsal.authTokenSource,
    accountSid: SIMULATED_ACCOUNT_SID,
    from: options.from,
    to: options.to,
    answer,
    pressKey: options.pressKey,
    at: at.toISOString(),
    ...(options.press ? { presses: options.press } : {}),
    ...(options.stir ? { stir: options.stir } : {}),
    ...(options.json ? {} : { onLine: (line: string) => process.stdout.write(`  ${line}\n`) }),
  });
  // Read at the simulated instant, as the functions wrote it.
  const finder = new CallLogFinder(
    new LocalStateStore(stateDir, () => at.getTime()),
    shards,
    createStepLog('simulate'),
    callHistoryTtlSeconds(readEnv(process.env).CALL_HISTORY_DAYS),
  );
  const callLog = await finder.read(result.callSid, route.workspace ? [route.workspace] : []);
  process.stdout.write(
    options.json ? `${JSON.stringify(callSummary(route, result, callLog), null, 2)}\n` : describeCallEnd(route, result, callLog),
  );
}

/** A tier as it was rung: the legs of one <Dial>, for how long, and whom they rang for (the route's users). */
interface RungTier {
  legs: string[];
  seconds: number;
  users: string[];
}

/** The dials the call rang, each with the users its legs ring for (a leg no user owns is named by its number). */
function rungTiers(route: Decision, result: SimulationResult): (RungTier & RingStep)[] {
  const targets = new Map(route.targets.map((target) => [legLabel(target), target]));
  return result.dials.map((dial) => {
    const known = dial.legs.flatMap((leg) => targets.get(leg) ?? []);
    const names = ringNames(known);
    for (const leg of dial.legs) if (!targets.has(leg) && !names.includes(leg)) names.push(leg.replace(/^(number|client):/, ''));
    return { legs: dial.legs, seconds: dial.seconds, users: [...new Set(known.flatMap((target) => target.user ?? []))], names };
  });
}

/** The menu and spam protection as the functions recorded them in the call's route (else as decided here). */
function promptsOf(route: Decision, callLog: CallRecord | null) {
  const logged = callLog?.route;
  return { menu: logged?.menu ?? route.menu, screening: logged?.screening ?? route.screening };
}

/** `--json`: the route, what happened, and what the call log says it caused. */
function callSummary(route: Decision, result: SimulationResult, callLog: CallRecord | null) {
  return {
    callSid: result.callSid,
    route,
    tiers: rungTiers(route, result).map(({ legs, seconds, users }) => ({ legs, seconds, users })),
    ...promptsOf(route, callLog),
    prompts: result.prompts,
    legs: result.legs,
    answeredBy: result.answeredBy,
    outcome: result.outcome,
    voicemail: result.voicemail,
    voicemailUrl: callLog?.voicemail?.recordingUrl ?? null,
    textback: callLog?.textback ?? null,
    notifications: notificationsOf(callLog),
    callLog,
    transcript: result.transcript,
  };
}

/** After the transcript: the route, the outcome, what text-back did and every other notification. */
function describeCallEnd(route: Decision, result: SimulationResult, callLog: CallRecord | null): string {
  const tiers = rungTiers(route, result);
  const { menu, screening } = promptsOf(route, callLog);
  const lines = [
    `\nroute: ${route.action} by rule ${route.rule}`,
    ...(tiers.length ? [`rang: ${ringWords(tiers)}`] : []),
    ...(menu ? [`phone menu: ${menu.chose === null ? 'no option taken' : `option ${menu.chose} (${menu.how ?? 'chosen'})`}`] : []),
    ...(screening ? [`spam protection: ${screening.verdict} (${screening.why})`] : []),
    `outcome: ${result.outcome}${result.answeredBy ? ` (answered by ${result.answeredBy})` : ''}${result.voicemail ? ', voicemail taken' : ''}`,
  ];
  if (result.outcome !== 'rejected')
    lines.push(describeTextBack(callLog?.textback as Partial<TextBackOutcome> | undefined, result.outcome));
  for (const notice of notificationsOf(callLog).filter((found) => found.event !== 'textback')) {
    lines.push(
      `notification: ${notice.channel} ${notice.event ?? ''} to ${notice.to ?? '(no phone)'}: ${notice.status}${notice.body ? ` "${notice.body}"` : ''}`,
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}

const program = new Command()
  .name('simulate')
  .description('Drive one whole call through the functions, signed as Twilio signs, and print what happened.')
  .option('--config <file>', 'configuration bundle (JSON); default: the bundled sample')
  .requiredOption('--from <number>', 'the caller (E.164, or anonymous)')
  .requiredOption('--to <number>', 'the called number (E.164)')
  .option(
    '--answer <who>',
    'none, busy, or the legs that pick up in order, comma-separated: a number or an app identity, a phone optionally :voicemail (its own voicemail answers) or :no-key (a person presses nothing)',
    'none',
  )
  .option('--press-key', 'a person answering a phone presses a key after the whisper (default)', true)
  .option('--no-press-key', 'a person answering a phone presses nothing (as :no-key on every phone leg)')
  .option(
    '--press <keys>',
    'what the caller presses at each prompt in turn (spam challenge, phone menu): a key each, _ for nothing',
    parsePresses,
  )
  .option('--stir <value>', "the call's StirVerstat (SHAKEN/STIR), e.g. TN-Validation-Failed-B or No-TN-Validation", parseStir)
  .option('--at <time>', 'ISO-8601 instant the call happens at (default: now)')
  .option('--json', 'print one JSON object instead of the transcript')
  .option('--url <url>', 'drive the functions already served there (e.g. by npm start) instead of starting them')
  .option('--state-dir <dir>', 'keep runtime state (text-back windows, call log) here; default: a fresh folder each run')
  .option('--sms <text>', 'send this inbound text from --from to --to instead of a call (a reply, or STOP/START)')
  .option('--media <url...>', 'with --sms: MMS attachments (https URLs)')
  .showHelpAfterError()
  .action(async (options: Options) => {
    const configFile = resolve(options.config ?? SAMPLE_CONFIG);
    const bundle = readBundleFile(configFile);
    const at = parseInstant(options.at);
    loadDotEnv();
    const { server, ...served } = await serveFunctions(options, configFile);
    try {
      const rehearsal: Rehearsal = { ...served, shards: new StateShards(readEnv(process.env).STATE_SHARDS), bundle, at };
      if (options.sms !== undefined) await rehearseSms(options, options.sms, rehearsal);
      else await rehearseCall(options, rehearsal);
    } finally {
      await server?.stop();
    }
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
