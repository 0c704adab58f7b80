// What `npm run deploy` would upload, worked out by twilio-run's own deploy configuration and
// @twilio-labs/serverless-api's own file listing from the exact arguments the deploy passes (no network, no
// Twilio): only the built function bundles, the private configuration asset, the phone metadata asset the build
// writes, and the two runtime dependencies.
// Also the package.json checks, the credentials and variables handed to twilio-run, and `deploy --dry-run`.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployCheckError, checkDependencies, checkRuntimeHandler } from '../../src/deploy/checks';
import { deployEnvironment, envFileText, requireCredentials } from '../../src/deploy/environment';
import { uploadManifest } from '../../src/deploy/manifest';
import { DEPLOY_SETTINGS } from '../../src/deploy/settings';
import { deployArguments, parseDeployOutput } from '../../src/deploy/twilio-run';
import { EnvironmentError } from '../../src/runtime/env';
import { runCli } from '../support/cli';
import { ROOT } from '../support/twilio-run';

const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'secret-token-never-printed-0123456789';

function envFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'deploy-env-')), 'deploy.env');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** The functions the build makes: one bundle per functions/*.ts. */
const builtFunctions = readdirSync(join(ROOT, 'functions'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => file.replace(/\.ts$/, '.js'))
  .sort();

describe('what a deploy uploads', () => {
  let manifest: Awaited<ReturnType<typeof uploadManifest>>;
  beforeAll(async () => {
    const environment = deployEnvironment(`ACCOUNT_SID=${ACCOUNT_SID}\nAUTH_TOKEN=${AUTH_TOKEN}\n`, {});
    manifest = await uploadManifest(ROOT, deployArguments({ envFile: envFile(envFileText(environment)) }));
  });

  test("functions: exactly the built bundles in dist/functions; protected, but for the console's (public: the browser calls them), the recording link's and the greetings' (Twilio's <Play> fetches them), no TypeScript, tests or maps", () => {
    const isPublic = (file: string) => file.startsWith('console-') || file === 'recording.js' || file === 'greeting.js';
    expect(manifest.functions.map((fn) => fn.file).sort()).toEqual(builtFunctions.map((file) => `dist/functions/${file}`));
    const byPath = (a: (string | undefined)[], b: (string | undefined)[]) => (a[0]! < b[0]! ? -1 : 1);
    expect(manifest.functions.map((fn) => [fn.path, fn.access]).sort(byPath)).toEqual(
      builtFunctions.map((file) => [`/${file.replace(/(\.protected)?\.js$/, '')}`, isPublic(file) ? 'public' : 'protected']).sort(byPath),
    );
    for (const fn of manifest.functions) {
      expect(fn.file).toMatch(
        fn.access === 'public'
          ? /^dist\/functions\/(console-[a-z-]+|recording|greeting)\.js$/
          : /^dist\/functions\/[a-z-]+\.protected\.js$/,
      );
      expect(readFileSync(join(ROOT, fn.file), 'utf8')).not.toContain('sourceMappingURL');
    }
  });

  test("assets: the private configuration bundle, libphonenumber-js's metadata (written by the build), the numbers' Voice fallback TwiML (written by the build, public: Twilio fetches it), and the console's page, styles and built scripts (public)", () => {
    const consoleScripts = readdirSync(join(ROOT, 'assets', 'console', 'js')).sort();
    expect(consoleScripts).toContain('main.js');
    expect([...manifest.assets].sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      [
        { path: '/console/console.css', access: 'public', file: 'assets/console/console.css' },
        { path: '/console/index.html', access: 'public', file: 'assets/console/index.html' },
        ...consoleScripts.map((file) => ({ path: `/console/js/${file}`, access: 'public', file: `assets/console/js/${file}` })),
        { path: '/phone-metadata.json', access: 'private', file: 'assets/phone-metadata.private.json' },
        { path: '/sample-config.json', access: 'private', file: 'assets/sample-config.private.json' },
        { path: '/voice-fallback.xml', access: 'public', file: 'assets/voice-fallback.xml' },
        { path: '/voice-fallback-done.xml', access: 'public', file: 'assets/voice-fallback-done.xml' },
      ].sort((a, b) => a.path.localeCompare(b.path)),
    );
  });

  test('dependencies: twilio and an exact @twilio/runtime-handler, nothing else; the bundles load nothing more', () => {
    expect(manifest.dependencies.map((dependency) => dependency.name)).toEqual(['@twilio/runtime-handler', 'twilio']);
    expect(manifest.dependencies.find((dependency) => dependency.name === '@twilio/runtime-handler')!.version).toBe('2.0.1');
    const uploaded = new Set(manifest.dependencies.map((dependency) => dependency.name));
    for (const fn of manifest.functions) {
      const loaded = [...readFileSync(join(ROOT, fn.file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!);
      const packages = loaded
        .filter((name) => !name.startsWith('node:') && !builtinModules.includes(name))
        .map((name) =>
          name
            .split('/')
            .slice(0, name.startsWith('@') ? 2 : 1)
            .join('/'),
        );
      expect(packages.filter((name) => !uploaded.has(name))).toEqual([]);
    }
  });

  test("runtime node22, deployed over this project's own service, and no variable carries the credentials", () => {
    expect(manifest).toMatchObject({ runtime: 'node22', serviceName: 'call-routing', overrideExistingService: true, variables: [] });
  });

  test('.twilioserverlessrc says the same, for `twilio serverless:deploy`', () => {
    const twilioRun = createRequire(require.resolve('twilio-run/package.json'));
    const { readSpecializedConfig } = twilioRun('./dist/config/global') as {
      readSpecializedConfig: (cwd: string, file: undefined, command: string) => Record<string, unknown>;
    };
    expect(readSpecializedConfig(ROOT, undefined, 'deploy')).toMatchObject(DEPLOY_SETTINGS);
  });
});

describe('the environment handed to twilio-run', () => {
  const dotenv = [
    `ACCOUNT_SID=${ACCOUNT_SID}`,
    `AUTH_TOKEN=${AUTH_TOKEN}`,
    `SYNC_SERVICE_SID=IS${'b'.repeat(32)}`,
    'FALLBACK_NUMBER=+15550100001',
    'TWILIO_API_BASE_URL=http://127.0.0.1:4010',
    'ALLOW_SIMULATED_CLOCK=true',
    'SKIP_SIGNATURE_CHECK=true',
    'CONFIG_FILE=',
    '',
  ].join('\n');

  test('variables from .env are uploaded, less the credentials and the local-only ones, as twilio-run reads the file', async () => {
    const environment = deployEnvironment(dotenv, {});
    expect(environment.variables).toEqual({ SYNC_SERVICE_SID: `IS${'b'.repeat(32)}`, FALLBACK_NUMBER: '+15550100001' });
    // A deployed service always checks signatures: the local-experiments switch is never uploaded.
    expect(environment.withheld.sort()).toEqual(['ALLOW_SIMULATED_CLOCK', 'SKIP_SIGNATURE_CHECK', 'TWILIO_API_BASE_URL']);
    const args = deployArguments({ envFile: envFile(envFileText(environment)) });
    expect(args.join(' ')).not.toContain(AUTH_TOKEN);
    const manifest = await uploadManifest(ROOT, args);
    expect(manifest.variables).toEqual(['FALLBACK_NUMBER', 'SYNC_SERVICE_SID']);
  });

  test("the shell's credentials win over .env's; values survive twilio-run's dotenv parser unchanged", () => {
    const shellSid = `AC${'c'.repeat(32)}`;
    const environment = deployEnvironment(`${dotenv}\nGREETING_NOTE="it's \\"quoted\\""\n`, { ACCOUNT_SID: shellSid });
    expect(environment.accountSid).toBe(shellSid);
    expect(environment.authToken).toBe(AUTH_TOKEN);
    const twilioRun = createRequire(require.resolve('twilio-run/package.json'));
    const parsed = (twilioRun('dotenv') as { parse: (text: string) => Record<string, string> }).parse(envFileText(environment));
    expect(parsed).toEqual({ ACCOUNT_SID: shellSid, AUTH_TOKEN, ...environment.variables });
  });

  test('missing or malformed credentials, and a variable the functions would refuse, stop the deploy with its name only', () => {
    expect(() => requireCredentials(deployEnvironment('SYNC_SERVICE_SID=\n', {}))).toThrow(
      new EnvironmentError('Deploying needs ACCOUNT_SID, AUTH_TOKEN in the environment or in .env (see .env.example)'),
    );
    expect(() => requireCredentials(deployEnvironment(`AUTH_TOKEN=${AUTH_TOKEN}`, { ACCOUNT_SID: ' ' }))).toThrow(
      'Deploying needs ACCOUNT_SID in',
    );
    expect(() => deployEnvironment('', { ACCOUNT_SID: 'AC123', AUTH_TOKEN })).toThrow(
      'ACCOUNT_SID must look like AC followed by 32 hex digits',
    );
    expect(() => deployEnvironment('FALLBACK_NUMBER=555-0100\n', {})).toThrow(/FALLBACK_NUMBER must be an E.164 phone number/);
    try {
      deployEnvironment('', { ACCOUNT_SID: 'AC123', AUTH_TOKEN });
    } catch (error) {
      expect((error as Error).message).not.toContain(AUTH_TOKEN);
    }
  });
});

describe('package.json checks', () => {
  const deps = (runtimeHandler: string | undefined, extra: Record<string, string> = {}) => ({
    dependencies: { twilio: '^6.2.0', ...(runtimeHandler ? { '@twilio/runtime-handler': runtimeHandler } : {}), ...extra },
  });

  test('the project as it is passes', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(checkRuntimeHandler(pkg)).toBe('2.0.1');
    expect(() => checkDependencies(pkg)).not.toThrow();
  });

  test.each([
    [deps('^2.0.1'), 'as "^2.0.1": the platform needs an exact version such as "2.0.1", not a range'],
    [deps('~2.0.1'), 'not a range'],
    [deps('latest'), 'not a range'],
    [deps('2.1.0'), '@twilio/runtime-handler 2.1.0, and the platform refuses it on deploy'],
    [deps(undefined), 'must list @twilio/runtime-handler in "dependencies"'],
    [{ ...deps(undefined), devDependencies: { '@twilio/runtime-handler': '2.0.1' } }, 'it is in "devDependencies", which are not deployed'],
  ])('runtime handler %j is refused: %s', (pkg, message) => {
    expect(() => checkRuntimeHandler(pkg)).toThrow(DeployCheckError);
    expect(() => checkRuntimeHandler(pkg)).toThrow(message);
  });

  test('a dependency the functions do not load is refused, and so is a missing one', () => {
    expect(() => checkDependencies(deps('2.0.1', { zod: '^4.6.7' }))).toThrow('would upload zod, which the functions do not load');
    expect(() => checkDependencies({ dependencies: { '@twilio/runtime-handler': '2.0.1' } })).toThrow('must list twilio');
  });
});

test("twilio-run's JSON result gives the function URLs; anything else is an error", () => {
  const result = parseDeployOutput(
    JSON.stringify(
      {
        domain: 'call-routing-1234-dev.twil.io',
        serviceName: 'call-routing',
        serviceSid: 'ZS1',
        buildSid: 'ZB1',
        runtime: 'node22',
        functions: [{ access: 'protected', path: '/incoming-call', url: 'https://call-routing-1234-dev.twil.io/incoming-call' }],
        assets: [],
      },
      null,
      '\t',
    ),
  );
  expect(result.functions[0]!.url).toBe('https://call-routing-1234-dev.twil.io/incoming-call');
  expect(() => parseDeployOutput('Deployment failed')).toThrow('its output is not the deployment result');
});

test('`deploy --dry-run` prints what would be uploaded and deploys nothing', async () => {
  // An env file of its own: a checkout's .env with credentials would have the dry run read the service from Twilio.
  const result = await runCli('deploy', ['--dry-run', '--env-file', envFile('FALLBACK_NUMBER=+15550100001\n')], {
    ACCOUNT_SID: '',
    AUTH_TOKEN: '',
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Service call-routing, runtime node22');
  expect(result.stdout).toContain('/incoming-call (protected) <- dist/functions/incoming-call.protected.js');
  expect(result.stdout).toContain('/sample-config.json (private) <- assets/sample-config.private.json');
  expect(result.stdout).toContain('dependencies: @twilio/runtime-handler 2.0.1, twilio 6.2.0');
  expect(result.stdout).toContain(
    '  variables not compared with the service (no ACCOUNT_SID and AUTH_TOKEN): as if it had none\n    + FALLBACK_NUMBER = "+15550100001"\n',
  );
  expect(result.stdout).toContain(
    'Dry run: nothing uploaded. The deploy runs: node node_modules/twilio-run/bin/twilio-run.js deploy --runtime node22 --functions-folder dist/functions --assets-folder assets --env <private env file> --override-existing-project --output-format json',
  );
});
