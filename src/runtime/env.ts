// The functions' environment, parsed once into a typed, validated object. Secrets are kept, never printed. The
// schema is built when the environment is first read (a function's first request), not when the module loads.
import { UserFacingError } from '../errors/user-facing-error';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { builtOnce } from '../config/built-once';
import { e164Schema } from '../config/schema';
import { DEFAULT_CALL_HISTORY_DAYS, MAX_CALL_HISTORY_DAYS } from '../calls/call-log';
import { DEFAULT_STATE_SHARDS, MAX_STATE_SHARDS } from '../state/shards';
import { consoleEnvShape } from './console-env';
import { LOCAL_ONLY_VARIABLES, type Placement } from './placement';

/** Builds the environment's schema; `envSchema` runs it once, when the environment is first read. */
function buildEnvSchema() {
  /** "true" or "false", read as a boolean; `fallback` when unset. */
  const flag = (fallback: 'true' | 'false') =>
    z.pipe(
      z._default(z.enum(['true', 'false'], { message: 'must be "true" or "false"' }), fallback),
      z.transform((value) => value === 'true'),
    );

  /** A whole number of `min` to `max` from the variable's text, `fallback` when unset. */
  const wholeNumber = (min: number, max: number, fallback: number) =>
    z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

  const functionsBaseUrl = z.url({ message: 'must be a URL such as https://call-routing-1234-dev.twil.io' }).check(
    z.refine((value) => value.startsWith('https://'), { message: 'must be an https:// URL such as https://call-routing-1234-dev.twil.io' }),
    z.refine((value) => /^https:\/\/[^/?#]+\/?$/.test(value), {
      message: "must be the service's base URL alone, with no path, query or fragment",
    }),
  );

  return z.object({
    ACCOUNT_SID: z.optional(z.string().check(z.regex(/^AC[0-9a-fA-F]{32}$/, { message: 'must look like AC followed by 32 hex digits' }))),
    AUTH_TOKEN: z.optional(z.string().check(z.minLength(1))),
    /** The private asset holding the configuration bundle, as Runtime.getAssets() names it. */
    CONFIG_ASSET: z._default(
      z.string().check(z.startsWith('/', { message: 'must be an asset path such as /sample-config.json' })),
      '/sample-config.json',
    ),
    /** Local serving only: a bundle file on disk to use instead of the asset (`npm start -- --config FILE`). */
    CONFIG_FILE: z.optional(z.string().check(z.minLength(1))),
    /** Rung when no configuration can be loaded at all, so a caller never hears silence. */
    FALLBACK_NUMBER: z.optional(e164Schema()),
    /** Local experiments only: accept requests without a valid X-Twilio-Signature. Never on by default. */
    SKIP_SIGNATURE_CHECK: flag('false'),
    /**
     * Local rehearsal only: lets a request carry `SimulatedAt` to fix "now" (the simulator's --at). On by default
     * when served locally; a deployed function never obeys it.
     */
    ALLOW_SIMULATED_CLOCK: flag('true'),
    /** The Sync service holding configuration and runtime state. Set: Sync mode. Unset: the bundled asset. */
    SYNC_SERVICE_SID: z.optional(
      z.string().check(z.regex(/^IS[0-9a-fA-F]{32}$/, { message: 'must look like IS followed by 32 hex digits' })),
    ),
    /** Deadline of one Sync request, in ms. */
    SYNC_TIMEOUT_MS: wholeNumber(100, 5000, 1500),
    /** How long a configuration document read from Sync is reused, in seconds. */
    CONFIG_CACHE_SECONDS: wholeNumber(0, 3600, 30),
    /**
     * How many Sync Maps each workspace's runtime state of each kind is split across (call log, text-back claims,
     * abuse-guard counters, opt-outs, delivery reports), by a hash of the CallSid or phone number: each map takes
     * 1/STATE_SHARDS of the workspace's calls. Raise it before a workspace's calls outgrow it (docs/scale.md).
     */
    STATE_SHARDS: wholeNumber(1, MAX_STATE_SHARDS, DEFAULT_STATE_SHARDS),
    /**
     * The call history's retention: how many days each call's log (route, legs, outcome, voicemail, text-back,
     * notices, replies) is kept. At most 365, the longest TTL a Sync Map item takes.
     */
    CALL_HISTORY_DAYS: wholeNumber(1, MAX_CALL_HISTORY_DAYS, DEFAULT_CALL_HISTORY_DAYS),
    /** Local mode: where runtime state (text-back dedupe, call log, outbox) is kept on disk. */
    LOCAL_STATE_DIR: z._default(z.string().check(z.minLength(1)), '.local-state'),
    /**
     * The deployed service's base URL (what `npm run deploy` prints), e.g. https://call-routing-1234-dev.twil.io.
     * Read by the numbers CLI to point numbers at this deployment; the functions themselves do not need it.
     */
    FUNCTIONS_BASE_URL: z.optional(functionsBaseUrl),
    /**
     * Signs the links to voicemail recordings that notification texts carry (the `recording` function); unset,
     * AUTH_TOKEN signs them. Set it to revoke every link at once without rotating the auth token.
     */
    RECORDING_LINK_SECRET: z.optional(
      z.string().check(z.minLength(32, { message: 'must be at least 32 characters (e.g. openssl rand -hex 32)' })),
    ),
    /** Tests and local tools only: send every Twilio API request to this loopback base URL. */
    TWILIO_API_BASE_URL: z.optional(z.url({ message: 'must be a URL' })),
    ...consoleEnvShape(),
  });
}

