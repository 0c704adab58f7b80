// The lock file the console's saves take around read-check-write of a bundle file (src/config/file-lock): concurrent
// holders never interleave, a lock left by a process that died is taken over, and a lock that stays taken fails
// with a typed error instead of waiting forever.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLockBusyError, withFileLock } from '../../src/config/file-lock';

const folder = () => mkdtempSync(join(tmpdir(), 'file-lock-'));
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

test('ten read-change-write steps at once, each yielding between its read and its write, lose no update', async () => {
  const file = join(folder(), 'counter.json');
  writeFileSync(file, '0');
  const increment = () =>
    withFileLock(file, async () => {
      const value = Number(readFileSync(file, 'utf8'));
      await yieldToOthers();
      await yieldToOthers();
      writeFileSync(file, String(value + 1));
    });
  await Promise.all(Array.from({ length: 10 }, increment));
  expect(readFileSync(file, 'utf8')).toBe('10');
  expect(existsSync(`${file}.lock`)).toBe(false);
});

test('the lock is released when the work throws', async () => {
  const file = join(folder(), 'bundle.json');
  await expect(
    withFileLock(file, async () => {
      throw new Error('validation failed');
    }),
  ).rejects.toThrow('validation failed');
  expect(existsSync(`${file}.lock`)).toBe(false);
  await expect(withFileLock(file, async () => 'next')).resolves.toBe('next');
});

test('a lock left by a process that died is taken over; one held by a live process makes a typed error in the end', async () => {
  const file = join(folder(), 'bundle.json');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(`${file}.lock`, dead.stdout);
  await expect(withFileLock(file, async () => 'taken over')).resolves.toBe('taken over');

  writeFileSync(`${file}.lock`, String(process.ppid)); // alive: the test runner's parent
  const busy = withFileLock(file, async () => 'never', { attempts: 3, pauseMs: 1 });
  await expect(busy).rejects.toBeInstanceOf(FileLockBusyError);
  await expect(busy).rejects.toThrow(/being written by another process/);
  expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.ppid));
});
