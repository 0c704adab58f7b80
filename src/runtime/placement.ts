// Where a function runs: served locally by twilio-run (`npm start`, `npx twilio-run`, `twilio serverless:start`),
// or deployed on Twilio. Local-only variables (signature bypass, simulated clock, local state and configuration
// files, a local API double) are obeyed locally and ignored when deployed, however the service was deployed.
//
// The rule: a function is local only when Twilio's DOMAIN_NAME is a loopback host, which is what twilio-run
// gives it (`localhost:PORT`), and the runtime has not filled in SERVICE_SID (Twilio sets it to the service's
// ZS... SID on every deployed function; twilio-run leaves it undefined). A *.twil.io domain, a tunnel (ngrok)
// or a ZS SID all count as deployed: anything reachable from outside gets the deployed rules.

/** The variables that only local serving and tests may use. */
export const LOCAL_ONLY_VARIABLES = [
  'TWILIO_API_BASE_URL',
  'CONFIG_FILE',
  'ALLOW_SIMULATED_CLOCK',
  'SKIP_SIGNATURE_CHECK',
  'LOCAL_STATE_DIR',
  'CONSOLE_LOGIN_TOKEN',
] as const;

export type LocalOnlyVariable = (typeof LOCAL_ONLY_VARIABLES)[number];

export interface Placement {
  deployed: boolean;
  /** Why, in words for the log. */
  reason: string;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
  return typeof host === 'string' && LOOPBACK_HOST.test(host.trim());
}

/** Reads a context property without triggering twilio-run's "undefined in local development" getters. */
function ownValue(context: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(context, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

export function placementOf(context: object): Placement {
  const serviceSid = ownValue(context, 'SERVICE_SID');
  if (typeof serviceSid === 'string' && /^ZS[0-9a-f]{32}$/i.test(serviceSid))
    return { deployed: true, reason: `SERVICE_SID is ${serviceSid}` };
  const domain = ownValue(context, 'DOMAIN_NAME');
  if (typeof domain === 'string' && isLoopbackHost(domain)) return { deployed: false, reason: `DOMAIN_NAME is ${domain}` };
  return { deployed: true, reason: `DOMAIN_NAME is ${typeof domain === 'string' && domain ? domain : 'not set'}` };
}
