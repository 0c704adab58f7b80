// The Sync operations this project uses, over the twilio library's client: each request has a deadline,
// is counted, and fails with a typed error that says whether Sync is unavailable (retry later, serve the
// last good copy) or refused the request.
import { UserFacingError } from '../errors/user-facing-error';
import type twilio from 'twilio';
import { TwilioRequestError } from '../twilio/client';

type TwilioClient = ReturnType<typeof twilio>;

export type SyncFailure = 'timeout' | 'rate-limited' | 'server-error' | 'network';

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
  if (status === 429 || code === RATE_LIMIT_CODE) return new SyncUnavailableError('rate-limited', `${what}: Sync is rate-limiting (${code ?? status})`, { cause: error });
  if (status !== undefined && status >= 500) return new SyncUnavailableError('server-error', `${what}: Sync answered ${status}`, { cause: error });
  if (status !== undefined) return new SyncRequestError(`${what}: Sync refused the request (${status}${code ? `, error ${code}` : ''}: ${failure.message ?? 'no message'})`, status, code, { cause: error });
  const text = `${failure.name ?? ''} ${String(failure.code ?? '')} ${failure.message ?? ''}`;
  if (/timeout|timed out|ETIMEDOUT|ECONNABORTED/i.test(text)) return new SyncUnavailableError('timeout', `${what}: no answer from Sync in time`, { cause: error });
  return new SyncUnavailableError('network', `${what}: could not reach Sync (${(failure.message ?? String(error)).slice(0, 200)})`, { cause: error });
}

function isNotFound(error: unknown): boolean {
  const failure = error as RestFailure;
  return failure?.status === 404 || (typeof failure?.code === 'number' && NOT_FOUND_CODES.has(failure.code));
}

export interface SyncGatewayOptions {
  /** The deadline of one request, in ms; the client's own timeout should be the same or shorter. */
  timeoutMs: number;
}

export interface DocumentSnapshot {
  data: unknown;
  revision: string;
}

export class SyncGateway {
  /** Requests sent so far (the benchmark and tests read it). */
  requests = 0;

  constructor(
    private readonly client: TwilioClient,
    private readonly serviceSid: string,
    private readonly options: SyncGatewayOptions,
  ) {}

  private get service() {
    return this.client.sync.v1.services(this.serviceSid);
  }

  /** Runs one request with the deadline; `notFound` maps a 404 to a value instead of an error. */
  private async request<T>(what: string, send: () => Promise<T>): Promise<T> {
    this.requests += 1;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SyncUnavailableError('timeout', `${what}: no answer from Sync within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    });
    try {
      return await Promise.race([send(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async orNull<T>(what: string, send: () => Promise<T>): Promise<T | null> {
    try {
      return await this.request(what, send);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw classify(error, what);
    }
  }

  private async must<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await this.request(what, send);
    } catch (error) {
      throw classify(error, what);
    }
  }

  async fetchDocument(name: string): Promise<DocumentSnapshot | null> {
    const document = await this.orNull(`fetch document ${name}`, () => this.service.documents(name).fetch());
    return document ? { data: document.data, revision: document.revision } : null;
  }

  async createDocument(name: string, data: object): Promise<void> {
    await this.must(`create document ${name}`, () => this.service.documents.create({ uniqueName: name, data }));
  }

  async updateDocument(name: string, data: object): Promise<void> {
    await this.must(`update document ${name}`, () => this.service.documents(name).update({ data }));
  }

  async removeDocument(name: string): Promise<void> {
    await this.orNull(`remove document ${name}`, () => this.service.documents(name).remove());
  }

  async ensureMap(name: string): Promise<void> {
    const found = await this.orNull(`fetch map ${name}`, () => this.service.syncMaps(name).fetch());
    if (!found) {
      try {
        await this.request(`create map ${name}`, () => this.service.syncMaps.create({ uniqueName: name }));
      } catch (error) {
        // Someone else created it in between: that is what we wanted.
        if ((error as RestFailure).status !== 409) throw classify(error, `create map ${name}`);
      }
    }
  }

  /** The item's data and revision (for a conditional update), or null when there is none. */
  async fetchMapItemRevision(map: string, key: string): Promise<{ data: unknown; revision: string } | null> {
    const item = await this.orNull(`fetch ${map}/${key}`, () => this.service.syncMaps(map).syncMapItems(key).fetch());
    return item ? { data: item.data, revision: item.revision } : null;
  }

  /**
   * Replaces the item's data only if it is still at `revision` (If-Match; its TTL is kept): false when Sync
   * answers that it changed in between (412) or is gone, so the caller reads it again.
   */
  async updateMapItemIfMatch(map: string, key: string, data: object, revision: string): Promise<boolean> {
    try {
      await this.request(`update ${map}/${key} if at revision ${revision}`, () => this.service.syncMaps(map).syncMapItems(key).update({ data, ifMatch: revision }));
      return true;
    } catch (error) {
      if ((error as RestFailure).status === 412 || isNotFound(error)) return false;
      throw classify(error, `update ${map}/${key}`);
    }
  }

  async fetchMapItem(map: string, key: string): Promise<unknown | null> {
    const item = await this.orNull(`fetch ${map}/${key}`, () => this.service.syncMaps(map).syncMapItems(key).fetch());
    return item ? item.data : null;
  }

  /** Creates the item; false when the key already exists (Sync's 54208): nothing was written. */
  async createMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<boolean> {
    try {
      await this.request(`create ${map}/${key}`, () =>
        this.service.syncMaps(map).syncMapItems.create({ key, data, ...(ttlSeconds ? { itemTtl: ttlSeconds } : {}) }),
      );
      return true;
    } catch (error) {
      if ((error as RestFailure).code === MAP_ITEM_EXISTS_CODE || (error as RestFailure).status === 409) return false;
      throw classify(error, `create ${map}/${key}`);
    }
  }

  /** Creates or replaces the item: a create first (most items written are new), an update when it exists. */
  async putMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<void> {
    if (await this.createMapItem(map, key, data, ttlSeconds)) return;
    await this.must(`update ${map}/${key}`, () =>
      this.service.syncMaps(map).syncMapItems(key).update({ data, ...(ttlSeconds ? { itemTtl: ttlSeconds } : {}) }),
    );
  }

  async removeMapItem(map: string, key: string): Promise<void> {
    await this.orNull(`remove ${map}/${key}`, () => this.service.syncMaps(map).syncMapItems(key).remove());
  }

  async listMapItems(map: string): Promise<{ key: string; data: unknown }[]> {
    const items = await this.orNull(`list ${map}`, () => this.service.syncMaps(map).syncMapItems.list({ pageSize: 100 }));
    return (items ?? []).map((item) => ({ key: item.key, data: item.data }));
  }
}
