// `npm run textback -- test --workspace ID --to NUMBER [--from NUMBER] [--config FILE]`: the seed's
// "Send Test". Renders the configured missed-call text for a sample contact and sends it from one of the
// workspace's numbers, through Twilio with an account, else into the local outbox (shown, not sent).
import { Command } from 'commander';
import { E164_PATTERN } from '../config/constants';
import { readBundleFile } from '../config/parse';
import type { Bundle } from '../config/types';
import { readEnv } from '../runtime/env';
import { messengerFor, syncGatewayFrom } from '../runtime/services';
import { SyncConfigurationSource } from '../sync/configuration-source';
import { StateShards } from '../state/shards';
import { LocalStateStore } from '../state/local-store';
import { SyncStateStore } from '../sync/state-store';
import { OUTBOX_NOTE } from '../textback/messenger';
import { sendTestText } from '../textback/textback';
import { testSender } from '../flows/sms-textback';
import { localStateDir } from './_local';
import { SAMPLE_CONFIG, UsageError, loadDotEnv, runCli } from './_run';

interface TestOptions {
  workspace: string;
  to: string;
  from?: string;
  config?: string;
}

async function workspaceBundle(options: TestOptions): Promise<Bundle> {
  const env = readEnv(process.env);
  if (env.SYNC_SERVICE_SID && !options.config) {
    return (await new SyncConfigurationSource(syncGatewayFrom(env), { cacheTtlMs: 0 }).forWorkspace(options.workspace)).configuration;
  }
  return readBundleFile(options.config ?? SAMPLE_CONFIG);
}

const program = new Command().name('textback').description('Missed-call text-back tools.');

program
  .command('test')
  .description('send the configured missed-call text, rendered for a sample contact, to a number of yours')
  .requiredOption('--workspace <id>', 'the workspace whose message and number to use')
  .requiredOption('--to <number>', 'where to send the test (E.164)')
  .option('--from <number>', "which of the workspace's numbers sends it (default: the first that can text)")
  .option('--config <file>', 'configuration bundle (default: Sync when SYNC_SERVICE_SID is set, else the bundled sample)')
  .action(async (options: TestOptions) => {
    loadDotEnv();
    if (!E164_PATTERN.test(options.to)) throw new UsageError(`--to must be an E.164 number such as +15551230000 (got "${options.to}")`);
    const bundle = await workspaceBundle(options);
    const workspace = bundle.workspaces.find((candidate) => candidate.id === options.workspace);
    if (!workspace)
      throw new UsageError(`No workspace "${options.workspace}" (there are: ${bundle.workspaces.map((w) => w.id).join(', ') || 'none'})`);
    const number = testSender(workspace, options.from);
    if (!number)
      throw new UsageError(
        options.from
          ? `${options.from} is not a number of workspace ${workspace.id}`
          : `Workspace ${workspace.id} has no active number that can text`,
      );
    const env = readEnv(process.env);
    const local = new LocalStateStore(localStateDir());
    const messenger = messengerFor(env, local);
    // Opt-outs are read where the functions keep them: Sync in Sync mode, else the local state folder.
    const state = env.SYNC_SERVICE_SID ? new SyncStateStore(syncGatewayFrom(env)) : local;
    const outcome = await sendTestText(
      { messenger, state, shards: new StateShards(env.STATE_SHARDS), now: new Date() },
      workspace,
      number,
      options.to,
    );
    process.stdout.write(`From: ${outcome.from}\nTo:   ${outcome.to}\n\n${outcome.body}\n\n`);
    if (outcome.status === 'sent') process.stdout.write(`Sent: ${outcome.messageSid}\n`);
    else if (outcome.status === 'outbox') process.stdout.write(`${OUTBOX_NOTE}.\n`);
    else throw new UsageError(`Not sent: ${outcome.detail}`);
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
