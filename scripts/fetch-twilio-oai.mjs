#!/usr/bin/env node
// Fetches Twilio's OpenAPI descriptions (twilio-oai) that the tests validate every REST request against.
// They ship inside the npm package @twilio-alpha/mcp@0.7.0 under twilio-oai/spec/json/; this script
// `npm pack`s that package into a temporary folder, extracts only the files the project needs (Sync, API 2010-04-01, Verify v2, Serverless v1, Pricing v1) into
// vendor/twilio-oai/ (gitignored, never committed) and checks each against a pinned sha256.
// Idempotent: files already present with the right checksum are left alone. Non-interactive (CI-safe).
// Usage: node scripts/fetch-twilio-oai.mjs [--quiet]

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@twilio-alpha/mcp@0.7.0';
const SPEC_DIR_IN_PACKAGE = 'package/twilio-oai/spec/json';

/** The files taken from the package, with the sha256 each must have (pinned for 0.7.0). */
export const SPECS = {
  'twilio_sync_v1.json': '9d7114196cce414b44ada3988eac2ac4211d596cd9fcd371a8f32dd9d35a8ce0',
  'twilio_api_v2010.json': '475b69553e34e797af05d34679cdad3bc3b8b4b8b92e6ac044fa6ebc255bf052',
  'twilio_verify_v2.json': '1548692e680418e281863477aa6fdd5de48b68e1a09b9623a87010014e405055',
  'twilio_serverless_v1.json': 'ab2588f4f60785c812578fdf9ec6fe05d730a19f9c90e323270b770f4a32a08f',
  'twilio_pricing_v1.json': '22f4d71c653f537042dcec2d5a429c5b8c818756f77593ed92a77961e6375704',
};

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VENDOR_DIR = join(ROOT, 'vendor', 'twilio-oai');

class SpecFetchError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'SpecFetchError';
  }
}

const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');

function isUpToDate(file) {
  const path = join(VENDOR_DIR, file);
  return existsSync(path) && sha256(readFileSync(path)) === SPECS[file];
}

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String(error.stderr ?? '')
      .trim()
      .split('\n')
      .slice(-5)
      .join('\n');
    throw new SpecFetchError(`\`${command} ${args.join(' ')}\` failed: ${stderr || error.message}`, { cause: error });
  }
}

/** Packs the npm package into `dir` and returns the path of the .tgz. */
function packPackage(dir) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['pack', PACKAGE, '--pack-destination', dir, '--silent', '--ignore-scripts'], dir);
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new SpecFetchError(`npm pack ${PACKAGE} produced no .tgz in ${dir}`);
  return join(dir, tarball);
}

export function fetchTwilioOai({ quiet = false } = {}) {
  const log = quiet ? () => {} : (message) => console.log(`[fetch-twilio-oai] ${message}`);
  const missing = Object.keys(SPECS).filter((file) => !isUpToDate(file));
  if (missing.length === 0) {
    log(`up to date in ${VENDOR_DIR}`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'twilio-oai-'));
  try {
    log(`packing ${PACKAGE} for ${missing.join(', ')}`);
    const tarball = packPackage(work);
    const members = missing.map((file) => `${SPEC_DIR_IN_PACKAGE}/${file}`);
    run('tar', ['-xzf', tarball, '-C', work, ...members], work);
    mkdirSync(VENDOR_DIR, { recursive: true });
    for (const file of missing) {
      const content = readFileSync(join(work, SPEC_DIR_IN_PACKAGE, file));
      const actual = sha256(content);
      if (actual !== SPECS[file]) {
        throw new SpecFetchError(
          `checksum mismatch for ${file} from ${PACKAGE}: expected sha256 ${SPECS[file]}, got ${actual}. ` +
            'The package contents changed; review the new description before updating the pinned checksum.',
        );
      }
      // Write beside the target, then rename, so a concurrent reader never sees half a file.
      const partial = join(VENDOR_DIR, `.${file}.${process.pid}.partial`);
      writeFileSync(partial, content);
      renameSync(partial, join(VENDOR_DIR, file));
      log(`wrote ${join('vendor', 'twilio-oai', file)} (sha256 ${actual.slice(0, 12)}…)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    fetchTwilioOai({ quiet: process.argv.includes('--quiet') });
  } catch (error) {
    console.error(`[fetch-twilio-oai] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
