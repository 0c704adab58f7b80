// The built functions as Twilio receives them (dist/functions, from `npm run build`): every one at most 176 KiB
// minified, with its source map beside it, and that map turns a real stack trace from the minified bundle back
// into the source line (`npm run stack`); libphonenumber-js's metadata beside them as a private asset, not inside.
// Import time is a benchmark figure (npm run bench), not a test.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_BUDGET_BYTES } from '../../scripts/bench/function-load';
import { PHONE_METADATA_ASSET } from '../../src/phone/metadata';
import { ROOT } from '../support/twilio-run';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = require('../../scripts/stack-trace.cjs') as {
  mapStackTrace(text: string, options: { functionName: string }): string;
};

const BUILT = join(ROOT, 'dist', 'functions');
const sources = readdirSync(join(ROOT, 'functions')).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
const bundles = sources.map((file) => file.replace(/\.ts$/, '.js'));

test('every function is built', () => {
  expect(sources.length).toBeGreaterThanOrEqual(9);
  expect(
    readdirSync(BUILT)
      .filter((file) => file.endsWith('.js'))
      .sort(),
  ).toEqual([...bundles].sort());
});

test.each(bundles)('%s is at most 176 KiB', (bundle) => {
  expect(statSync(join(BUILT, bundle)).size).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
});

test.each(bundles)('%s has its source map beside it, naming its own sources', (bundle) => {
  const map = JSON.parse(readFileSync(join(BUILT, `${bundle}.map`), 'utf8')) as { sources: string[]; sourcesContent: string[] };
  expect(map.sources).toContain(`../../functions/${bundle.replace(/\.js$/, '.ts')}`);
  // Its work in src/: the webhook edge for Twilio's callbacks and the console's functions, its own module otherwise (recording).
  expect(map.sources.some((source) => ['../../src/runtime/webhook.ts', '../../src/notify/recording-route.ts'].includes(source))).toBe(true);
  expect(map.sourcesContent).toHaveLength(map.sources.length);
});

test("libphonenumber-js's metadata is the package's own file, served as the private asset src/phone reads", () => {
  const asset = join(ROOT, 'assets', PHONE_METADATA_ASSET.replace(/\.json$/, '.private.json'));
  const metadata = readFileSync(require.resolve('libphonenumber-js/metadata.min.json'), 'utf8');
  expect(readFileSync(asset, 'utf8')).toBe(metadata);
  const outboundCall = readFileSync(join(BUILT, 'outbound-call.protected.js'), 'utf8');
  expect(outboundCall).toContain(`"${PHONE_METADATA_ASSET}"`);
  // The countries of calling code 1, as the metadata lists them: data, never in the library's code.
  const nanpCountries = /\["US","AG"[^\]]*\]/.exec(metadata)![0];
  expect(outboundCall).not.toContain(nanpCountries);
});

describe('a stack trace from a minified function, read back through its map', () => {
  // The functions log the refused request; that line is expected here.
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  // Outside the Functions runtime there is no global Twilio, so answering a forged request throws a ReferenceError
  // from inside the bundle: a real trace with minified positions, written as V8 writes it (jest would otherwise
  // map it through the same source map on its own).
  async function minifiedTrace(bundle: string): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(join(BUILT, bundle)) as {
      handler: (context: object, event: object, callback: () => void) => Promise<void>;
    };
    const jestFormatter = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames) =>
      [
        `${error}`,
        ...frames.map(
          (frame) =>
            `    at ${frame.getFunctionName() ?? '<anonymous>'} (${frame.getFileName()}:${frame.getLineNumber()}:${frame.getColumnNumber()})`,
        ),
      ].join('\n');
    try {
      await handler({ DOMAIN_NAME: 'localhost:3000', AUTH_TOKEN: 'not-the-signing-token' }, {}, () => undefined);
    } catch (error) {
      return (error as Error).stack ?? '';
    } finally {
      Error.prepareStackTrace = jestFormatter;
    }
    throw new Error(`${bundle} answered a forged request without Twilio's Response class`);
  }
  const webhookSource = readFileSync(join(ROOT, 'src', 'runtime', 'webhook.ts'), 'utf8').split('\n');
  const responseLine = webhookSource.findIndex((line) => line.includes('new Twilio.Response()')) + 1;

  test("a frame from dist/functions is mapped with that function's map", async () => {
    const trace = await minifiedTrace('leg-status.protected.js');
    expect(trace).toMatch(/leg-status\.protected\.js:\d+:\d+/);
    expect(trace).not.toContain('webhook.ts');
    const mapped = stack.mapStackTrace(trace, { functionName: 'incoming-call' });
    expect(mapped).toContain(`src/runtime/webhook.ts:${responseLine}:`);
    expect(mapped).toContain('const reply = new Twilio.Response();');
  });

  test("a frame from Twilio's deployed file name is mapped with the function named", async () => {
    const trace = (await minifiedTrace('outbound-call.protected.js')).replace(
      /[^\s(]*outbound-call\.protected\.js/g,
      '/var/task/handlers/ZF0123456789abcdef0123456789abcdef.js',
    );
    expect(trace).not.toContain('webhook.ts');
    expect(stack.mapStackTrace(trace, { functionName: 'outbound-call' })).toContain(`src/runtime/webhook.ts:${responseLine}:`);
  });
});
