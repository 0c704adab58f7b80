// What the numbers commands work with, built from the environment and the command's options: where the
// configuration lives (Sync when SYNC_SERVICE_SID is set, else a bundle file), the account's phone numbers, the
// deployment's webhook URLs, and where progress lines go. Credentials and the base URL are only demanded by
// the commands that need them, so `list` and `activate` work on a bundle alone.
import type { Env } from '../runtime/env';
import { syncGatewayFrom, twilioClientFrom } from '../runtime/services';
import { SyncRepository } from '../sync/repository';
import { FileConfigurationStore, SyncConfigurationStore, type ConfigurationStore } from './configuration';
import { deploymentUrls, type DeploymentUrls } from './deployment';
import { NumberInputError } from './errors';
import { PhoneNumbersGateway } from './twilio-numbers';

/** Deadline of one phone-number request: a purchase can take Twilio a few seconds. */
export const NUMBERS_TIMEOUT_MS = 10_000;

export interface NumbersServices {
  store: ConfigurationStore;
  /** True when ACCOUNT_SID and AUTH_TOKEN are set. */
  hasAccount: boolean;
  /** The account's numbers; an EnvironmentError naming what is missing when there are no credentials. */
  gateway(): PhoneNumbersGateway;
  /** True when the deployment's base URL is known. */
  hasUrls: boolean;
  /** The deployment's URLs; a NumberInputError saying how to give the base URL when it is not known. */
  urls(): DeploymentUrls;
  /** One line per step of a long operation (the CLI writes them to standard error). */
  progress(line: string): void;
}

export interface NumbersServicesOptions {
  /** --config FILE: a bundle file (local mode only). */
  config?: string;
  /** --base-url URL: overrides FUNCTIONS_BASE_URL. */
  baseUrl?: string;
  /** The bundle read when no --config is given; never written. */
  sampleConfig: string;
  progress?: (line: string) => void;
}

export function configurationStoreFor(env: Env, options: Pick<NumbersServicesOptions, 'config' | 'sampleConfig'>): ConfigurationStore {
  if (env.SYNC_SERVICE_SID) {
    if (options.config) {
      throw new NumberInputError(
        `--config is for local mode: SYNC_SERVICE_SID is set, so the configuration lives in Sync (unset SYNC_SERVICE_SID to work on ${options.config})`,
      );
    }
    return new SyncConfigurationStore(new SyncRepository(syncGatewayFrom(env)), env.SYNC_SERVICE_SID);
  }
  if (options.config) return new FileConfigurationStore(options.config);
  return new FileConfigurationStore(
    options.sampleConfig,
    `This command changes the configuration, and no --config FILE was given: the bundled sample (${options.sampleConfig}) is read-only. Copy it and pass --config FILE, or set SYNC_SERVICE_SID to work on Sync`,
  );
}

export function numbersServicesFrom(env: Env, options: NumbersServicesOptions): NumbersServices {
  const baseUrl = options.baseUrl ?? env.FUNCTIONS_BASE_URL;
  return numbersServicesWith(env, {
    store: configurationStoreFor(env, options),
    urls: baseUrl === undefined ? undefined : deploymentUrls(baseUrl, options.baseUrl !== undefined ? '--base-url' : 'FUNCTIONS_BASE_URL'),
    missingUrls:
      "This command needs the deployment's base URL: pass --base-url https://<service>-<n>-dev.twil.io or set FUNCTIONS_BASE_URL (npm run deploy prints it)",
    progress: options.progress,
  });
}

/**
 * The services from a store and URLs already chosen (the CLI's from its options, the console's from the request):
 * `missingUrls` is what `urls()` says when they are not known; `timeoutMs` bounds each phone-number request.
 */
export function numbersServicesWith(
  env: Env,
  chosen: {
    store: ConfigurationStore;
    urls: DeploymentUrls | undefined;
    missingUrls: string;
    progress?: ((line: string) => void) | undefined;
    timeoutMs?: number;
  },
): NumbersServices {
  const { urls } = chosen;
  let gateway: PhoneNumbersGateway | undefined;
  return {
    store: chosen.store,
    hasAccount: Boolean(env.ACCOUNT_SID && env.AUTH_TOKEN),
    gateway: () =>
      (gateway ??= new PhoneNumbersGateway(
        twilioClientFrom(env, "Working with the account's phone numbers", chosen.timeoutMs ?? NUMBERS_TIMEOUT_MS),
      )),
    hasUrls: urls !== undefined,
    urls: () => {
      if (!urls) throw new NumberInputError(chosen.missingUrls);
      return urls;
    },
    progress: chosen.progress ?? (() => {}),
  };
}
