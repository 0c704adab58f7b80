// The local state store: one file per item under a folder, so separate processes (twilio-run forks one
// per request) share it. Create is atomic (a hard link that fails on an existing name); replace is an
// atomic rename; an expired item counts as absent, and only one racer may claim it. An item that cannot
// be read (a truncated or hand-edited file) counts as absent too, and is moved aside so it never blocks.
// takeOver() is a compare-and-set under a lock file beside the item (`<item>.lock`, made by the same atomic
// hard link): of two processes taking over one item, the one that does not get the lock declines.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  MAP_NAME,
  StateStoreError,
  assertMapName,
  counterValue,
  type JsonObject,
  type KeyRange,
  withinRange,
  type StateItem,
  type StateStore,
  type TakeOverResult,
} from './store';

interface StoredItem {
  data: JsonObject;
  expiresAt: number | null;
}

/** A takeOver() lock older than this belongs to a process that died holding it (a takeover takes milliseconds). */
const LOCK_STALE_MS = 10_000;

/** How many times create() tries again when the name it found vanished or expired meanwhile. */
const CREATE_ATTEMPTS = 4;
/** Counting races another process's count this many times in a row before it gives up (a few in practice). */
const COUNT_UP_ATTEMPTS = 8;

function isStoredItem(value: unknown): value is StoredItem {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Partial<StoredItem>;
  return (
    typeof item.data === 'object' &&
    item.data !== null &&
    !Array.isArray(item.data) &&
    (item.expiresAt === null || typeof item.expiresAt === 'number')
  );
}

export interface LocalStateStoreOptions {
  /** Told when an unreadable item is moved aside. */
  notice?: (message: string) => void;
}

export class LocalStateStore implements StateStore {
  constructor(
    private readonly directory: string,
    private readonly clock: () => number = () => Date.now(),
    private readonly options: LocalStateStoreOptions = {},
  ) {}

  /**
   * The same folder seen at another time: TTLs are set and checked against `clock` (one request's time,
   * so a rehearsed call at a simulated instant finds the windows of that instant), and notices go to `notice`.
   */
  withClock(clock: () => number, notice?: (message: string) => void): LocalStateStore {
    return new LocalStateStore(this.directory, clock, { notice: notice ?? this.options.notice });
  }

