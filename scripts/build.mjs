#!/usr/bin/env node
// Bundles each functions/*.ts (with what it imports from src/) into one file under dist/functions,
// which twilio-run serves and deploys, and each command-line tool into dist/cli.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');

const functionEntries = readdirSync(join(root, 'functions'))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => join(root, 'functions', file));
const cliEntries = readdirSync(join(root, 'src/cli'))
  .filter((file) => /^[a-z-]+\.ts$/.test(file) && !file.startsWith('_'))
  .map((file) => join(root, 'src/cli', file));

rmSync(join(root, 'dist'), { recursive: true, force: true });

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
