// `npm run deploy [-- --dry-run] [--service-name NAME] [--environment SUFFIX] [--env-file FILE]`: checks package.json
// and Twilio's limits on the variables (before anything is uploaded), shows what would be uploaded (worked out by
// twilio-run's own code) and how the service's variables change, then deploys the built functions with twilio-run to
// the account in the environment (or .env), removes the service's variables .env no longer has, and prints the
// function URLs. Exit status 0 or 1.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { checkDependencies, checkRuntimeHandler, type PackageJson } from '../deploy/checks';
import { deployEnvironment, envFileText, requireCredentials } from '../deploy/environment';
import { uploadManifest, type UploadManifest } from '../deploy/manifest';
import { DEPLOY_SETTINGS } from '../deploy/settings';
import { TWILIO_RUN_BIN, deployArguments, runDeploy } from '../deploy/twilio-run';
import { checkVariableLimits, estimatedDomain } from '../deploy/limits';
import {
  describeVariablePlan,
  findServiceEnvironment,
  planVariables,
  removeVariablesNotIn,
  variableRecord,
  type ServiceEnvironment,
} from '../deploy/variables';
import { apiBaseUrlFrom, createTwilioClient } from '../twilio/client';
import { PROJECT_ROOT, UsageError, runCli } from './_run';

const print = (text: string): void => void process.stdout.write(`${text}\n`);

/** twilio-run's domain suffix when --environment is not given. */
const DEFAULT_ENVIRONMENT_SUFFIX = 'dev';

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
  .option(
    '--dry-run',
    "check, and show what would be uploaded and how the service's variables change (read with the credentials when set); deploy nothing",
  )
  .option('--service-name <name>', 'the Functions service (default: package.json "name")')
  .option('--environment <suffix>', 'the domain suffix (default: dev, as in https://<service>-<n>-dev.twil.io)')
  .option('--env-file <file>', "the variables to deploy, and nothing else (default: the project's .env)")
  .showHelpAfterError()
  .action(async (options: { dryRun?: boolean; serviceName?: string; environment?: string; envFile?: string }) => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;
    checkRuntimeHandler(pkg);
    checkDependencies(pkg);
    if (!existsSync(join(PROJECT_ROOT, DEPLOY_SETTINGS.functionsFolder))) {
      throw new UsageError(`${DEPLOY_SETTINGS.functionsFolder} does not exist: build first (npm run deploy builds before deploying)`);
    }
    const dotenvFile = options.envFile ?? join(PROJECT_ROOT, '.env');
    if (options.envFile && !existsSync(dotenvFile)) throw new UsageError(`--env-file ${dotenvFile} does not exist`);
    const environment = deployEnvironment(existsSync(dotenvFile) ? readFileSync(dotenvFile, 'utf8') : undefined, process.env);
    if (!options.dryRun) requireCredentials(environment);

    // The credentials reach twilio-run in a file only this user can read, never on its command line.
    const privateDir = mkdtempSync(join(tmpdir(), 'call-routing-deploy-'));
    try {
      const envFile = join(privateDir, 'deploy.env');
      writeFileSync(envFile, envFileText(environment), { mode: 0o600 });
      const args = deployArguments({ envFile, serviceName: options.serviceName, environment: options.environment });
      const manifest = await uploadManifest(PROJECT_ROOT, args);
      const suffix = options.environment ?? DEFAULT_ENVIRONMENT_SUFFIX;
      // Twilio's limits, before any request: the domain as Twilio will shape it, then (below) the real one.
      const longestPath = manifest.functions.map((fn) => fn.path).reduce((a, b) => (b.length > a.length ? b : a), '/');
      checkVariableLimits(environment.variables, { domain: estimatedDomain(manifest.serviceName, suffix), longestPath });
      // The service as it is now (with credentials; read only): its variables, to compare with .env's, and its domain.
      const client =
        environment.accountSid && environment.authToken
          ? createTwilioClient({
              accountSid: environment.accountSid,
              authToken: environment.authToken,
              apiBaseUrl: apiBaseUrlFrom(process.env),
              timeoutMs: 15_000,
            })
          : null;
      const deployed: ServiceEnvironment | null = client ? await findServiceEnvironment(client, manifest, suffix) : null;
      if (deployed) checkVariableLimits(environment.variables, { domain: deployed.domain, longestPath });

      for (const line of describeManifest(manifest, environment.withheld)) print(line);
      const current = variableRecord(deployed);
      print(
        client
          ? deployed
            ? `  the service's variables (${deployed.domain}) become exactly .env's:`
            : `  the service has no "${suffix || 'production'}" environment yet: every variable is added`
          : '  variables not compared with the service (no ACCOUNT_SID and AUTH_TOKEN): as if it had none',
      );
      for (const line of describeVariablePlan(planVariables(current, environment.variables), current, environment.variables)) print(line);
      if (options.dryRun) {
        print(
          `Dry run: nothing uploaded. The deploy runs: node ${TWILIO_RUN_BIN} ${args.join(' ').replace(envFile, '<private env file>')}`,
        );
        return;
      }
      const result = await runDeploy(PROJECT_ROOT, args);
      print(
        `Deployed to https://${result.domain} (service ${result.serviceName}, ${result.serviceSid}, build ${result.buildSid}, ${result.runtime})`,
      );
      // twilio-run added and updated the variables; the ones .env no longer has go now.
      if (client && deployed) {
        const removed = await removeVariablesNotIn(client, deployed, environment.variables);
        if (removed.length) print(`Removed from the service (not in .env): ${removed.join(', ')}`);
      }
      print('Functions:');
      for (const fn of result.functions) print(`  ${fn.url} (${fn.access})`);
      print(`Next: FUNCTIONS_BASE_URL=https://${result.domain} in .env, then npm run numbers -- buy NUMBER --workspace ID (or bind)`);
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
