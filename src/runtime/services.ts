// Builds the services a function or a CLI command needs from the parsed environment: the Sync gateway,
// the configuration source and the runtime state store. Sync mode when SYNC_SERVICE_SID is set.
import { join, isAbsolute } from 'node:path';
import type { ConfigurationSource } from '../routing/configuration-source';
import { LocalStateStore } from '../state/local-store';
import { StateShards } from '../state/shards';
import { SyncStateStore } from '../sync/state-store';
import type { StateStore } from '../state/store';
import { SyncConfigurationSource } from '../sync/configuration-source';
import { SyncGateway } from '../sync/gateway';
import { MESSAGE_STATUS_PATH, OutboxMessenger, TwilioMessenger, type Messenger, type StatusCallbackUrl } from '../textback/messenger';
import { createTwilioClient } from '../twilio/client';
import { BundleSource, loadBundleFromAssets, loadBundleFromFile, type AssetMap } from './bundle-configuration-source';
import { EnvironmentError, type Env } from './env';
import { callbackUrl } from './signature';
import { encodeCallbackState } from '../calls/callback-state';

/** Throws an EnvironmentError naming every variable `purpose` needs that is not set (never their values). */
function requireVariables(env: Env, purpose: string, keys: readonly (keyof Env)[]): void {
  const missing = keys.filter((key) => !env[key]);
  if (missing.length) throw new EnvironmentError(`${purpose} needs ${missing.join(', ')} in the environment (see .env.example)`);
}

/** A Twilio REST client for the account in the environment; `purpose` names what needs it in the error. */
export function twilioClientFrom(env: Env, purpose: string, timeoutMs: number): ReturnType<typeof createTwilioClient> {
  requireVariables(env, purpose, ['ACCOUNT_SID', 'AUTH_TOKEN']);
  return createTwilioClient({ accountSid: env.ACCOUNT_SID!, authToken: env.AUTH_TOKEN!, apiBaseUrl: env.TWILIO_API_BASE_URL, timeoutMs });
}

export function syncGatewayFrom(env: Env): SyncGateway {
  requireVariables(env, 'Sync', ['ACCOUNT_SID', 'AUTH_TOKEN', 'SYNC_SERVICE_SID']);
  const client = twilioClientFrom(env, 'Sync', env.SYNC_TIMEOUT_MS);
  return new SyncGateway(client, env.SYNC_SERVICE_SID!, { timeoutMs: env.SYNC_TIMEOUT_MS });
}

export interface Services {
  mode: 'sync' | 'local';
  /** How runtime state is split across maps (STATE_SHARDS). */
  shards: StateShards;
  configuration: ConfigurationSource;
  state: StateStore;
  /**
   * The state store as one request sees it: locally, TTLs are set and checked at the request's own time (a
   * call rehearsed at a simulated instant finds the text-back windows of that instant), and an unreadable item
   * moved aside is told to `notice`; Sync keeps its own clock.
   */
  stateAt(now: Date, notice?: (message: string) => void): StateStore;
  /** Twilio's Messages API when ACCOUNT_SID and AUTH_TOKEN are set; else the local outbox. */
  messenger: Messenger;
  gateway?: SyncGateway;
}

/**
 * Where Twilio posts a text's delivery reports: the message-status function of the functions at `baseUrl`
 * (a REST request needs an absolute URL, unlike TwiML), with the workspace and call in signed query parameters.
 */
export function statusCallbackFor(baseUrl: string): StatusCallbackUrl {
  const base = baseUrl.replace(/\/+$/, '');
  return (context) =>
    `${base}${callbackUrl(MESSAGE_STATUS_PATH, encodeCallbackState({ workspace: context?.workspace, callSid: context?.callSid }))}`;
}

/**
 * Texts go out through Twilio only with an account; without one they land in the local outbox. Delivery
 * reports are asked for when the functions' base URL is known (a function knows its own; a CLI reads
 * FUNCTIONS_BASE_URL).
 */
export function messengerFor(env: Env, state: StateStore, functionsBaseUrl: string | undefined = env.FUNCTIONS_BASE_URL): Messenger {
  if (env.ACCOUNT_SID && env.AUTH_TOKEN) {
    const client = createTwilioClient({ accountSid: env.ACCOUNT_SID, authToken: env.AUTH_TOKEN, apiBaseUrl: env.TWILIO_API_BASE_URL });
    return new TwilioMessenger(client, functionsBaseUrl ? statusCallbackFor(functionsBaseUrl) : undefined);
  }
  return new OutboxMessenger(state);
}

let cached: { key: Env; functionsBaseUrl: string | undefined; services: Services } | undefined;

/**
 * The services for this environment, kept for the life of the process so a warm Function reuses its
 * configuration cache. `assets` is Runtime.getAssets in a Function; `functionsBaseUrl` the functions' own
 * base URL (https://<domain>, or http://localhost:PORT served locally), for delivery reports.
 */
export function servicesFor(env: Env, assets: () => AssetMap, baseDir: string = process.cwd(), functionsBaseUrl?: string): Services {
  if (cached && cached.key === env && cached.functionsBaseUrl === functionsBaseUrl) return cached.services;
  let services: Services;
  if (env.SYNC_SERVICE_SID) {
    const gateway = syncGatewayFrom(env);
    const state = new SyncStateStore(gateway);
    services = {
      mode: 'sync',
      shards: new StateShards(env.STATE_SHARDS),
      gateway,
      configuration: new SyncConfigurationSource(gateway, { cacheTtlMs: env.CONFIG_CACHE_SECONDS * 1000 }),
      state,
      stateAt: () => state,
      messenger: messengerFor(env, state, functionsBaseUrl),
    };
  } else {
    const file = env.CONFIG_FILE;
    const state = new LocalStateStore(isAbsolute(env.LOCAL_STATE_DIR) ? env.LOCAL_STATE_DIR : join(baseDir, env.LOCAL_STATE_DIR));
    services = {
      mode: 'local',
      shards: new StateShards(env.STATE_SHARDS),
      configuration: file
        ? new BundleSource(`file ${file}`, () => loadBundleFromFile(file))
        : new BundleSource(`asset ${env.CONFIG_ASSET}`, () => loadBundleFromAssets(assets(), env.CONFIG_ASSET)),
      state,
      stateAt: (now, notice) => state.withClock(() => now.getTime(), notice),
      messenger: messengerFor(env, state, functionsBaseUrl),
    };
  }
  cached = { key: env, functionsBaseUrl, services };
  return services;
}
