// Section 3: Sync requests per call, counted at the Twilio API double (behind Prism, so every request is
// also checked against Twilio's description). The sample configuration is pushed with SyncRepository,
// then SyncConfigurationSource loads one call's configuration in process: cold is the first call to a
// number, warm the second call to the same number (the documents come from the cache).
import { readBundleFile } from '../../src/config';
import { SyncConfigurationSource } from '../../src/sync/configuration-source';
import { SyncRepository } from '../../src/sync/repository';
import { createSyncService, gatewayFor } from '../../tests/support/sync';
import { expectNoContractViolations, startTwilioApi } from '../../tests/support/twilio-api';
import { SAMPLE_CONFIG } from './paths';

/** Dana, a contact of the sample configuration, calls its main line. */
export const SYNC_CALL = { to: '+15550100100', from: '+15550100200' };
export const CACHE_TTL_MS = 30_000;

export interface SyncRequestsResult {
  call: typeof SYNC_CALL;
  cold: number;
  warm: number;
  /** The gateway's own count over both calls: it must agree with the double's. */
  gatewayRequests: number;
}

export async function benchSyncRequests(): Promise<SyncRequestsResult> {
  const api = await startTwilioApi();
  try {
    const serviceSid = await createSyncService(api);
    const repository = new SyncRepository(gatewayFor(api, serviceSid));
    await repository.apply(await repository.plan(readBundleFile(SAMPLE_CONFIG)));

    const gateway = gatewayFor(api, serviceSid);
    const source = new SyncConfigurationSource(gateway, { cacheTtlMs: CACHE_TTL_MS });
    const syncRequests = () => api.double.requestCount({ product: 'sync' });
    const counted = async () => {
      const before = syncRequests();
      const loaded = await source.forCall(SYNC_CALL);
      if (loaded.configuration.workspaces[0]?.contacts.length !== 1) throw new Error(`the call's contact was not loaded from Sync (${loaded.warnings.join('; ')})`);
      return syncRequests() - before;
    };
    const cold = await counted();
    const warm = await counted();
    expectNoContractViolations(api);
    return { call: SYNC_CALL, cold, warm, gatewayRequests: gateway.requests };
  } finally {
    await api.stop();
  }
}
