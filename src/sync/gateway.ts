// The Sync operations this project uses, over the twilio library's client: each request has a deadline
// (SYNC_TIMEOUT_MS, or what is left of the request's time budget if less), goes through the circuit
// breaker, is counted, and fails with a typed error that says whether Sync is unavailable (retry later,
// serve the last good copy) or refused the request.
import { UserFacingError } from '../errors/user-facing-error';
import type twilio from 'twilio';
import { currentBudget, type RequestBudget } from '../budget/budget';
import { TwilioRequestError } from '../twilio/client';
import { SyncBreaker, type SyncTarget } from './breaker';

type TwilioClient = ReturnType<typeof twilio>;

/** `circuit-open`: not asked at all, because Sync was failing (see breaker.ts) or no time was left. */
export type SyncFailure = 'timeout' | 'rate-limited' | 'server-error' | 'network' | 'circuit-open';

/** A request with less time than this left in its budget does not ask Sync at all. */
export const MIN_REQUEST_MS = 100;

/** Sync could not answer now: timed out, rate-limited (429 / 54009), 5xx, or the connection failed. */
export class SyncUnavailableError extends UserFacingError {
  override readonly name: string = 'SyncUnavailableError';
  constructor(
    readonly failure: SyncFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Sync answered, but refused the request (bad data, missing service, no permission). */
export class SyncRequestError extends TwilioRequestError {
  override readonly name: string = 'SyncRequestError';
}

/** Sync's own codes for "there is no such thing". */
const NOT_FOUND_CODES = new Set([20404, 54100, 54200, 54201]);
export const MAP_ITEM_EXISTS_CODE = 54208;
export const MAP_NOT_FOUND_CODE = 54200;
export const RATE_LIMIT_CODE = 54009;

interface RestFailure {
  status?: number;
  code?: number;
  message?: string;
}

export function classify(error: unknown, what: string): SyncUnavailableError | SyncRequestError {
  if (error instanceof SyncUnavailableError || error instanceof SyncRequestError) return error;
  const failure = error as RestFailure & { name?: string; code?: number | string };
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const code = typeof failure.code === 'number' ? failure.code : undefined;
  if (status === 429 || code === RATE_LIMIT_CODE)
    return new SyncUnavailableError('rate-limited', `${what}: Sync is rate-limiting (${code ?? status})`, { cause: error });
  if (status !== undefined && status >= 500)
    return new SyncUnavailableError('server-error', `${what}: Sync answered ${status}`, { cause: error });
  if (status !== undefined)
    return new SyncRequestError(
      `${what}: Sync refused the request (${status}${code ? `, error ${code}` : ''}: ${failure.message ?? 'no message'})`,
      status,
      code,
      { cause: error },
    );
  const text = `${failure.name ?? ''} ${String(failure.code ?? '')} ${failure.message ?? ''}`;
  if (/timeout|timed out|ETIMEDOUT|ECONNABORTED/i.test(text))
    return new SyncUnavailableError('timeout', `${what}: no answer from Sync in time`, { cause: error });
  return new SyncUnavailableError('network', `${what}: could not reach Sync (${(failure.message ?? String(error)).slice(0, 200)})`, {
    cause: error,
  });
}

function isNotFound(error: unknown): boolean {
  const failure = error as RestFailure;
  return failure?.status === 404 || (typeof failure?.code === 'number' && NOT_FOUND_CODES.has(failure.code));
}

export interface SyncGatewayOptions {
  /** The deadline of one request, in ms; the client's own timeout should be the same or shorter. */
  timeoutMs: number;
  /** Shared by everything that uses this gateway; default: a breaker of its own. */
  breaker?: SyncBreaker;
  /** The budget of the request being served; default: the one runWithBudget() set, if any. */
  budget?: () => RequestBudget | undefined;
}

export interface DocumentSnapshot {
  data: unknown;
  revision: string;
}

export class SyncGateway {
  /** Requests sent so far (the benchmark and tests read it). */
  requests = 0;
  readonly breaker: SyncBreaker;

  constructor(
    private readonly client: TwilioClient,
    private readonly serviceSid: string,
    private readonly options: SyncGatewayOptions,
  ) {
    this.breaker = options.breaker ?? new SyncBreaker();
  }

  private get service() {
    return this.client.sync.v1.services(this.serviceSid);
  }

  /**
   * Runs one request through the breaker, with the deadline: SYNC_TIMEOUT_MS, or what is left of the
   * request's budget if less. Throws SyncUnavailableError('circuit-open') without asking when the breaker
   * or the budget says no.
   */
  private async request<T>(what: string, target: SyncTarget, send: () => Promise<T>): Promise<T> {
    const budget = (this.options.budget ?? currentBudget)();
    const timeoutMs = budget ? budget.deadlineMs(this.options.timeoutMs) : this.options.timeoutMs;
    if (timeoutMs < MIN_REQUEST_MS)
      throw new SyncUnavailableError('circuit-open', `${what}: not asked, this request's time budget is spent`);
    const admission = this.breaker.admit(budget, target);
    if (!admission.admitted) throw new SyncUnavailableError('circuit-open', `${what}: ${admission.reason}`);
    this.requests += 1;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SyncUnavailableError('timeout', `${what}: no answer from Sync within ${Math.round(timeoutMs)} ms`)),
        timeoutMs,
      );
    });
    try {
      const result = await Promise.race([send(), deadline]);
      this.breaker.succeeded(admission.admission);
      return result;
    } catch (error) {
      const classified = classify(error, what);
      if (classified instanceof SyncUnavailableError) this.breaker.failed(admission.admission, classified.failure);
      else this.breaker.succeeded(admission.admission);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async orNull<T>(what: string, target: SyncTarget, send: () => Promise<T>): Promise<T | null> {
    try {
      return await this.request(what, target, send);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw classify(error, what);
    }
  }

  private async must<T>(what: string, target: SyncTarget, send: () => Promise<T>): Promise<T> {
    try {
      return await this.request(what, target, send);
    } catch (error) {
      throw classify(error, what);
    }
  }

  async fetchDocument(name: string): Promise<DocumentSnapshot | null> {
    const document = await this.orNull(`fetch document ${name}`, 'documents', () => this.service.documents(name).fetch());
    return document ? { data: document.data, revision: document.revision } : null;
  }

  async createDocument(name: string, data: object): Promise<void> {
    await this.must(`create document ${name}`, 'documents', () => this.service.documents.create({ uniqueName: name, data }));
  }

  async updateDocument(name: string, data: object): Promise<void> {
    await this.must(`update document ${name}`, 'documents', () => this.service.documents(name).update({ data }));
  }

  /**
   * Replaces the document's data only if it is still at `revision` (If-Match): false when Sync answers that it
   * changed in between (412) or is gone; nothing was written then.
   */
  async updateDocumentIfMatch(name: string, data: object, revision: string): Promise<boolean> {
    try {
      await this.request(`update document ${name} if at revision ${revision}`, 'documents', () =>
        this.service.documents(name).update({ data, ifMatch: revision }),
      );
      return true;
    } catch (error) {
      if ((error as RestFailure).status === 412 || isNotFound(error)) return false;
      throw classify(error, `update document ${name}`);
    }
  }

  async removeDocument(name: string): Promise<void> {
    await this.orNull(`remove document ${name}`, 'documents', () => this.service.documents(name).remove());
  }

  async ensureMap(name: string): Promise<void> {
    const found = await this.orNull(`fetch map ${name}`, 'maps', () => this.service.syncMaps(name).fetch());
    if (!found) {
      try {
        await this.request(`create map ${name}`, 'maps', () => this.service.syncMaps.create({ uniqueName: name }));
      } catch (error) {
        // Someone else created it in between: that is what we wanted.
        if ((error as RestFailure).status !== 409) throw classify(error, `create map ${name}`);
      }
    }
  }

  /** The item's data and revision (for a conditional update), or null when there is none. */
  async fetchMapItemRevision(map: string, key: string): Promise<{ data: unknown; revision: string } | null> {
    const item = await this.orNull(`fetch ${map}/${key}`, 'maps', () => this.service.syncMaps(map).syncMapItems(key).fetch());
    return item ? { data: item.data, revision: item.revision } : null;
  }

  /**
   * Replaces the item's data only if it is still at `revision` (If-Match; its TTL is kept): false when Sync
   * answers that it changed in between (412) or is gone, so the caller reads it again.
   */
  async updateMapItemIfMatch(map: string, key: string, data: object, revision: string): Promise<boolean> {
    try {
      await this.request(`update ${map}/${key} if at revision ${revision}`, 'maps', () =>
        this.service.syncMaps(map).syncMapItems(key).update({ data, ifMatch: revision }),
      );
      return true;
    } catch (error) {
      if ((error as RestFailure).status === 412 || isNotFound(error)) return false;
      throw classify(error, `update ${map}/${key}`);
    }
  }

  async fetchMapItem(map: string, key: string): Promise<unknown | null> {
    const item = await this.orNull(`fetch ${map}/${key}`, 'maps', () => this.service.syncMaps(map).syncMapItems(key).fetch());
    return item ? item.data : null;
  }

  /** Creates the item; false when the key already exists (Sync's 54208): nothing was written. */
  async createMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<boolean> {
    try {
      await this.request(`create ${map}/${key}`, 'maps', () =>
        this.service.syncMaps(map).syncMapItems.create({ key, data, ...(ttlSeconds ? { itemTtl: ttlSeconds } : {}) }),
      );
      return true;
    } catch (error) {
      if ((error as RestFailure).code === MAP_ITEM_EXISTS_CODE || (error as RestFailure).status === 409) return false;
      throw classify(error, `create ${map}/${key}`);
    }
  }

  /** Replaces the item's data (and TTL); false when there is no such item (or map), so the caller creates it. */
  async updateMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<boolean> {
    const updated = await this.orNull(`update ${map}/${key}`, 'maps', () =>
      this.service
        .syncMaps(map)
        .syncMapItems(key)
        .update({ data, ...(ttlSeconds ? { itemTtl: ttlSeconds } : {}) }),
    );
    return updated !== null;
  }

  /** Creates or replaces the item: a create first (most items written are new), an update when it exists. */
  async putMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<void> {
    if (await this.createMapItem(map, key, data, ttlSeconds)) return;
    await this.must(`update ${map}/${key}`, 'maps', () =>
      this.service
        .syncMaps(map)
        .syncMapItems(key)
        .update({ data, ...(ttlSeconds ? { itemTtl: ttlSeconds } : {}) }),
    );
  }

  async removeMapItem(map: string, key: string): Promise<void> {
    await this.orNull(`remove ${map}/${key}`, 'maps', () => this.service.syncMaps(map).syncMapItems(key).remove());
  }

  /** Removes the map and every item in it; nothing when there is no such map. */
  async removeMap(name: string): Promise<void> {
    await this.orNull(`remove map ${name}`, 'maps', () => this.service.syncMaps(name).remove());
  }

  /** The unique names of every map of the service (pages of 100: one read each). */
  async listMapNames(): Promise<string[]> {
    const names: string[] = [];
    let page = await this.must('list maps', 'maps', () => this.service.syncMaps.page({ pageSize: 100 }));
    for (;;) {
      const current = page;
      names.push(...current.instances.map((map) => map.uniqueName));
      if (!current.nextPageUrl) return names;
      page = await this.must('list maps (next page)', 'maps', () => current.nextPage() as Promise<typeof current>);
    }
  }

  /** Whether the map exists and holds at least one item: one page of one item. */
  async hasMapItems(map: string): Promise<boolean> {
    const page = await this.orNull(`look into ${map}`, 'maps', () => this.service.syncMaps(map).syncMapItems.page({ pageSize: 1 }));
    return (page?.instances.length ?? 0) > 0;
  }

  /** One page of a map's items (at most 100), in key order from `from` (inclusive): one request; none when the map is absent. */
  async listMapItemsPage(
    map: string,
    range: { from?: string; order: 'asc' | 'desc'; limit: number },
  ): Promise<{ key: string; data: unknown; expiresAt: number | null }[]> {
    const query = {
      pageSize: Math.max(1, Math.min(100, range.limit)),
      order: range.order,
      ...(range.from !== undefined ? { from: range.from, bounds: 'inclusive' as const } : {}),
    };
    const page = await this.orNull(`list a page of ${map}`, 'maps', () => this.service.syncMaps(map).syncMapItems.page(query));
    return (page?.instances ?? []).map((item) => ({
      key: item.key,
      data: item.data,
      expiresAt: item.dateExpires ? item.dateExpires.getTime() : null,
    }));
  }

  /**
   * Every item of a map; with `prefix`, only the keys that start with it, read from the first such key on. Each with
   * when it expires (ms since the epoch; null: never), so an item moved elsewhere can keep what is left of its TTL.
   */
  async listMapItems(map: string, prefix = ''): Promise<{ key: string; data: unknown; expiresAt: number | null }[]> {
    const found: { key: string; data: unknown; expiresAt: number | null }[] = [];
    const query = { pageSize: 100, order: 'asc' as const, ...(prefix ? { from: prefix, bounds: 'inclusive' as const } : {}) };
    let page = await this.orNull(`list ${map}`, 'maps', () => this.service.syncMaps(map).syncMapItems.page(query));
    while (page) {
      const current = page;
      for (const item of current.instances) {
        if (!item.key.startsWith(prefix)) return found;
        found.push({ key: item.key, data: item.data, expiresAt: item.dateExpires ? item.dateExpires.getTime() : null });
      }
      if (!current.nextPageUrl) break;
      page = await this.must(`list ${map} (next page)`, 'maps', () => current.nextPage() as Promise<typeof current>);
    }
    return found;
  }
}
