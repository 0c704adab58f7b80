// Runs `twilio-run deploy` for `npm run deploy`: non-interactive (no standard input), output as JSON on standard
// output (parsed here into the deployed URLs), its progress and errors on standard error as they come.
import { UserFacingError } from '../errors/user-facing-error';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEPLOY_SETTINGS } from './settings';

export const TWILIO_RUN_BIN = join('node_modules', 'twilio-run', 'bin', 'twilio-run.js');

export interface DeployOptions {
  /** The private env file with the credentials and the variables to upload (see environment.ts). */
  envFile: string;
  /** Default: package.json "name". */
  serviceName?: string;
  /** Domain suffix; twilio-run's default is "dev" (https://<service>-<n>-dev.twil.io). */
  environment?: string;
}

/** The arguments after `twilio-run.js`. Never a secret among them. */
export function deployArguments(options: DeployOptions): string[] {
  return [
    'deploy',
    '--runtime',
    DEPLOY_SETTINGS.runtime,
    '--functions-folder',
    DEPLOY_SETTINGS.functionsFolder,
    '--assets-folder',
    DEPLOY_SETTINGS.assetsFolder,
    '--env',
    options.envFile,
    // This project always deploys to its own service: a service of the same name is this project's earlier deploy.
    '--override-existing-project',
    '--output-format',
    'json',
    ...(options.serviceName ? ['--service-name', options.serviceName] : []),
    ...(options.environment !== undefined ? ['--environment', options.environment] : []),
  ];
}

export interface DeployedResource {
  access: string;
  path: string;
  url: string;
}

export interface DeployResult {
  domain: string;
  serviceName: string;
  serviceSid: string;
  buildSid: string;
  runtime: string;
  functions: DeployedResource[];
  assets: DeployedResource[];
}

/** twilio-run failed, or said something other than its JSON result. */
export class DeployRunError extends UserFacingError {
  override readonly name: string = 'DeployRunError';
}

/** twilio-run's `--output-format json` result (printJsonDeployedResources). */
export function parseDeployOutput(stdout: string): DeployResult {
  const start = stdout.indexOf('{');
  try {
    const result = JSON.parse(stdout.slice(start)) as DeployResult;
    if (typeof result.domain !== 'string' || !Array.isArray(result.functions)) throw new Error('no domain or functions in it');
    return result;
  } catch (error) {
    throw new DeployRunError(`twilio-run deploy finished, but its output is not the deployment result: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export function runDeploy(root: string, args: string[]): Promise<DeployResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, TWILIO_RUN_BIN), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.once('error', (error) => reject(new DeployRunError(`could not start twilio-run: ${error.message}`, { cause: error })));
    child.once('close', (code) => {
      if (code !== 0) return reject(new DeployRunError(`twilio-run deploy failed (exit status ${code}): its message is above`));
      try {
        resolve(parseDeployOutput(stdout));
      } catch (error) {
        reject(error);
      }
    });
  });
}
