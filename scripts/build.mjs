#!/usr/bin/env node
// Bundles each functions/*.ts (with what it imports from src/) into one file under dist/functions,
// which twilio-run serves and deploys, each command-line tool into dist/cli, and the console's page scripts into
// assets/console/js (scripts/build-console.mjs). Writes dist/build-stamp.json (the digest of the sources built)
// so that serving or deploying a stale build is caught (scripts/build-stamp.cjs).
// `--watch` rebuilds on every change until stopped.
//
// The functions are minified, each with its source map beside it (dist/functions/NAME.js.map, which the bundle does
// not reference; twilio-run uploads only the .js files): `npm run stack` reads the maps to turn a stack trace from
// Twilio's log back into source lines. libphonenumber-js's metadata is copied to a private asset, not bundled
// (writePhoneMetadataAsset). The CLIs stay unminified. docs/scale.md, "Fast functions", says why and how to read a trace.
// Once built, the numbers' Voice fallback assets are written from .env (dist/cli/voice-fallback.js).
import { execFileSync } from 'node:child_process';
import { context } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleBuildOptions } from './build-console.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { PHONE_METADATA_FILE, STAMP_FILE, sourcesDigest } = createRequire(import.meta.url)('./build-stamp.cjs');
const quiet = process.argv.includes('--quiet');
const watch = process.argv.includes('--watch');

const functionEntries = readdirSync(join(root, 'functions'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => join(root, 'functions', file));
const cliEntries = readdirSync(join(root, 'src/cli'))
  .filter((file) => /^[a-z-]+\.ts$/.test(file) && !file.startsWith('_'))
  .map((file) => join(root, 'src/cli', file));
const builtName = (entry) => basename(entry).replace(/\.ts$/, '.js');

// Files are overwritten in place (a running `npm start` keeps serving); only stale ones are removed.
function removeStale(folder, entries, { maps }) {
  if (!existsSync(folder)) return;
  const expected = new Set(entries.map(builtName).flatMap((name) => (maps ? [name, `${name}.map`] : [name])));
  for (const file of readdirSync(folder)) if (!expected.has(file)) rmSync(join(folder, file), { recursive: true, force: true });
}
removeStale(join(root, 'dist/functions'), functionEntries, { maps: true });
removeStale(join(root, 'dist/cli'), cliEntries, { maps: false });

/**
 * libphonenumber-js's `min` metadata (83 KB of JSON: bundled, it would be over half of outbound-call) is served as a
 * private asset instead, the package's own file copied as it is; src/phone reads and parses it once per container
 * and passes it to `libphonenumber-js/core`. Written only when it differs, so a running server sees no change.
 */
function writePhoneMetadataAsset() {
  const json = readFileSync(createRequire(import.meta.url).resolve('libphonenumber-js/metadata.min.json'));
  JSON.parse(json); // a file that is not JSON fails the build here, not a call
  const target = join(root, PHONE_METADATA_FILE);
  if (existsSync(target) && readFileSync(target).equals(json)) return;
  writeFileSync(target, json);
}
writePhoneMetadataAsset();

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: quiet ? 'warning' : 'info',
};

// All three builds must succeed for the stamp to say dist/ (and the console's scripts) match the sources.
const BUILDS = 3;
const pending = new Map();
function stampWhenAll(name) {
  return {
    name: 'build-stamp',
    setup(build) {
      build.onStart(() => {
        pending.set(name, { digest: sourcesDigest(root), ok: false });
      });
      build.onEnd((result) => {
        const entry = pending.get(name);
        if (entry) entry.ok = result.errors.length === 0;
        const all = [...pending.values()];
        if (all.length === BUILDS && all.every((item) => item.ok) && all.every((item) => item.digest === all[0].digest)) {
          mkdirSync(join(root, 'dist'), { recursive: true });
          const stamp = { sources: all[0].digest, builtAt: new Date().toISOString(), functions: functionEntries.map(builtName).sort() };
          writeFileSync(join(root, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
          if (watch) process.stdout.write(`[build] dist/ rebuilt at ${stamp.builtAt}\n`);
        }
      });
    },
  };
}

// Functions: twilio and the runtime handler are the deployed dependencies; everything else is bundled in.
const functions = await context({
  ...common,
  entryPoints: functionEntries,
  outdir: join(root, 'dist/functions'),
  // libphonenumber-js's metadata file is read (src/phone/metadata.ts) only outside a Function; in one, the asset.
  external: ['twilio', '@twilio/runtime-handler', 'libphonenumber-js/metadata.min.json'],
  minify: true,
  sourcemap: 'external',
  sourcesContent: true,
  plugins: [stampWhenAll('functions')],
});

// Command-line tools run from the checkout, next to node_modules.
const cli = await context({
  ...common,
  entryPoints: cliEntries,
  outdir: join(root, 'dist/cli'),
  packages: 'external',
  plugins: [stampWhenAll('cli')],
});

// The console's page scripts: public assets under assets/console/js.
const consoleUi = await context({ ...consoleBuildOptions(root, { quiet, clean: !watch }), plugins: [stampWhenAll('console')] });

if (watch) {
  await Promise.all([functions.watch(), cli.watch(), consoleUi.watch()]);
  process.stdout.write('[build] watching functions/ and src/ (Ctrl-C to stop)\n');
} else {
  try {
    await Promise.all([functions.rebuild(), cli.rebuild(), consoleUi.rebuild()]);
    // The Voice fallback assets (assets/voice-fallback*.xml): static TwiML from .env, current for every serve and deploy.
    execFileSync(process.execPath, [join(root, 'dist/cli/voice-fallback.js'), ...(quiet ? ['--quiet'] : [])], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    process.exitCode = 1; // esbuild has printed the errors
  } finally {
    await Promise.all([functions.dispose(), cli.dispose(), consoleUi.dispose()]);
  }
}
