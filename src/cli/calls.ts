// `npm run calls -- list [--workspace ID] [--number N] [--contact N] [--since ISO] [--json]`,
// `npm run calls -- show CALLSID [--json]` and `npm run calls -- redeliver [--workspace ID] [--json]`: the call
// history (what happened to each call, and why) and the call events that failed to reach their webhooks. Reads
// Sync when SYNC_SERVICE_SID is set (in .env or the shell), else, or with --state-dir, the local state folder.
// Exit status 0, or 1 with a message (an unknown call or workspace, Sync unreachable, a redelivery that failed).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { E164_PATTERN } from '../config/constants';
import type { Workspace } from '../config/types';
import { CallHistory, type HistoryCall } from '../calls/history';
import { isCallSid } from '../calls/call-log';
import { redeliverFailed, type RedeliveryReport } from '../events/redeliver';
import { quietStepLog } from '../log/step-log';
import type { ConfigurationSource } from '../routing/configuration-source';
import { BundleSource, loadBundleFromFile } from '../runtime/bundle-configuration-source';
import { readEnv } from '../runtime/env';
import { syncGatewayFrom } from '../runtime/services';
import { LocalStateStore } from '../state/local-store';
import { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';
import { SyncStateStore } from '../sync/state-store';
import { SyncConfigurationSource } from '../sync/configuration-source';
import { localStateDir } from './_local';
import { SAMPLE_CONFIG, UsageError, loadDotEnv, parseInstant, runCli } from './_run';
import { callListItem, callShowJson, describeCall, formatCallTable, formatRedelivery } from './_calls-format';

interface SourceOptions {
  stateDir?: string;
  config?: string;
}

interface Access {
  store: StateStore;
  configuration: ConfigurationSource;
  history: CallHistory;
}

/** The configuration file the local functions serve: --config, else CONFIG_FILE, else `npm start`'s copy of the sample, else the sample. */
function localConfigFile(stateDir: string, options: SourceOptions): string {
  if (options.config) return resolve(options.config);
  if (process.env.CONFIG_FILE) return resolve(process.env.CONFIG_FILE);
  const served = join(stateDir, 'console-config.json');
  return existsSync(served) ? served : SAMPLE_CONFIG;
}

/** Sync when SYNC_SERVICE_SID is set and no --state-dir is given; else the local state folder. */
function access(options: SourceOptions): Access {
  loadDotEnv();
  const env = readEnv(process.env);
  const shards = new StateShards(env.STATE_SHARDS);
  const log = quietStepLog('calls');
  if (env.SYNC_SERVICE_SID && !options.stateDir) {
    const gateway = syncGatewayFrom(env);
    const store = new SyncStateStore(gateway);
    const configuration: ConfigurationSource = options.config
      ? new BundleSource(`file ${options.config}`, () => loadBundleFromFile(resolve(options.config!)))
      : new SyncConfigurationSource(gateway, { cacheTtlMs: 60_000 });
    return { store, configuration, history: new CallHistory(store, shards, log, `Sync service ${env.SYNC_SERVICE_SID}`) };
  }
  const stateDir = options.stateDir ? resolve(options.stateDir) : localStateDir();
  const store = new LocalStateStore(stateDir);
  const file = localConfigFile(stateDir, options);
  return {
    store,
    configuration: new BundleSource(`file ${file}`, () => loadBundleFromFile(file)),
    history: new CallHistory(store, shards, log, `the local state folder ${stateDir}`),
  };
}

/** The workspaces to read: the one asked for (it must exist), else every workspace of the configuration. */
async function workspacesOf(configuration: ConfigurationSource, asked: string | undefined): Promise<string[]> {
  const ids = await configuration.workspaceIds();
  if (asked === undefined) return ids;
  if (!ids.includes(asked)) throw new UsageError(`No workspace "${asked}" (there are: ${ids.join(', ') || 'none'})`);
  return [asked];
}

function e164Option(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!E164_PATTERN.test(value.trim())) throw new UsageError(`${name} must be an E.164 number such as +15551230000 (got "${value}")`);
  return value.trim();
}

