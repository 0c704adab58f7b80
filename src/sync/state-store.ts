// Runtime state in Twilio Sync Maps (one map per kind of state), with Sync's own TTL and key conflicts.
import { MAP_NOT_FOUND_CODE, SyncRequestError, type SyncGateway } from './gateway';
import {
  StateStoreError,
  assertMapName,
  counterValue,
  type JsonObject,
  type KeyRange,
  withinRange,
  type StateItem,
  type StateStore,
  type TakeOverResult,
} from '../state/store';

/** Conditional updates lost to concurrent ones before a count gives up (each loss means another caller counted). */
const COUNT_UP_ATTEMPTS = 8;

export class SyncStateStore implements StateStore {
  constructor(private readonly gateway: SyncGateway) {}

  /**
   * Sync maps are created on first use: a write goes straight to the map (one request), and only when
   * Sync answers that the map does not exist (54200) is it created and the write tried once more.
   */
  private async withMap<T>(map: string, write: () => Promise<T>): Promise<T> {
    assertMapName(map);
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof SyncRequestError) || error.code !== MAP_NOT_FOUND_CODE) throw error;
      await this.gateway.ensureMap(map);
      return write();
    }
  }

  create(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<boolean> {
    return this.withMap(map, () => this.gateway.createMapItem(map, key, data, ttlSeconds));
  }

  async get(map: string, key: string): Promise<JsonObject | null> {
    assertMapName(map);
    return ((await this.gateway.fetchMapItem(map, key)) as JsonObject | null) ?? null;
  }

  put(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<void> {
    return this.withMap(map, () => this.gateway.putMapItem(map, key, data, ttlSeconds));
  }

  async update(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<void> {
    assertMapName(map);
    if (!(await this.gateway.updateMapItem(map, key, data, ttlSeconds))) await this.put(map, key, data, ttlSeconds);
  }

  async remove(map: string, key: string): Promise<void> {
    assertMapName(map);
    await this.gateway.removeMapItem(map, key);
  }

  /**
   * One create when the counter is new (1 request); otherwise a fetch and a conditional update (If-Match on the
   * revision read: 2 more), again only when another caller counted in between; above the ceiling, the fetch alone.
   */
  async countUp(map: string, key: string, ceiling: number, ttlSeconds: number): Promise<number> {
    if (await this.create(map, key, { count: 1 }, ttlSeconds)) return 1;
    for (let attempt = 0; attempt < COUNT_UP_ATTEMPTS; attempt += 1) {
      const current = await this.gateway.fetchMapItemRevision(map, key);
      // Expired between the create and the fetch: start the count again.
      if (!current) {
        if (await this.create(map, key, { count: 1 }, ttlSeconds)) return 1;
        continue;
      }
      const count = counterValue(current.data as JsonObject);
      if (count > ceiling) return ceiling + 1;
      if (await this.gateway.updateMapItemIfMatch(map, key, { count: count + 1 }, current.revision)) return count + 1;
    }
    throw new StateStoreError(`could not count ${map}/${key}: ${COUNT_UP_ATTEMPTS} concurrent updates in a row`);
  }

  /** A fetch with the revision, then an update If-Match that revision (Sync answers 412 to the second of two takers). */
  async takeOver(map: string, key: string, replace: (current: JsonObject) => JsonObject | null): Promise<TakeOverResult> {
    assertMapName(map);
    const current = await this.gateway.fetchMapItemRevision(map, key);
    if (!current) return { taken: false, current: null };
    const data = current.data as JsonObject;
    const written = replace(data);
    if (!written || !(await this.gateway.updateMapItemIfMatch(map, key, written, current.revision))) return { taken: false, current: data };
    return { taken: true, previous: data, written };
  }

  async isEmpty(map: string): Promise<boolean> {
    assertMapName(map);
    return !(await this.gateway.hasMapItems(map));
  }

  async removeMap(map: string): Promise<void> {
    assertMapName(map);
    await this.gateway.removeMap(map);
  }

  listMaps(): Promise<string[]> {
    return this.gateway.listMapNames();
  }

  async listRange(map: string, range: KeyRange): Promise<StateItem[]> {
    assertMapName(map);
    const items = await this.gateway.listMapItemsPage(map, range);
    return items
      .filter((item) => withinRange(item.key, range))
      .map((item) => ({ key: item.key, data: item.data as JsonObject, expiresAt: item.expiresAt }));
  }

  async list(map: string, prefix = ''): Promise<StateItem[]> {
    assertMapName(map);
    const items = await this.gateway.listMapItems(map, prefix);
    return items
      .map((item) => ({ key: item.key, data: item.data as JsonObject, expiresAt: item.expiresAt }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }
}
