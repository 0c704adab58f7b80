// A lock file beside a file that several processes write (twilio-run forks one process per request): whoever creates
// `<file>.lock` (an exclusive create, which fails when it exists) may read, check and write the file; the others wait.
// The lock holds the holder's process id, so a lock left by a process that died is taken over, not waited on forever.
// No clock is read: staleness is a dead process, never an age (a shifted clock cannot make a live lock look old).
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../errors/user-facing-error';

/** The lock stayed taken for every attempt: someone else is writing (or stuck writing) the file. */
export class FileLockBusyError extends UserFacingError {
  override readonly name = 'FileLockBusyError';
}

export interface FileLockOptions {
  /** How many times to try before giving up (default 200). */
  attempts?: number;
  /** The pause between two attempts, in ms (default 25: 5 s in all). */
  pauseMs?: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(lock: string): number | null {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Moves aside a lock whose holder died; puts it back if another waiter replaced it in between. */
function takeOverStaleLock(lock: string, deadPid: number): void {
  const aside = `${lock}.stale-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // gone already: someone else took it over
  }
  if (holderOf(aside) !== deadPid) {
    try {
      linkSync(aside, lock); // a live lock taken by mistake goes back, unless a newer one exists
    } catch {
      // a newer lock exists: leave it
    }
  }
  rmSync(aside, { force: true });
}

/** Runs `work` holding `<file>.lock`; the lock is released however `work` ends. */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lock = `${file}.lock`;
  const attempts = options.attempts ?? 200;
  const pauseMs = options.pauseMs ?? 25;
  for (let attempt = 1; ; attempt += 1) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new FileLockBusyError(`Cannot lock ${file} for writing`, { cause: error });
    }
    if (attempt >= attempts) throw new FileLockBusyError(`${file} is being written by another process (${lock}); try again in a moment`);
    const holder = holderOf(lock);
    if (holder !== null && holder !== process.pid && !processIsAlive(holder)) takeOverStaleLock(lock, holder);
    else await pause(pauseMs);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}
