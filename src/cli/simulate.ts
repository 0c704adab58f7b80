// `npm run simulate -- [--config FILE] --from NUMBER --to NUMBER [--answer none|busy|LEG[:voicemail|:no-key],...]
//   [--press-key | --no-press-key] [--at TIME] [--json]`: rehearses one whole call without a phone.
// `npm run simulate -- --sms TEXT [--media URL...] --from NUMBER --to NUMBER [--at TIME] [--json]`: one inbound text.
// Starts its own twilio-run on a free port (stopped at the end), or drives a running one with --url.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { CallLogFinder } from '../calls/call-finder';
import { callHistoryTtlSeconds } from '../calls/call-log';
import { StateShards } from '../state/shards';
import { readEnv } from '../runtime/env';
import { readBundleFile } from '../config';
import { decide } from '../routing';
import { createStepLog } from '../log/step-log';
import { localRehearsalEnv, startFunctionsServer, type FunctionsProcess } from '../simulator/server';
import { parseAnswer } from '../simulator/answers';
import { notificationsOf } from '../simulator/notifications';
import { simulateCall } from '../simulator/simulate';
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

    let server: FunctionsProcess | undefined;
    let baseUrl: string;
    let authToken: string;
    let authTokenSource: string;
    let stateDir: string | undefined;
    if (options.url) {
      baseUrl = options.url.replace(/\/+$/, '');
      ({ token: authToken, source: authTokenSource } = signingToken());
      stateDir = options.stateDir ? resolve(options.stateDir) : localStateDir();
    } else {
      stateDir = options.stateDir ? resolve(options.stateDir) : mkdtempSync(join(tmpdir(), 'simulate-'));
      ({ token: authToken, source: authTokenSource } = signingToken({ ...process.env, AUTH_TOKEN: '' }));
      // Local mode only: the simulator never reaches Twilio, whatever the shell's environment says.
      server = await startFunctionsServer(
        PROJECT_ROOT,
        { CONFIG_FILE: configFile, ...localRehearsalEnv(authToken, stateDir) },
        { forkProcess: false },
      );
      baseUrl = server.baseUrl;
    }
    try {
      const shards = new StateShards(readEnv(process.env).STATE_SHARDS);
      if (options.sms !== undefined) {
        const workspace = indexBundle(bundle).numbers.get(options.to.trim())?.workspace.id ?? null;
        const signing = { authToken, authTokenSource, accountSid: SIMULATED_ACCOUNT_SID, baseUrl };
        const messageSid = await sendSimulatedSms({
          ...signing,
          from: options.from,
          to: options.to,
          body: options.sms,
          media: options.media ?? [],
          at: at.toISOString(),
        });
        const store = new LocalStateStore(stateDir, () => at.getTime());
        const result = await smsOutcome(
          { store, shards, log: createStepLog('simulate'), ttlSeconds: callHistoryTtlSeconds(readEnv(process.env).CALL_HISTORY_DAYS) },
          { messageSid, from: options.from.trim(), to: options.to.trim(), body: options.sms, workspace },
        );
        process.stdout.write(
          options.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : describeSms(result, workspace)
                .map((line) => `  ${line}\n`)
                .join(''),
        );
        return;
      }
      const answer = parseAnswer(options.answer);
      const route = decide({ to: options.to, from: options.from, caller: callerOf(options.from) }, bundle, at);
      const result = await simulateCall({
        baseUrl,
        authToken,
        authTokenSource,
        accountSid: SIMULATED_ACCOUNT_SID,
        from: options.from,
        to: options.to,
        answer,
        pressKey: options.pressKey,
        at: at.toISOString(),
        ...(options.json ? {} : { onLine: (line: string) => process.stdout.write(`  ${line}\n`) }),
      });
      // Read at the simulated instant, as the functions wrote it.
      const env = readEnv(process.env);
      const finderIn = (dir: string) =>
        new CallLogFinder(
          new LocalStateStore(dir, () => at.getTime()),
          shards,
          createStepLog('simulate'),
          callHistoryTtlSeconds(env.CALL_HISTORY_DAYS),
        );
      const callLog = stateDir ? await finderIn(stateDir).read(result.callSid, route.workspace ? [route.workspace] : []) : null;
      const summary = {
        callSid: result.callSid,
        route,
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
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        process.stdout.write(`\nroute: ${route.action} by rule ${route.rule}\n`);
        process.stdout.write(
          `outcome: ${result.outcome}${result.answeredBy ? ` (answered by ${result.answeredBy})` : ''}${result.voicemail ? ', voicemail taken' : ''}\n`,
        );
        if (result.outcome !== 'rejected')
          process.stdout.write(`${describeTextBack(callLog?.textback as Partial<TextBackOutcome> | undefined, result.outcome)}\n`);
        for (const notice of notificationsOf(callLog).filter((found) => found.event !== 'textback')) {
          process.stdout.write(
            `notification: ${notice.channel} ${notice.event ?? ''} to ${notice.to ?? '(no phone)'}: ${notice.status}${notice.body ? ` "${notice.body}"` : ''}\n`,
          );
        }
      }
    } finally {
      await server?.stop();
    }
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