  async create(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<boolean> {
    const target = this.itemPath(map, key);
    const temp = this.writeTemp(map, { data, expiresAt: this.expiry(ttlSeconds) });
    try {
      for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
        try {
          linkSync(temp, target);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
            throw new StateStoreError(`Cannot create ${map}/${key}`, { cause: error });
        }
        // The name exists: live means taken. Expired: move it aside; whoever's rename succeeds tries again
        // first, and a racer whose rename finds nothing tries again too (and meets the winner's item).
        if (this.read(target) !== null) return false;
        const aside = `${target}.expired-${randomBytes(6).toString('hex')}`;
        try {
          renameSync(target, aside);
          rmSync(aside, { force: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
            throw new StateStoreError(`Cannot replace the expired ${map}/${key}`, { cause: error });
        }
      }
      return false;
    } finally {
      rmSync(temp, { force: true });
    }
  }

  async get(map: string, key: string): Promise<JsonObject | null> {
    return this.read(this.itemPath(map, key))?.data ?? null;
  }

  async put(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<void> {
    const temp = this.writeTemp(map, { data, expiresAt: this.expiry(ttlSeconds) });
    renameSync(temp, this.itemPath(map, key));
  }

  async remove(map: string, key: string): Promise<void> {
    rmSync(this.itemPath(map, key), { force: true });
  }

  /**
   * Locally a count is a run of marker items (`key#1`, `key#2`, ...) each made by an atomic create, so separate
   * processes never share a count; file operations cost nothing like a Sync request.
   */
  /**
   * One item holds the count, as in Sync (src/sync/state-store.ts): created at 1, then raised under the item's lock
   * (takeOver), so a counter that never stops (a round-robin number's) stays one file and a few operations per call.
   */
  async countUp(map: string, key: string, ceiling: number, ttlSeconds: number): Promise<number> {
    for (let attempt = 0; attempt < COUNT_UP_ATTEMPTS; attempt += 1) {
      if (await this.create(map, key, { count: 1 }, ttlSeconds)) return 1;
      let seen = 0;
      const result = await this.takeOver(map, key, (current) => {
        seen = counterValue(current);
        return seen > ceiling ? null : { count: seen + 1 };
      });
      if (result.taken) return seen + 1;
      if (result.current && counterValue(result.current) > ceiling) return ceiling + 1;
      // Locked by another counter this instant, or expired meanwhile: try again (the create starts a new count).
    }
    throw new StateStoreError(`could not count ${map}/${key}: ${COUNT_UP_ATTEMPTS} concurrent updates in a row`);
  }

  async takeOver(map: string, key: string, replace: (current: JsonObject) => JsonObject | null): Promise<TakeOverResult> {
    const target = this.itemPath(map, key);
    const lock = `${target}.lock`;
    if (!this.lock(map, lock)) return { taken: false, current: this.read(target)?.data ?? null };
    try {
      const current = this.read(target);
      if (!current) return { taken: false, current: null };
      const written = replace(current.data);
      if (!written) return { taken: false, current: current.data };
      renameSync(this.writeTemp(map, { data: written, expiresAt: current.expiresAt }), target);
      return { taken: true, previous: current.data, written };
    } finally {
      rmSync(lock, { force: true });
    }
  }

  /** Takes the lock file (an atomic hard link); false when another process holds it. A lock left by a dead process is moved aside once. */
  private lock(map: string, lock: string): boolean {
    // The lock's time is written in it (not the file's mtime, which the kernel sets): one clock for both ends.
    const temp = this.writeTemp(map, { data: { lockedAt: Date.now() }, expiresAt: null });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          linkSync(temp, lock);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateStoreError(`Cannot lock ${lock}`, { cause: error });
        }
        let lockedAt: unknown;
        try {
          lockedAt = (JSON.parse(readFileSync(lock, 'utf8')) as StoredItem).data.lockedAt;
        } catch {
          lockedAt = undefined; // gone meanwhile, or half-written: try once more
        }
        if (typeof lockedAt === 'number' && Date.now() - lockedAt < LOCK_STALE_MS) return false;
        try {
          const aside = `${lock}.stale-${randomBytes(6).toString('hex')}`;
          renameSync(lock, aside);
          rmSync(aside, { force: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
            throw new StateStoreError(`Cannot clear the stale ${lock}`, { cause: error });
        }
      }
      return false;
    } finally {
      rmSync(temp, { force: true });
    }
  }

  update(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<void> {
    return this.put(map, key, data, ttlSeconds);
  }

  async isEmpty(map: string): Promise<boolean> {
    const folder = this.mapFolder(map);
    return !readdirSync(folder).some((file) => file.endsWith('.json') && this.read(join(folder, file)) !== null);
  }

  async removeMap(map: string): Promise<void> {
    assertMapName(map);
    rmSync(join(this.directory, map), { recursive: true, force: true });
  }

  async listMaps(): Promise<string[]> {
    let entries;
    try {
      entries = readdirSync(this.directory, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new StateStoreError(`Cannot list the maps in ${this.directory}`, { cause: error });
    }
    return entries
      .filter((entry) => entry.isDirectory() && MAP_NAME.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  async list(map: string, prefix = ''): Promise<StateItem[]> {
    const folder = this.mapFolder(map);
    const items: StateItem[] = [];
    for (const file of readdirSync(folder)) {
      if (!file.endsWith('.json')) continue;
      const key = decodeURIComponent(file.slice(0, -'.json'.length));
      if (!key.startsWith(prefix)) continue;
      const stored = this.read(join(folder, file));
      if (stored) items.push({ key, data: stored.data, expiresAt: stored.expiresAt });
    }
    return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async listRange(map: string, range: KeyRange): Promise<StateItem[]> {
    const all = await this.list(map);
    const ordered = range.order === 'asc' ? all : all.reverse();
    const started =
      range.from === undefined
        ? ordered
        : ordered.filter((item) => (range.order === 'asc' ? item.key >= range.from! : item.key <= range.from!));
    return started.slice(0, range.limit).filter((item) => withinRange(item.key, range));
  }

  private expiry(ttlSeconds: number | undefined): number | null {
    return ttlSeconds && ttlSeconds > 0 ? this.clock() + ttlSeconds * 1000 : null;
  }

  private mapFolder(map: string): string {
    assertMapName(map);
    const folder = join(this.directory, map);
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  private itemPath(map: string, key: string): string {
    if (key.length === 0 || key.length > 256)
      throw new StateStoreError(`A state key must be 1 to 256 characters (as in Sync Maps) (got ${key.length})`);
    return join(this.mapFolder(map), `${encodeURIComponent(key)}.json`);
  }

  private writeTemp(map: string, item: StoredItem): string {
    const temp = join(this.mapFolder(map), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    writeFileSync(temp, JSON.stringify(item));
    return temp;
  }

  /** The live item, or null: absent, expired, or unreadable (then moved aside, never to block again). */
  private read(path: string): StoredItem | null {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StateStoreError(`Cannot read ${path}`, { cause: error });
    }
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch {
      item = undefined;
    }
    if (!isStoredItem(item)) {
      this.moveAside(path);
      return null;
    }
    return item.expiresAt !== null && item.expiresAt <= this.clock() ? null : item;
  }

  private moveAside(path: string): void {
    const aside = `${path}.unreadable-${randomBytes(6).toString('hex')}`;
    try {
      renameSync(path, aside);
      this.options.notice?.(`state item ${basename(path)} could not be read; counted as absent and moved aside to ${basename(aside)}`);
    } catch (error) {
      // Another process moved it first: it is gone either way.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new StateStoreError(`Cannot move the unreadable ${path} aside`, { cause: error });
    }
  }
}
