// `npm run deploy [-- --dry-run] [--service-name NAME] [--environment SUFFIX]`: checks package.json, shows what
// would be uploaded (worked out by twilio-run's own code), then deploys the built functions with twilio-run to the
// account in the environment (or .env) and prints the function URLs. Exit status 0 or 1.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { checkDependencies, checkRuntimeHandler, type PackageJson } from '../deploy/checks';
import { deployEnvironment, envFileText, requireCredentials } from '../deploy/environment';
import { uploadManifest, type UploadManifest } from '../deploy/manifest';
import { DEPLOY_SETTINGS } from '../deploy/settings';
import { TWILIO_RUN_BIN, deployArguments, runDeploy } from '../deploy/twilio-run';
import { PROJECT_ROOT, UsageError, runCli } from './_run';

const print = (text: string): void => void process.stdout.write(`${text}\n`);

function describeManifest(manifest: UploadManifest, withheld: readonly string[]): string[] {
  const resources = (items: UploadManifest['functions']) => items.map((item) => `    ${item.path} (${item.access}) <- ${item.file}`);
  return [
    `Service ${manifest.serviceName}, runtime ${manifest.runtime}`,
    `  functions (${manifest.functions.length}):`,
    ...resources(manifest.functions),
    `  assets (${manifest.assets.length}):`,
    ...resources(manifest.assets),
    `  dependencies: ${manifest.dependencies.map((dependency) => `${dependency.name} ${dependency.version}`).join(', ')}`,
    `  environment variables: ${manifest.variables.join(', ') || 'none'}${withheld.length ? ` (not uploaded, local only: ${withheld.join(', ')})` : ''}`,
  ];
}

const program = new Command()
  .name('deploy')
  .description('Deploy the built functions and assets to Twilio with twilio-run, and print their URLs.')
  .option('--dry-run', 'check, and show what would be uploaded; deploy nothing (no credentials needed)')
  .option('--service-name <name>', 'the Functions service (default: package.json "name")')
  .option('--environment <suffix>', 'the domain suffix (default: dev, as in https://<service>-<n>-dev.twil.io)')
  .showHelpAfterError()
  .action(async (options: { dryRun?: boolean; serviceName?: string; environment?: string }) => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;
    checkRuntimeHandler(pkg);
    checkDependencies(pkg);
    if (!existsSync(join(PROJECT_ROOT, DEPLOY_SETTINGS.functionsFolder))) {
      throw new UsageError(`${DEPLOY_SETTINGS.functionsFolder} does not exist: build first (npm run deploy builds before deploying)`);
    }
    const dotenvFile = join(PROJECT_ROOT, '.env');
    const environment = deployEnvironment(existsSync(dotenvFile) ? readFileSync(dotenvFile, 'utf8') : undefined, process.env);
    if (!options.dryRun) requireCredentials(environment);

    // The credentials reach twilio-run in a file only this user can read, never on its command line.
    const privateDir = mkdtempSync(join(tmpdir(), 'call-routing-deploy-'));
    try {
      const envFile = join(privateDir, 'deploy.env');
      writeFileSync(envFile, envFileText(environment), { mode: 0o600 });
      const args = deployArguments({ envFile, serviceName: options.serviceName, environment: options.environment });
      const manifest = await uploadManifest(PROJECT_ROOT, args);
      for (const line of describeManifest(manifest, environment.withheld)) print(line);
      if (options.dryRun) {
        print(`Dry run: nothing uploaded. The deploy runs: node ${TWILIO_RUN_BIN} ${args.join(' ').replace(envFile, '<private env file>')}`);
        return;
      }
      const result = await runDeploy(PROJECT_ROOT, args);
      print(`Deployed to https://${result.domain} (service ${result.serviceName}, ${result.serviceSid}, build ${result.buildSid}, ${result.runtime})`);
      print('Functions:');
      for (const deployed of result.functions) print(`  ${deployed.url} (${deployed.access})`);
      print(`Next: FUNCTIONS_BASE_URL=https://${result.domain} in .env, then npm run numbers -- buy NUMBER --workspace ID (or bind)`);
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
