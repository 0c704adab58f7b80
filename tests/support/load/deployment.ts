// A whole deployment in this process for the load: the Twilio API double (directly, no Prism: Prism checks the
// shapes in other suites and would be most of the cost of tens of thousands of requests), a Sync service holding
// the bundle as `config push` leaves it, and the real built functions in Sync mode, run in process and reached with
// requests signed as Twilio signs them. Sync's rate limits are switched on once the configuration is pushed.
import { parseBundle } from '../../../src/config/parse';
import type { BundleInput } from '../../../src/config/types';
import { createTwilioClient } from '../../../src/twilio/client';
import { loadFunctions, twilioRequestTo } from '../in-process';
import { PATIENT_SYNC_TIMEOUT_MS, serviceWithBundle } from '../sync';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_CLIENT_TIMEOUT_MS, TwilioApiDouble } from '../twilio-api/index';
import type { SendWebhook } from './driver';
import { STATE_SHARDS } from './fleet';

export interface InProcessDeployment {
  double: TwilioApiDouble;
  serviceSid: string;
  /** The workspace ids of the pushed bundle, for classifying Sync objects by name. */
  workspaceIds: ReadonlySet<string>;
  /** Sends a webhook to the function its URL names, signed, in process. */
  send: SendWebhook;
  stop(): Promise<void>;
}

/** Starts the double, pushes `bundle` and loads the functions; `env` adds to (or overrides) their environment. */
export async function startInProcessDeployment(bundle: BundleInput, env: Record<string, string> = {}): Promise<InProcessDeployment> {
  const double = await TwilioApiDouble.start({ accountSid: TEST_ACCOUNT_SID });
  try {
    const client = (options: { timeoutMs?: number } = {}) =>
      createTwilioClient({
        accountSid: TEST_ACCOUNT_SID,
        authToken: TEST_AUTH_TOKEN,
        apiBaseUrl: double.url,
        timeoutMs: options.timeoutMs ?? TEST_CLIENT_TIMEOUT_MS,
      });
    const parsed = parseBundle(bundle);
    const serviceSid = await serviceWithBundle({ client }, parsed);
    const invoke = loadFunctions({
      ACCOUNT_SID: TEST_ACCOUNT_SID,
      AUTH_TOKEN: TEST_AUTH_TOKEN,
      SYNC_SERVICE_SID: serviceSid,
      TWILIO_API_BASE_URL: double.url,
      SYNC_TIMEOUT_MS: PATIENT_SYNC_TIMEOUT_MS,
      ALLOW_SIMULATED_CLOCK: 'true',
      STATE_SHARDS: String(STATE_SHARDS),
      ...env,
    });
    const send: SendWebhook = async (url, params) => {
      const { name, event, headers } = twilioRequestTo(TEST_AUTH_TOKEN, url, params);
      const result = await invoke(name, event, headers);
      return { status: result.status, body: result.body };
    };
    return {
      double,
      serviceSid,
      workspaceIds: new Set(parsed.workspaces.map((workspace) => workspace.id)),
      send,
      stop: () => double.stop(),
    };
  } catch (error) {
    await double.stop();
    throw error;
  }
}
