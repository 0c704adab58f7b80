// A fresh clone, as Twilio's own tools see it: nothing in dist/ until something builds. Loading
// .twilioserverlessrc.js (what twilio-run and `twilio serverless:*` do on every command) builds a missing or
// stale dist/, so `npx twilio-run` serves the current functions and a deploy uploads bundles of the current
// sources; a build that fails stops the command with what to run. Works on a copy of the project.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../support/twilio-run';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stamp = require('../../scripts/build-stamp.cjs') as {
  staleReason(root: string): string | undefined;
  ensureCurrentBuild(options: { root: string; log?: (line: string) => void }): { built: boolean; reason?: string };
};

function copyProject(withNodeModules = true): string {
  const copy = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
  for (const entry of [
    'functions',
    'src',
    'scripts',
    'assets',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    '.twilioserverlessrc.js',
  ]) {
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  }
  if (withNodeModules) symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

test('npx twilio-run on an unbuilt clone builds first, then serves every function', async () => {
  const copy = copyProject();
  copies.push(copy);
  expect(stamp.staleReason(copy)).toBe('dist/ has not been built yet');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(copy, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'), 'start', '--port', String(port), '--no-fork-process'],
    {
      cwd: copy,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', AUTH_TOKEN: '', LOCAL_STATE_DIR: join(copy, '.local-state') },
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    // Waits for twilio-run's list of what it serves, however long a loaded machine takes to build and start.
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (/\nAssets\n/.test(output)) resolve();
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', (code) => reject(new Error(`twilio-run exited with ${code}:\n${output}`)));
    });
    expect(output).toContain('dist/ has not been built yet; building the functions');
    const served = [...output.matchAll(new RegExp(`http://localhost:${port}/([a-z-]+)\\n`, 'g'))].map((match) => match[1]);
    const functions = JSON.parse(readFileSync(join(copy, 'dist', 'build-stamp.json'), 'utf8')).functions.map((file: string) =>
      file.replace(/(\.protected)?\.js$/, ''),
    );
    expect(functions).toContain('incoming-call');
    expect(served).toEqual(expect.arrayContaining(functions));
    // Served and checking signatures (an unsigned request is the function's own 403, not twilio-run's 404).
    const answer = await fetch(`http://127.0.0.1:${port}/incoming-call`, { method: 'POST' });
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('no X-Twilio-Signature header');
    expect(stamp.staleReason(copy)).toBeUndefined();
  } finally {
    child.kill('SIGTERM');
  }
});

test("a deploy after editing the TypeScript uploads a fresh build of it (twilio-run deploy's own configuration step)", async () => {
  const copy = copyProject();
  copies.push(copy);
  stamp.ensureCurrentBuild({ root: copy, log: () => undefined });
  const marker = `edited-${Date.now()}`;
  appendFileSync(join(copy, 'functions', 'incoming-call.protected.ts'), `\nexport const buildMarker = '${marker}';\n`);
  expect(stamp.staleReason(copy)).toBe('the sources changed since dist/ was built');
  // The exact code twilio-run deploy (and `twilio serverless:deploy`) runs before uploading: it loads the rc.
  const { uploadManifest } = await import('../../src/deploy/manifest');
  const manifest = await uploadManifest(copy, ['deploy', '--service-name', 'call-routing']);
  expect(manifest.functions.map((fn) => fn.path)).toContain('/incoming-call');
  expect(stamp.staleReason(copy)).toBeUndefined();
  expect(readFileSync(join(copy, 'dist', 'functions', 'incoming-call.protected.js'), 'utf8')).toContain(marker);
});

test('a source that does not build stops the command, saying what to run, and leaves dist/ marked stale', () => {
  const copy = copyProject();
  copies.push(copy);
  stamp.ensureCurrentBuild({ root: copy, log: () => undefined });
  writeFileSync(join(copy, 'src', 'routing', 'caller.ts'), 'export const broken = (;\n');
  expect(() => stamp.ensureCurrentBuild({ root: copy, log: () => undefined })).toThrow(
    /could not be built from the current sources.*npm run build/,
  );
  expect(stamp.staleReason(copy)).toBe('the sources changed since dist/ was built');
});

test('without node_modules the message says to run npm install', () => {
  const copy = copyProject(false);
  copies.push(copy);
  expect(() => stamp.ensureCurrentBuild({ root: copy, log: () => undefined })).toThrow(
    /dist\/ has not been built yet, and the build tools are not installed: run `npm install`/,
  );
});
