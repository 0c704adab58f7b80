// Twilio's limits on a Functions service's environment variables, checked before a deploy uploads anything:
// a variable's name at most 128 characters and its value at most 450 bytes (the Serverless API's Variable
// resource), and the context each invocation receives (account metadata, domain name, path and every variable, as
// one JSON string) at most 3 KB, past which invocations fail with error 82006. Twilio itself refuses an oversized
// variable only after every function was uploaded and built, with half the variables written. Pure.
import { DeployCheckError } from './checks';

export const VARIABLE_NAME_MAX_CHARACTERS = 128;
export const VARIABLE_VALUE_MAX_BYTES = 450;
export const CONTEXT_MAX_BYTES = 3 * 1024;
const CONTEXT_TOO_LARGE_ERROR = 82006;

/** Where the functions will run: what Twilio adds to the context besides the variables. */
export interface ContextPlace {
  /** The service's domain, e.g. call-routing-1234-dev.twil.io (estimated from the service name before a first deploy). */
  domain: string;
  /** The longest function path, e.g. /voicemail-complete: every invocation carries its own. */
  longestPath: string;
}

/** The domain Twilio gives a service's environment: the unique name, four digits, and the suffix when there is one. */
export function estimatedDomain(serviceName: string, environmentSuffix: string): string {
  return `${serviceName}-0000${environmentSuffix ? `-${environmentSuffix}` : ''}.twil.io`;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The context an invocation receives, as one JSON string, with the variables Twilio adds at their real lengths:
 * the account's credentials (twilio-run creates services that include them), the service and environment SIDs,
 * the domain and the path.
 */
function contextBytes(variables: Record<string, string>, place: ContextPlace): number {
  const added = {
    ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    AUTH_TOKEN: '0'.repeat(32),
    SERVICE_SID: `ZS${'0'.repeat(32)}`,
    ENVIRONMENT_SID: `ZE${'0'.repeat(32)}`,
    DOMAIN_NAME: place.domain,
    PATH: place.longestPath,
  };
  return bytes(JSON.stringify({ ...added, ...variables }));
}

/** Refuses, naming the variable and the limit, what Twilio would refuse or fail on; never quotes a value. */
export function checkVariableLimits(variables: Record<string, string>, place: ContextPlace): void {
  for (const [name, value] of Object.entries(variables)) {
    if (name.length > VARIABLE_NAME_MAX_CHARACTERS) {
      throw new DeployCheckError(
        `.env variable ${name} has a name of ${name.length} characters: Twilio takes at most ${VARIABLE_NAME_MAX_CHARACTERS} (nothing was uploaded)`,
      );
    }
    const size = bytes(value);
    if (size > VARIABLE_VALUE_MAX_BYTES) {
      throw new DeployCheckError(
        `.env variable ${name} is ${size} bytes long: Twilio takes at most ${VARIABLE_VALUE_MAX_BYTES} bytes per value (nothing was uploaded); shorten it`,
      );
    }
  }
  const total = contextBytes(variables, place);
  if (total > CONTEXT_MAX_BYTES) {
    const largest = Object.entries(variables)
      .map(([name, value]) => ({ name, size: bytes(JSON.stringify({ [name]: value })) - 2 }))
      .sort((a, b) => b.size - a.size)
      .slice(0, 3)
      .map((entry) => `${entry.name} (${entry.size} bytes)`);
    throw new DeployCheckError(
      `the functions' context would be ${total} bytes (the .env variables as JSON, plus the account, the domain ${place.domain} and the path ${place.longestPath} Twilio adds): ` +
        `past ${CONTEXT_MAX_BYTES} bytes Twilio fails invocations (error ${CONTEXT_TOO_LARGE_ERROR}, nothing was uploaded); the largest variables: ${largest.join(', ')}`,
    );
  }
}
