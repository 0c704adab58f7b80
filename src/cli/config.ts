// `npm run config -- validate FILE | doctor FILE | push FILE [--dry-run] | pull [FILE] | migrate-state [--state-dir DIR]`.
// Validates and diagnoses bundles, and moves them into and out of Twilio Sync; migrate-state moves the state of
// before sharding into its shards (src/sync/pre-shard-migration.ts). Exit status 0 or 1.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { parseBundle, readBundleFile } from '../config/parse';
import type { Bundle } from '../config/types';
import { diagnose } from '../doctor/doctor';
import { readEnv } from '../runtime/env';
import { syncGatewayFrom } from '../runtime/services';
import { StateShards } from '../state/shards';
import { SyncStateStore } from '../sync/state-store';
import type { SyncGateway } from '../sync/gateway';
import { SyncRepository, describeChange } from '../sync/repository';
import { provisionStateMaps } from '../sync/provision';
import { PRE_SHARD_MAPS, describeMigration, preShardMapsIn, migratePreShardState } from '../sync/pre-shard-migration';
import { LocalStateStore } from '../state/local-store';
import { localStateDir } from './_local';
import { UsageError, loadDotEnv, parseInstant, runCli } from './_run';
import { CallHistory } from '../calls/history';
import { IMPACT_DEFAULT_DAYS, formatImpact, impactOnHistory, impactSince } from '../calls/impact';
import { quietStepLog } from '../log/step-log';

function summary(bundle: Bundle): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const totals = bundle.workspaces.reduce(
    (sum, workspace) => ({
      numbers: sum.numbers + workspace.numbers.length,
      users: sum.users + workspace.users.length,
      contacts: sum.contacts + workspace.contacts.length,
    }),
    { numbers: 0, users: 0, contacts: 0 },
  );
  return [
    count(bundle.workspaces.length, 'workspace'),
    count(totals.numbers, 'number'),
    count(totals.users, 'user'),
    count(totals.contacts, 'contact'),
  ].join(', ');
}

function syncAccess(): { gateway: SyncGateway; shards: StateShards } {
  loadDotEnv();
  const env = readEnv(process.env);
  return { gateway: syncGatewayFrom(env), shards: new StateShards(env.STATE_SHARDS) };
}

function repository(): SyncRepository {
  return new SyncRepository(syncAccess().gateway);
}

/** The bundle in `file`, read and validated (a problem throws, with its path); says so with its summary. */
function validated(file: string): Bundle {
  const bundle = readBundleFile(file);
  process.stdout.write(`${file} is valid: ${summary(bundle)}\n`);
  return bundle;
}

const program = new Command().name('config').description('Check configuration bundles, and push them to or pull them from Twilio Sync.');

program
  .command('validate')
  .argument('<file>', 'configuration bundle (JSON)')
  .description('check a bundle; prints every problem with its path')
  .action((file: string) => {
    validated(file);
  });

