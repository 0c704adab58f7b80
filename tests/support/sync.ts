// Sets up a Sync service on the Twilio API double and the project's gateway pointed at it.
import { TEST_CLIENT_TIMEOUT_MS, type TwilioApi } from './twilio-api/index';
import type { Bundle } from '../../src/config/types';
import { SyncGateway } from '../../src/sync/gateway';
import { StateShards } from '../../src/state/shards';
import { SyncRepository } from '../../src/sync/repository';
import { provisionStateMaps } from '../../src/sync/provision';

export async function createSyncService(api: Pick<TwilioApi, 'client'>, name = 'call-routing'): Promise<string> {
  const service = await api.client().sync.v1.services.create({ friendlyName: name });
  return service.sid;
}

/** The project's Sync gateway on the double; its deadline is the tests' generous one unless a test names its own. */
export function gatewayFor(api: Pick<TwilioApi, 'client'>, serviceSid: string, timeoutMs = TEST_CLIENT_TIMEOUT_MS): SyncGateway {
  return new SyncGateway(api.client({ timeoutMs }), serviceSid, { timeoutMs });
}

/**
 * SYNC_TIMEOUT_MS for tests that inject no hang: the most it may be, so that no answer from Sync is taken for a
 * fault however loaded the machine (concurrent requests queue at the one Prism). Fault tests set their own.
 */
export const PATIENT_SYNC_TIMEOUT_MS = '5000';

/** The environment a CLI command or a function needs to reach Sync on the double. */
export function syncEnv(api: TwilioApi, serviceSid: string): Record<string, string> {
  return {
    ACCOUNT_SID: api.accountSid,
    AUTH_TOKEN: api.authToken,
    SYNC_SERVICE_SID: serviceSid,
    TWILIO_API_BASE_URL: api.baseUrl,
    SYNC_TIMEOUT_MS: PATIENT_SYNC_TIMEOUT_MS,
  };
}

/**
 * A new Sync service on the double holding `bundle`, pushed as `config push` does it: the documents and contacts,
 * then each workspace's state maps (the functions' default shard count unless `shards` says); returns its SID.
 */
export async function serviceWithBundle(api: Pick<TwilioApi, 'client'>, bundle: Bundle, shards = new StateShards()): Promise<string> {
  const serviceSid = await createSyncService(api);
  const gateway = gatewayFor(api, serviceSid);
  const repository = new SyncRepository(gateway);
  await repository.apply(await repository.plan(bundle));
  await provisionStateMaps(
    gateway,
    bundle.workspaces.map((workspace) => workspace.id),
    shards,
  );
  return serviceSid;
}
