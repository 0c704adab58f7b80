#!/usr/bin/env node
// Bundles each functions/*.ts (with what it imports from src/) into one file under dist/functions,
// which twilio-run serves and deploys, and each command-line tool into dist/cli.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');

const functionEntries = readdirSync(join(root, 'functions'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => join(root, 'functions', file));
const cliEntries = readdirSync(join(root, 'src/cli'))
  .filter((file) => /^[a-z-]+\.ts$/.test(file) && !file.startsWith('_'))
  .map((file) => join(root, 'src/cli', file));

// Files are overwritten in place (a running `npm start` keeps serving); only stale ones are removed.
function removeStale(folder, entries) {
  if (!existsSync(folder)) return;
  const expected = new Set(entries.map((entry) => basename(entry).replace(/\.ts$/, '.js')));
  for (const file of readdirSync(folder)) if (!expected.has(file)) rmSync(join(folder, file), { recursive: true, force: true });
}
removeStale(join(root, 'dist/functions'), functionEntries);
removeStale(join(root, 'dist/cli'), cliEntries);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: quiet ? 'warning' : 'info',
};

// Functions: twilio and the runtime handler are the deployed dependencies; everything else is bundled in.
await build({
  ...common,
  entryPoints: functionEntries,
  outdir: join(root, 'dist/functions'),
  external: ['twilio', '@twilio/runtime-handler'],
});

// Command-line tools run from the checkout, next to node_modules.
await build({
  ...common,
  entryPoints: cliEntries,
  outdir: join(root, 'dist/cli'),
  packages: 'external',
});