program
  .command('doctor')
  .argument('<file>', 'configuration bundle (JSON)')
  .description('check a bundle, then warn about settings that work but will surprise a caller')
  .action((file: string) => {
    const warnings = diagnose(validated(file));
    if (warnings.length === 0) process.stdout.write('No warnings.\n');
    else {
      process.stdout.write(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}:\n`);
      for (const warning of warnings) process.stdout.write(`  - ${warning.path}: ${warning.message}\n`);
    }
  });

program
  .command('push')
  .argument('<file>', 'configuration bundle (JSON)')
  .option('--dry-run', 'show what would change; write nothing')
  .option(
    '--impact',
    `first replay the workspaces' recent calls (the call history) against this bundle and list those that would route differently`,
  )
  .option('--since <iso>', `with --impact: replay the calls from this instant on (default: the last ${IMPACT_DEFAULT_DAYS} days)`)
  .description('make Sync hold this bundle (refuses an invalid one); prints every change')
  .action(async (file: string, options: { dryRun?: boolean; impact?: boolean; since?: string }) => {
    const bundle = readBundleFile(file);
    const { gateway, shards } = syncAccess();
    const repo = new SyncRepository(gateway);
    if (options.impact) {
      const since = options.since ? parseInstant(options.since, undefined, '--since') : impactSince(new Date());
      const quiet = quietStepLog('config');
      const history = new CallHistory(new SyncStateStore(gateway), shards, quiet, 'Sync');
      process.stdout.write(formatImpact(await impactOnHistory(history, bundle, since)));
    } else if (options.since) {
      throw new UsageError('--since goes with --impact');
    }
    const plan = await repo.plan(bundle);
    for (const change of plan.changes) process.stdout.write(`${describeChange(change)}\n`);
    process.stdout.write(`${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}, ${plan.unchanged} unchanged`);
    if (options.dryRun) {
      process.stdout.write(' (dry run: nothing written)\n');
      return;
    }
    await repo.apply(plan);
    process.stdout.write(plan.changes.length ? ': written to Sync\n' : ': Sync already matches\n');
    // The maps each workspace's calls write to, made ahead (STATE_SHARDS of each kind; see docs/scale.md).
    const workspaces = bundle.workspaces.map((workspace) => workspace.id);
    const provisioned = await provisionStateMaps(gateway, workspaces, shards, {
      onWait: (map) => process.stderr.write(`Sync is pacing map creation; waiting to create ${map}\n`),
    });
    process.stdout.write(
      `State maps: ${provisioned.created.length} created, ${provisioned.existing} already there (${shards.count} shard${shards.count === 1 ? '' : 's'} per kind and workspace)\n`,
    );
    // Opt-outs recorded before the state was sharded move into their shards (once; later pushes find none);
    // the rest of that state waits for migrate-state, which may take minutes.
    const store = new SyncStateStore(gateway);
    const [optOuts] = await migratePreShardState(store, shards, { only: (map) => map === PRE_SHARD_MAPS.optout });
    if (optOuts) process.stdout.write(describeMigration([optOuts]));
    const remaining = preShardMapsIn(await store.listMaps());
    if (remaining.length)
      process.stdout.write(
        `Maps of before sharding remain (${remaining.join(', ')}): move them with npm run config -- migrate-state (docs/deploying.md)\n`,
      );
  });

program
  .command('migrate-state')
  .option('--state-dir <dir>', 'the local state folder to migrate (default: Sync when SYNC_SERVICE_SID is set, else LOCAL_STATE_DIR)')
  .description('move the state of before sharding (call log, text-back claims and windows, opt-outs, delivery reports) into its shards')
  .action(async (options: { stateDir?: string }) => {
    loadDotEnv();
    const env = readEnv(process.env);
    const shards = new StateShards(env.STATE_SHARDS);
    const local = options.stateDir !== undefined || !env.SYNC_SERVICE_SID;
    const store = local
      ? new LocalStateStore(options.stateDir ? resolve(options.stateDir) : localStateDir())
      : new SyncStateStore(syncGatewayFrom(env));
    const results = await migratePreShardState(store, shards, {
      onWait: (map) => process.stderr.write(`Sync is pacing writes; waiting to write ${map}\n`),
    });
    process.stdout.write(describeMigration(results));
  });

program
  .command('pull')
  .argument('[file]', 'where to write the bundle (default: standard output)')
  .description('read the bundle Sync holds back into one JSON file')
  .action(async (file: string | undefined) => {
    const pulled = (await repository().readBundle()) as { workspaces: unknown[] };
    if (pulled.workspaces.length === 0)
      throw new UsageError('Sync holds no configuration yet: push a bundle first (npm run config -- push FILE)');
    const bundle = parseBundle(pulled, 'Sync');
    const text = `${JSON.stringify(bundle, null, 2)}\n`;
    if (file) {
      writeFileSync(file, text);
      process.stderr.write(`Wrote ${file}: ${summary(bundle)}\n`);
    } else process.stdout.write(text);
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
