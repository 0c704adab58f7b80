// Runtime state in Twilio Sync Maps (one map per kind of state), with Sync's own TTL and key conflicts.
import type { SyncGateway } from '../sync/gateway';
import { assertMapName, type JsonObject, type StateItem, type StateStore } from './store';

export class SyncStateStore implements StateStore {
  private readonly knownMaps = new Set<string>();

  constructor(private readonly gateway: SyncGateway) {}

  /** Sync maps are created on first use; a map missing in Sync is created and the write tried once more. */
  private async withMap<T>(map: string, write: () => Promise<T>): Promise<T> {
    assertMapName(map);
    if (!this.knownMaps.has(map)) {
      await this.gateway.ensureMap(map);
      this.knownMaps.add(map);
    }
    return write();
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

  async remove(map: string, key: string): Promise<void> {
    assertMapName(map);
    await this.gateway.removeMapItem(map, key);
  }

  async list(map: string): Promise<StateItem[]> {
    assertMapName(map);
    const items = await this.gateway.listMapItems(map);
    return items.map((item) => ({ key: item.key, data: item.data as JsonObject })).sort((a, b) => a.key.localeCompare(b.key));
  }
}
