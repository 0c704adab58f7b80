// What a deploy would upload, worked out by twilio-run's and @twilio-labs/serverless-api's own code, without the
// network: the deploy's arguments are parsed by twilio-run's `deploy` options (yargs), turned into its deploy
// configuration (getConfigFromFlags: .twilioserverlessrc, package.json, the env file), and the files are listed
// by getListOfFunctionsAndAssets and the dependencies by getDependencies, exactly as deployLocalProject does
// before its first request.
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fsHelpers, getDependencies } from '@twilio-labs/serverless-api/dist/api';
import { builder as deployOptions } from 'twilio-run/dist/commands/deploy';
import { getConfigFromFlags } from 'twilio-run/dist/config/deploy';

export interface UploadedResource {
  /** The URL path (functions) or asset path (Runtime.getAssets()). */
  path: string;
  access: string;
  /** The file on disk, relative to the project root. */
  file: string;
}

export interface UploadManifest {
  functions: UploadedResource[];
  assets: UploadedResource[];
  /** What the platform installs for the functions: package.json "dependencies". */
  dependencies: { name: string; version: string }[];
  /** Names of the variables uploaded as the service's environment (never their values). */
  variables: string[];
  runtime: string | undefined;
  serviceName: string;
  /** The service twilio-run deploys to when it already knows it (.twiliodeployinfo for this account); else by name. */
  serviceSid: string | undefined;
  /** A service of the same name is deployed to rather than refused. */
  overrideExistingService: boolean;
}

type Yargs = (args: string[]) => Parameters<typeof deployOptions>[0];

/** twilio-run's deploy configuration for these arguments (`args` as given after `twilio-run.js`). */
async function twilioRunConfig(root: string, args: string[]) {
  // yargs as twilio-run itself resolves it, so the options parse the way its CLI parses them.
  const yargs = createRequire(require.resolve('twilio-run/package.json', { paths: [root] }))('yargs') as Yargs;
  const [command, ...options] = args;
  if (command !== 'deploy') throw new Error(`expected twilio-run deploy arguments, got "${command}"`);
  const flags = deployOptions(yargs(options)).parseSync();
  return getConfigFromFlags({ ...flags, cwd: root });
}

export async function uploadManifest(root: string, args: string[]): Promise<UploadManifest> {
  const config = await twilioRunConfig(root, args);
  const search = {
    ...(config.functionsFolderName ? { functionsFolderNames: [config.functionsFolderName] } : {}),
    ...(config.assetsFolderName ? { assetsFolderNames: [config.assetsFolderName] } : {}),
  };
  const { functions, assets } = await fsHelpers.getListOfFunctionsAndAssets(join(config.cwd), search);
  const resource = (item: { path: string; access: string; filePath: string }): UploadedResource => ({
    path: item.path,
    access: item.access,
    file: relative(root, item.filePath),
  });
  const byPath = (a: UploadedResource, b: UploadedResource) => a.path.localeCompare(b.path);
  return {
    functions: config.noFunctions ? [] : functions.map(resource).sort(byPath),
    assets: config.noAssets ? [] : assets.map(resource).sort(byPath),
    dependencies: getDependencies(config.pkgJson).sort((a, b) => a.name.localeCompare(b.name)),
    variables: Object.keys(config.env).sort(),
    runtime: config.runtime,
    serviceName: config.serviceName ?? '',
    serviceSid: config.serviceSid,
    overrideExistingService: config.overrideExistingService === true,
  };
}