const write = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

const program = new Command()
  .name('calls')
  .description('The call history: every call, where it went and why; and call events that failed to reach a webhook.');
const stateDirOption = () =>
  new Option(
    '--state-dir <dir>',
    'read the local state folder here (default: Sync when SYNC_SERVICE_SID is set, else the local state folder, .local-state)',
  );
const configOption = () =>
  new Option(
    '--config <file>',
    "configuration bundle naming the workspaces (default: Sync's, else the one npm start serves, else the sample)",
  );

program
  .command('list')
  .description('list calls, newest first')
  .option('--workspace <id>', 'only this workspace (default: every workspace of the configuration)')
  .option('--number <number>', 'only calls to this number (E.164)')
  .option('--contact <number>', 'only calls from this caller (E.164)')
  .option('--since <time>', 'only calls from this ISO-8601 time on')
  .option('--json', 'print a JSON array')
  .addOption(stateDirOption())
  .addOption(configOption())
  .action(async (options: SourceOptions & { workspace?: string; number?: string; contact?: string; since?: string; json?: boolean }) => {
    const filter = {
      number: e164Option('--number', options.number),
      contact: e164Option('--contact', options.contact),
      since: options.since === undefined ? undefined : parseInstant(options.since, undefined, '--since'),
    };
    const { configuration, history } = access(options);
    const calls = await history.list(await workspacesOf(configuration, options.workspace), filter);
    if (options.json) write(JSON.stringify(calls.map(callListItem), null, 2));
    else write(calls.length ? formatCallTable(calls) : 'No calls.');
  });

program
  .command('show')
  .argument('<callSid>', 'the call (CA...)')
  .description(
    'everything recorded about one call, step by step: the route and why, the legs, the outcome, voicemail, text-back, notifications, replies',
  )
  .option('--json', 'print the whole record as JSON')
  .addOption(stateDirOption())
  .addOption(configOption())
  .action(async (callSid: string, options: SourceOptions & { json?: boolean }) => {
    if (!isCallSid(callSid)) throw new UsageError(`"${callSid}" is not a CallSid (CA followed by 32 hex digits)`);
    const { configuration, history } = access(options);
    const call: HistoryCall | null = await history.show(callSid, await workspacesOf(configuration, undefined));
    if (!call) throw new UsageError(`No call ${callSid} in the call history (calls are kept CALL_HISTORY_DAYS days, 90 by default)`);
    write(options.json ? JSON.stringify(callShowJson(call), null, 2) : describeCall(call));
  });

program
  .command('redeliver')
  .description('send the call events that failed to reach a webhook again (same webhook-id and body, signed afresh)')
  .option('--workspace <id>', 'only this workspace (default: every workspace of the configuration)')
  .option('--json', 'print what happened to each as JSON')
  .addOption(stateDirOption())
  .addOption(configOption())
  .action(async (options: SourceOptions & { workspace?: string; json?: boolean }) => {
    const { configuration, store } = access(options);
    const workspaces: Pick<Workspace, 'id' | 'webhooks'>[] = [];
    for (const id of await workspacesOf(configuration, options.workspace)) {
      const found = (await configuration.forWorkspace(id)).configuration.workspaces.find((workspace) => workspace.id === id);
      if (found) workspaces.push(found);
    }
    // The command runs on your machine, not in a deployed function: a local receiver (http://127.0.0.1) is allowed.
    const reports: RedeliveryReport[] = await redeliverFailed({ state: store, deployed: false }, workspaces, {
      workspace: options.workspace,
    });
    write(options.json ? JSON.stringify(reports, null, 2) : formatRedelivery(reports));
    const failed = reports.filter((report) => report.outcome.status === 'failed').length;
    if (failed)
      throw new UsageError(
        `${failed} event${failed === 1 ? '' : 's'} could not be delivered again; they stay recorded for the next redeliver`,
      );
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
