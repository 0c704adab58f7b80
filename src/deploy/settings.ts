// What a deploy uploads and to which runtime: the single source for the twilio-run flags `npm run deploy` passes,
// the upload manifest and the checks. `.twilioserverlessrc` says the same for `twilio serverless:deploy` (a test
// holds the two together).

export const DEPLOY_SETTINGS = {
  /** The built bundles (scripts/build.mjs), not functions/*.ts: twilio-run uploads every .js file in here. */
  functionsFolder: 'dist/functions',
  /** Uploaded whole: every file in it becomes an asset. */
  assetsFolder: 'assets',
  /** A runtime the platform accepts today. */
  runtime: 'node22',
} as const;

/**
 * The only dependencies the functions need at run time: the bundles keep these two external (scripts/build.mjs)
 * and bundle everything else in. twilio-run uploads every entry of package.json "dependencies" for the platform
 * to install, so anything else belongs in "devDependencies".
 */
export const RUNTIME_DEPENDENCIES = ['@twilio/runtime-handler', 'twilio'] as const;

export const RUNTIME_HANDLER = '@twilio/runtime-handler';

/** @twilio/runtime-handler versions published on npm that the platform refuses on deploy, and why we know. */
export const REFUSED_RUNTIME_HANDLER_VERSIONS: Record<string, string> = {
  '2.1.0': 'the platform refuses it on deploy (the newest on npm); 2.0.1 is accepted',
};

/** Variables for local serving and tests only: never uploaded (and ignored by a deployed function). */
export { LOCAL_ONLY_VARIABLES } from '../runtime/placement';

/** The credentials twilio-run deploys with; it never uploads them as variables, and neither do we. */
export const CREDENTIAL_VARIABLES = ['ACCOUNT_SID', 'AUTH_TOKEN'] as const;