/** The environment's schema, built on first use and kept for the life of the process. */
export const envSchema = builtOnce(buildEnvSchema);

export type Env = z.infer<ReturnType<typeof envSchema>>;

/** The problem with an environment variable, named without its value. */
export class EnvironmentError extends UserFacingError {
  override readonly name: string = 'EnvironmentError';
}

/** Where a deployed function without Sync keeps runtime state: the container's own temporary folder. */
export const DEPLOYED_STATE_DIR = join(tmpdir(), 'call-routing-state');

export interface ReadEnvOptions {
  /** Where the function runs; deployed, the local-only variables are ignored. Default: local (the CLIs). */
  placement?: Placement;
  /** Told, once per distinct environment, what was ignored or is worth knowing. */
  notice?: (message: string) => void;
}

/** One variable that is set but not valid: its name and what is wrong, never its value. */
export interface EnvProblem {
  variable: keyof Env;
  message: string;
}

/** The environment with every valid variable, and what was wrong with the others (left at their defaults). */
export interface LenientEnv {
  env: Env;
  problems: EnvProblem[];
}

let parsed: { key: string; reading: LenientEnv } | undefined;

/** Says what is wrong with each variable, by name: "FALLBACK_NUMBER must be an E.164 phone number ...". */
export function describeEnvProblems(problems: readonly EnvProblem[]): string {
  return problems.map((problem) => `${problem.variable} ${problem.message}`).join('; ');
}

/**
 * Parses the variables Twilio passes in the function context; parsed once while they stay the same. Deployed,
 * every local-only variable is dropped before parsing (and the notice says so), and runtime state without Sync
 * goes to the container's temporary folder. Throws an EnvironmentError naming each variable that is not valid.
 */
export function readEnv(source: Record<string, unknown>, options: ReadEnvOptions = {}): Env {
  const reading = readEnvLeniently(source, options);
  if (reading.problems.length) throw new EnvironmentError(`Invalid environment: ${describeEnvProblems(reading.problems)}`);
  return reading.env;
}

/**
 * Like readEnv, but a variable that is not valid is left out (its default applies) and reported in `problems`,
 * so a function can still answer with what is valid (a good FALLBACK_NUMBER when another variable is wrong).
 */
export function readEnvLeniently(source: Record<string, unknown>, options: ReadEnvOptions = {}): LenientEnv {
  const deployed = options.placement?.deployed === true;
  const values: Record<string, unknown> = {};
  const ignored: string[] = [];
  const schema = envSchema();
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    // An empty variable (as .env.example leaves them) means "not set".
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (deployed && (LOCAL_ONLY_VARIABLES as readonly string[]).includes(key)) ignored.push(key);
    else values[key] = value.trim();
  }
  const key = `${deployed}:${JSON.stringify(values)}`;
  if (parsed && parsed.key === key) return parsed.reading;
  const problems: EnvProblem[] = [];
  let result = schema.safeParse(values);
  if (!result.success) {
    // Each variable is parsed on its own, so dropping the invalid ones leaves a valid rest.
    for (const issue of result.error.issues) {
      const variable = issue.path[0] as keyof Env;
      problems.push({ variable, message: issue.message });
      delete values[variable];
    }
    result = schema.safeParse(values);
    if (!result.success) throw new EnvironmentError(`Invalid environment: ${result.error.message}`, { cause: result.error });
  }
  const env = deployed
    ? { ...result.data, SKIP_SIGNATURE_CHECK: false, ALLOW_SIMULATED_CLOCK: false, LOCAL_STATE_DIR: DEPLOYED_STATE_DIR }
    : result.data;
  if (options.notice && deployed) {
    const where = options.placement!.reason;
    if (ignored.length) options.notice(`ignored ${ignored.join(', ')}: local-only, and this function is deployed (${where})`);
    if (!env.SYNC_SERVICE_SID)
      options.notice(
        `deployed without SYNC_SERVICE_SID: runtime state (text-back dedupe, call log) is kept in this container's temporary folder only, not shared; set SYNC_SERVICE_SID`,
      );
  }
  parsed = { key, reading: { env, problems } };
  return parsed.reading;
}
