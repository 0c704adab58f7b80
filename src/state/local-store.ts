// The local state store: one file per item under a folder, so separate processes (twilio-run forks one
// per request) share it. Create is atomic (a hard link that fails on an existing name); replace is an
// atomic rename; an expired item counts as absent, and only one racer may claim it.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateStoreError, assertMapName, type JsonObject, type StateItem, type StateStore } from './store';

interface StoredItem {
  data: JsonObject;
  expiresAt: number | null;
}

export class LocalStateStore implements StateStore {
  constructor(
    private readonly directory: string,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  async create(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<boolean> {
    const target = this.itemPath(map, key);
    const temp = this.writeTemp(map, { data, expiresAt: this.expiry(ttlSeconds) });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          linkSync(temp, target);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateStoreError(`Cannot create ${map}/${key}`, { cause: error });
          if (this.read(target) !== null) return false;
          // Expired: move it aside; only the process whose rename succeeds gets to create.
          const aside = `${target}.expired-${randomBytes(6).toString('hex')}`;
          try {
            renameSync(target, aside);
          } catch {
            return false;
          }
          rmSync(aside, { force: true });
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
  async countUp(map: string, key: string, ceiling: number, ttlSeconds: number): Promise<number> {
    for (let count = 1; count <= ceiling + 1; count += 1) {
      if (await this.create(map, `${key}#${count}`, { at: new Date(this.clock()).toISOString() }, ttlSeconds)) return count;
    }
    return ceiling + 1;
  }

  async list(map: string): Promise<StateItem[]> {
    const folder = this.mapFolder(map);
    const items: StateItem[] = [];
    for (const file of readdirSync(folder)) {
      if (!file.endsWith('.json')) continue;
      const stored = this.read(join(folder, file));
      if (stored) items.push({ key: decodeURIComponent(file.slice(0, -'.json'.length)), data: stored.data });
    }
    return items.sort((a, b) => a.key.localeCompare(b.key));
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
    if (key.length === 0 || key.length > 256) throw new StateStoreError(`A state key must be 1 to 256 characters (as in Sync Maps) (got ${key.length})`);
    return join(this.mapFolder(map), `${encodeURIComponent(key)}.json`);
  }

  private writeTemp(map: string, item: StoredItem): string {
    const temp = join(this.mapFolder(map), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    writeFileSync(temp, JSON.stringify(item));
    return temp;
  }

  private read(path: string): StoredItem | null {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StateStoreError(`Cannot read ${path}`, { cause: error });
    }
    const item = JSON.parse(text) as StoredItem;
    return item.expiresAt !== null && item.expiresAt <= this.clock() ? null : item;
  }
}
