// Keeps dist/ honest: a digest of everything a build reads (functions/, src/, the build script, the lock file,
// tsconfig.json) is written beside the bundles after each build. Any tool that serves or deploys dist/ (twilio-run,
// `twilio serverless:*` through .twilioserverlessrc.js, npm start, npm run deploy) calls ensureCurrentBuild(),
// which rebuilds when the digest differs or a built file (a bundle, the phone metadata asset) is missing, and
// refuses with what to run when it cannot.
'use strict';
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const ROOT = join(__dirname, '..');
const SOURCE_FOLDERS = ['functions', 'src'];
const SOURCE_FILES = ['scripts/build.mjs', 'scripts/build-console.mjs', 'scripts/build-stamp.cjs', 'package-lock.json', 'tsconfig.json'];
const STAMP_FILE = join('dist', 'build-stamp.json');
/** Written by the build beside the sources it serves: libphonenumber-js's metadata, as a private asset (src/phone). */
const PHONE_METADATA_FILE = join('assets', 'phone-metadata.private.json');
/** Written by the build from .env: the numbers' Voice fallback TwiML (src/deploy/voice-fallback.ts). */
const VOICE_FALLBACK_FILE = join('assets', 'voice-fallback.xml');

/** A build that cannot be made or trusted; the message says what to run. */
class BuildError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'BuildError';
  }
}

function listFiles(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}

/** sha256 over the path and contents of every file the build reads, in a stable order. */
function sourcesDigest(root = ROOT) {
  const files = [
    ...SOURCE_FOLDERS.flatMap((folder) => listFiles(join(root, folder))),
    ...SOURCE_FILES.map((file) => join(root, file)).filter((file) => existsSync(file) && statSync(file).isFile()),
  ]
    .map((file) => relative(root, file).split(sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

function readStamp(root = ROOT) {
  try {
    return JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why dist/ is not the build of the current sources, or undefined when it is. */
function staleReason(root = ROOT) {
  const stamp = readStamp(root);
  if (!stamp) return 'dist/ has not been built yet';
  if (stamp.sources !== sourcesDigest(root)) return 'the sources changed since dist/ was built';
  const missing = (stamp.functions || []).filter((file) => !existsSync(join(root, 'dist', 'functions', file)));
  if (missing.length) return `dist/functions lacks ${missing.join(', ')}`;
  if (!existsSync(join(root, 'assets', 'console', 'js', 'main.js'))) return "the console's scripts (assets/console/js) have not been built";
  if (!existsSync(join(root, PHONE_METADATA_FILE))) return `${PHONE_METADATA_FILE} (written by the build) is missing`;
  if (!existsSync(join(root, VOICE_FALLBACK_FILE))) return `${VOICE_FALLBACK_FILE} (written by the build) is missing`;
  return undefined;
}

/**
 * Builds when dist/ is missing, partial or stale; returns what it did. Throws BuildError, naming the command to
 * run, when the build tools are not installed or the build fails: a stale bundle is never served or deployed.
 */
function ensureCurrentBuild({ root = ROOT, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const reason = staleReason(root);
  if (!reason) return { built: false };
  if (!existsSync(join(root, 'node_modules', 'esbuild'))) {
    throw new BuildError(`${reason}, and the build tools are not installed: run \`npm install\` (it builds), then try again.`);
  }
  log(`call-routing: ${reason}; building the functions (node scripts/build.mjs)...`);
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (cause) {
    throw new BuildError(
      'The functions could not be built from the current sources, so nothing is served or deployed: run `npm run build` to see why.',
      { cause },
    );
  }
  const after = staleReason(root);
  if (after) throw new BuildError(`The build finished but ${after}: run \`npm run build\` and check its output.`);
  return { built: true, reason };
}

module.exports = { BuildError, PHONE_METADATA_FILE, STAMP_FILE, ensureCurrentBuild, sourcesDigest, staleReason };
