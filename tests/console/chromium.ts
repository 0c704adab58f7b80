// A real Chromium for the console's browser tests and benchmark, from the npm package @sparticuz/chromium (the
// browser ships inside the package, so `npm install` is all a fresh machine needs), driven by puppeteer-core.
// The package unpacks the browser into os.tmpdir()/chromium; unpacking it in a child process whose TMPDIR is a
// folder named by the package's version keeps a copy of another version (or another project's) from being used.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

const ROOT = join(__dirname, '..', '..');

/**
 * Flags of the package's serverless set that are kept off: two would make the browser less like a user's, and
 * --single-process (needed on AWS Lambda only) makes a second browser context crash the browser.
 */
const DROPPED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

/** Unpacks the browser (once per version) in a child process whose TMPDIR is that version's folder. */
function unpackedChromium(): string {
  const version = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const unpackTo = join(ROOT, 'node_modules', '.cache', `sparticuz-chromium-${version}`);
  mkdirSync(unpackTo, { recursive: true });
  const script = "const m = require('@sparticuz/chromium'); (m.default ?? m).executablePath().then((path) => process.stdout.write(path))";
  const path = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: unpackTo },
    encoding: 'utf8',
  }).trim();
  if (!path.startsWith(unpackTo)) throw new Error(`@sparticuz/chromium unpacked to ${path}, not under ${unpackTo}`);
  return path;
}

/** `extraArgs`: more flags (a fake microphone for the greetings' tests). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: unpackedChromium(),
    headless: true,
    args: [...chromium.args.filter((flag) => !DROPPED_FLAGS.has(flag)), '--lang=en-US', ...extraArgs],
    defaultViewport: { width: 1280, height: 900 },
  });
}
