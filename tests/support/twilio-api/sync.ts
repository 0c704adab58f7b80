// Twilio Sync v1 in the API double: Services, Documents, Maps and Map Items, with revisions, If-Match,
// unique names, TTL expiry on the double's clock, and Twilio's error codes (54100, 54103, 54208, …).
import { TwilioApiError, badRequest, notFound } from './errors';
import { type Params, intParam, isoDate, newSid, pageOf, pageQuery, param } from './format';
import type { DoubleRequest, DoubleResponse, PathParams, RouteTable } from './routes';

const BASE = 'https://sync.twilio.com/v1';
const MAX_DATA_BYTES = 16 * 1024;

interface Timestamps {
  created: number;
  updated: number;
  /** ms since epoch, or null: never expires. */
  expires: number | null;
}

export interface SyncServiceRecord extends Timestamps {
  sid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  webhookUrl: string | null;
  webhooksFromRestEnabled: boolean;
  reachabilityWebhooksEnabled: boolean;
  aclEnabled: boolean;
  reachabilityDebouncingEnabled: boolean;
  reachabilityDebouncingWindow: number;
  documents: Map<string, SyncDocumentRecord>;
  maps: Map<string, SyncMapRecord>;
}

export interface SyncDocumentRecord extends Timestamps {
  sid: string;
  uniqueName: string | null;
  data: Record<string, unknown>;
  revision: number;
}

export interface SyncMapRecord extends Timestamps {
  sid: string;
  uniqueName: string | null;
  revision: number;
  items: Map<string, SyncMapItemRecord>;
}

export interface SyncMapItemRecord extends Timestamps {
  key: string;
  data: Record<string, unknown>;
  revision: number;
}

const live = (record: Timestamps, now: number): boolean => record.expires === null || record.expires > now;

/** The longest TTL Sync takes: 31,536,000 s, one year (error 54011 beyond). */
const MAX_TTL_SECONDS = 31_536_000;

/** Seconds from now, or null for 0/absent (no expiry), as Sync reads Ttl. */
function expiryFrom(ttlSeconds: number | undefined, now: number, current: number | null): number | null {
  if (ttlSeconds === undefined) return current;
  if (ttlSeconds < 0 || ttlSeconds > MAX_TTL_SECONDS)
    throw badRequest(
      `The TTL value in seconds must either be empty or an integer between 0 and 31 536 000 (1 year), got ${ttlSeconds}`,
      54011,
    );
  return ttlSeconds === 0 ? null : now + ttlSeconds * 1000;
}

function parseData(params: Params, required: boolean): Record<string, unknown> | undefined {
  const text = param(params, 'Data');
  if (text === undefined) {
    if (required) throw badRequest("The 'Data' parameter cannot be null", 54101);
    return undefined;
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_DATA_BYTES) {
    throw new TwilioApiError(413, 54006, `The size of the specified 'Data' parameter exceeds ${MAX_DATA_BYTES} bytes`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw badRequest("The specified 'Data' parameter is not valid JSON", 54008);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw badRequest("The specified 'Data' parameter must be a JSON object", 54008);
  }
  return data as Record<string, unknown>;
}

/** Drops expired entries, then finds one by sid or unique name. */
function findLive<T extends Timestamps & { sid: string; uniqueName: string | null }>(
  records: Map<string, T>,
  sidOrName: string,
  now: number,
): T | undefined {
  purge(records, now);
  return records.get(sidOrName) ?? [...records.values()].find((record) => record.uniqueName === sidOrName);
}

function purge<T extends Timestamps>(records: Map<string, T>, now: number): void {
  for (const [id, record] of records) if (!live(record, now)) records.delete(id);
}

function bool(params: Params, name: string, fallback: boolean): boolean {
  const value = param(params, name);
  return value === undefined ? fallback : value.toLowerCase() === 'true';
}

/** A v1 list page (Sync's and Serverless's envelope: the items under `key`, then `meta`). */
export function syncPage<T>(all: readonly T[], query: Params, listUrl: string, key: string, render: (item: T) => unknown) {
  const window = pageOf(all, query);
  const at = (page: number) => `${listUrl}?${pageQuery(query, page, window.pageSize)}`;
  return {
    [key]: window.items.map(render),
    meta: {
      page: window.page,
      page_size: window.pageSize,
      first_page_url: at(0),
      previous_page_url: window.page > 0 ? at(window.page - 1) : null,
      url: at(window.page),
      next_page_url: window.hasNext ? `${listUrl}?${pageQuery(query, window.page + 1, window.pageSize, `PT${window.page + 1}`)}` : null,
      key,
    },
  };
}

/** The Sync state of the double, and the handlers that serve it. */
export class SyncState {
  readonly services = new Map<string, SyncServiceRecord>();

  constructor(private readonly accountSid: () => string) {}

  // ---- direct access for tests (no HTTP) ----

  /** A live document by sid or unique name, or undefined. */
  document(serviceSid: string, sidOrName: string, now: number): SyncDocumentRecord | undefined {
    const service = this.services.get(serviceSid);
    return service ? findLive(service.documents, sidOrName, now) : undefined;
  }

  /** The live items of a map (by sid or unique name), or undefined when the map does not exist. */
  mapItems(serviceSid: string, mapSidOrName: string, now: number): SyncMapItemRecord[] | undefined {
    const service = this.services.get(serviceSid);
    const map = service ? findLive(service.maps, mapSidOrName, now) : undefined;
    if (!map) return undefined;
    purge(map.items, now);
    return [...map.items.values()];
  }

  /** The sid of a live Document or Map named by sid or unique name (the name itself when there is none yet). */
  objectSid(serviceSidOrName: string, collection: string, sidOrName: string, now: number): string {
    const service = this.services.get(serviceSidOrName) ?? [...this.services.values()].find((s) => s.uniqueName === serviceSidOrName);
    if (!service) return sidOrName;
    const live =
      collection === 'Documents'
        ? findLive(service.documents, sidOrName, now)
        : collection === 'Maps'
          ? findLive(service.maps, sidOrName, now)
          : undefined;
    return live?.sid ?? sidOrName;
  }

  /**
   * Puts items in a map (made when absent) without HTTP, as creates would leave them: test and benchmark setup of
   * a large history, so only the requests under test are made through Prism.
   */
  seedMapItems(serviceSid: string, mapName: string, items: readonly { key: string; data: Record<string, unknown> }[], now: number): void {
    const service = this.services.get(serviceSid);
    if (!service) throw new Error(`no Sync service ${serviceSid}`);
    let map = findLive(service.maps, mapName, now);
    if (!map) {
      map = { sid: newSid('MP'), uniqueName: mapName, revision: 0, created: now, updated: now, expires: null, items: new Map() };
      service.maps.set(map.sid, map);
    }
    for (const { key, data } of items) map.items.set(key, { key, data, revision: 0, created: now, updated: now, expires: null });
    map.revision += 1;
  }

  /** Creates a Service without HTTP (test setup). */
  createService(friendlyName: string | null, now: number): SyncServiceRecord {
    const service: SyncServiceRecord = {
      sid: newSid('IS'),
      uniqueName: null,
      friendlyName,
      webhookUrl: null,
      webhooksFromRestEnabled: false,
      reachabilityWebhooksEnabled: false,
      aclEnabled: false,
      reachabilityDebouncingEnabled: false,
      reachabilityDebouncingWindow: 5000,
      created: now,
      updated: now,
      expires: null,
      documents: new Map(),
      maps: new Map(),
    };
    this.services.set(service.sid, service);
    return service;
  }

  register(routes: RouteTable): void {
    routes
      .add('POST', '/v1/Services', (req) => this.serviceCreate(req))
      .add('GET', '/v1/Services', (req) => this.serviceList(req))
      .add('GET', '/v1/Services/{Sid}', (_req, p) => ok(this.renderService(this.service(p.Sid!))))
      .add('POST', '/v1/Services/{Sid}', (req, p) => this.serviceUpdate(req, p))
      .add('DELETE', '/v1/Services/{Sid}', (_req, p) => this.serviceDelete(p))
      .add('POST', '/v1/Services/{ServiceSid}/Documents', (req, p) => this.documentCreate(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Documents', (req, p) => this.documentList(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Documents/{Sid}', (req, p) => this.documentFetch(req, p))
      .add('POST', '/v1/Services/{ServiceSid}/Documents/{Sid}', (req, p) => this.documentUpdate(req, p))
      .add('DELETE', '/v1/Services/{ServiceSid}/Documents/{Sid}', (req, p) => this.documentDelete(req, p))
      .add('POST', '/v1/Services/{ServiceSid}/Maps', (req, p) => this.mapCreate(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Maps', (req, p) => this.mapList(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Maps/{Sid}', (req, p) => this.mapFetch(req, p))
      .add('POST', '/v1/Services/{ServiceSid}/Maps/{Sid}', (req, p) => this.mapUpdate(req, p))
      .add('DELETE', '/v1/Services/{ServiceSid}/Maps/{Sid}', (req, p) => this.mapDelete(req, p))
      .add('POST', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items', (req, p) => this.itemCreate(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items', (req, p) => this.itemList(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}', (req, p) => this.itemFetch(req, p))
      .add('POST', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}', (req, p) => this.itemUpdate(req, p))
      .add('DELETE', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}', (req, p) => this.itemDelete(req, p));
  }

  // ---- Services ----

  private service(sidOrName: string): SyncServiceRecord {
    const service = this.services.get(sidOrName) ?? [...this.services.values()].find((s) => s.uniqueName === sidOrName);
    if (!service) throw notFound(`/Services/${sidOrName}`);
    return service;
  }

  private serviceCreate(req: DoubleRequest): DoubleResponse {
    const service = this.createService(param(req.body, 'FriendlyName') ?? null, req.now);
    this.applyServiceParams(service, req.body);
    return created(this.renderService(service));
  }

  private serviceUpdate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const service = this.service(p.Sid!);
    const friendlyName = param(req.body, 'FriendlyName');
    if (friendlyName !== undefined) service.friendlyName = friendlyName;
    this.applyServiceParams(service, req.body);
    service.updated = req.now;
    return ok(this.renderService(service));
  }

  private applyServiceParams(service: SyncServiceRecord, body: Params): void {
    service.webhookUrl = param(body, 'WebhookUrl') ?? service.webhookUrl;
    service.webhooksFromRestEnabled = bool(body, 'WebhooksFromRestEnabled', service.webhooksFromRestEnabled);
    service.reachabilityWebhooksEnabled = bool(body, 'ReachabilityWebhooksEnabled', service.reachabilityWebhooksEnabled);
    service.aclEnabled = bool(body, 'AclEnabled', service.aclEnabled);
    service.reachabilityDebouncingEnabled = bool(body, 'ReachabilityDebouncingEnabled', service.reachabilityDebouncingEnabled);
    service.reachabilityDebouncingWindow = intParam(body, 'ReachabilityDebouncingWindow') ?? service.reachabilityDebouncingWindow;
  }

  private serviceDelete(p: PathParams): DoubleResponse {
    this.services.delete(this.service(p.Sid!).sid);
    return { status: 204 };
  }

  private serviceList(req: DoubleRequest): DoubleResponse {
    const all = [...this.services.values()];
    return ok(syncPage(all, req.query, `${BASE}/Services`, 'services', (s) => this.renderService(s)));
  }

  private renderService(s: SyncServiceRecord) {
    const url = `${BASE}/Services/${s.sid}`;
    return {
      sid: s.sid,
      unique_name: s.uniqueName,
      account_sid: this.accountSid(),
      friendly_name: s.friendlyName,
      date_created: isoDate(s.created),
      date_updated: isoDate(s.updated),
      url,
      webhook_url: s.webhookUrl,
      webhooks_from_rest_enabled: s.webhooksFromRestEnabled,
      reachability_webhooks_enabled: s.reachabilityWebhooksEnabled,
      acl_enabled: s.aclEnabled,
      reachability_debouncing_enabled: s.reachabilityDebouncingEnabled,
      reachability_debouncing_window: s.reachabilityDebouncingWindow,
      links: { documents: `${url}/Documents`, lists: `${url}/Lists`, maps: `${url}/Maps`, streams: `${url}/Streams` },
    };
  }

  // ---- Documents ----

  private liveDocument(req: DoubleRequest, p: PathParams): [SyncServiceRecord, SyncDocumentRecord] {
    const service = this.service(p.ServiceSid!);
    const doc = findLive(service.documents, p.Sid!, req.now);
    if (!doc) throw new TwilioApiError(404, 54100, `Document ${p.Sid} not found`);
    return [service, doc];
  }

  private documentCreate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const service = this.service(p.ServiceSid!);
    const uniqueName = param(req.body, 'UniqueName') ?? null;
    if (uniqueName !== null && findLive(service.documents, uniqueName, req.now)?.uniqueName === uniqueName) {
      throw new TwilioApiError(409, 54301, `Unique name already exists: ${uniqueName}`);
    }
    const doc: SyncDocumentRecord = {
      sid: newSid('ET'),
      uniqueName,
      data: parseData(req.body, false) ?? {},
      revision: 0,
      created: req.now,
      updated: req.now,
      expires: expiryFrom(intParam(req.body, 'Ttl'), req.now, null),
    };
    service.documents.set(doc.sid, doc);
    return withRevision(201, this.renderDocument(service, doc));
  }

  private documentFetch(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, doc] = this.liveDocument(req, p);
    return withRevision(200, this.renderDocument(service, doc));
  }

  private documentUpdate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, doc] = this.liveDocument(req, p);
    checkRevision(req, doc.revision, 54103, 'Document');
    const data = parseData(req.body, false);
    const ttl = intParam(req.body, 'Ttl');
    if (data === undefined && ttl === undefined) throw badRequest("The 'Data' parameter cannot be null", 54101);
    if (data !== undefined) doc.data = data;
    doc.expires = expiryFrom(ttl, req.now, doc.expires);
    doc.revision += 1;
    doc.updated = req.now;
    return withRevision(200, this.renderDocument(service, doc));
  }

  private documentDelete(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, doc] = this.liveDocument(req, p);
    checkRevision(req, doc.revision, 54103, 'Document');
    service.documents.delete(doc.sid);
    return { status: 204 };
  }

  private documentList(req: DoubleRequest, p: PathParams): DoubleResponse {
    const service = this.service(p.ServiceSid!);
    purge(service.documents, req.now);
    const url = `${BASE}/Services/${service.sid}/Documents`;
    return ok(syncPage([...service.documents.values()], req.query, url, 'documents', (d) => this.renderDocument(service, d)));
  }

  private renderDocument(service: SyncServiceRecord, d: SyncDocumentRecord) {
    const url = `${BASE}/Services/${service.sid}/Documents/${d.sid}`;
    return {
      sid: d.sid,
      unique_name: d.uniqueName,
      account_sid: this.accountSid(),
      service_sid: service.sid,
      url,
      links: { permissions: `${url}/Permissions` },
      revision: String(d.revision),
      data: d.data,
      date_expires: d.expires === null ? null : isoDate(d.expires),
      date_created: isoDate(d.created),
      date_updated: isoDate(d.updated),
      created_by: 'system',
    };
  }

  // ---- Maps ----

  private liveMap(req: DoubleRequest, serviceSid: string, mapSid: string): [SyncServiceRecord, SyncMapRecord] {
    const service = this.service(serviceSid);
    const map = findLive(service.maps, mapSid, req.now);
    if (!map) throw new TwilioApiError(404, 54200, `Map ${mapSid} not found`);
    return [service, map];
  }

  private mapCreate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const service = this.service(p.ServiceSid!);
    const uniqueName = param(req.body, 'UniqueName') ?? null;
    if (uniqueName !== null && findLive(service.maps, uniqueName, req.now)?.uniqueName === uniqueName) {
      throw new TwilioApiError(409, 54301, `Unique name already exists: ${uniqueName}`);
    }
    const map: SyncMapRecord = {
      sid: newSid('MP'),
      uniqueName,
      revision: 0,
      created: req.now,
      updated: req.now,
      expires: expiryFrom(collectionTtl(req.body), req.now, null),
      items: new Map(),
    };
    service.maps.set(map.sid, map);
    return created(this.renderMap(service, map));
  }

  private mapFetch(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, map] = this.liveMap(req, p.ServiceSid!, p.Sid!);
    return ok(this.renderMap(service, map));
  }

  private mapUpdate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, map] = this.liveMap(req, p.ServiceSid!, p.Sid!);
    map.expires = expiryFrom(collectionTtl(req.body), req.now, map.expires);
    map.revision += 1;
    map.updated = req.now;
    return ok(this.renderMap(service, map));
  }

  private mapDelete(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, map] = this.liveMap(req, p.ServiceSid!, p.Sid!);
    service.maps.delete(map.sid);
    return { status: 204 };
  }

  private mapList(req: DoubleRequest, p: PathParams): DoubleResponse {
    const service = this.service(p.ServiceSid!);
    purge(service.maps, req.now);
    const url = `${BASE}/Services/${service.sid}/Maps`;
    return ok(syncPage([...service.maps.values()], req.query, url, 'maps', (m) => this.renderMap(service, m)));
  }

  private renderMap(service: SyncServiceRecord, m: SyncMapRecord) {
    const url = `${BASE}/Services/${service.sid}/Maps/${m.sid}`;
    return {
      sid: m.sid,
      unique_name: m.uniqueName,
      account_sid: this.accountSid(),
      service_sid: service.sid,
      url,
      links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
      revision: String(m.revision),
      date_expires: m.expires === null ? null : isoDate(m.expires),
      date_created: isoDate(m.created),
      date_updated: isoDate(m.updated),
      created_by: 'system',
    };
  }

  // ---- Map Items ----

  private liveItem(req: DoubleRequest, p: PathParams): [SyncServiceRecord, SyncMapRecord, SyncMapItemRecord] {
    const [service, map] = this.liveMap(req, p.ServiceSid!, p.MapSid!);
    purge(map.items, req.now);
    const item = map.items.get(p.Key!);
    if (!item) throw new TwilioApiError(404, 54201, `Map Item ${p.Key} not found`);
    return [service, map, item];
  }

  private itemCreate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, map] = this.liveMap(req, p.ServiceSid!, p.MapSid!);
    const key = param(req.body, 'Key');
    if (key === undefined || key.length === 0 || key.length > 256) {
      throw badRequest('The Map Item key must be a string with length 1-256', 54209);
    }
    const data = parseData(req.body, true)!;
    purge(map.items, req.now);
    if (map.items.has(key)) throw new TwilioApiError(409, 54208, `Map Item with key ${key} already exists in the Map`);
    const item: SyncMapItemRecord = {
      key,
      data,
      revision: 0,
      created: req.now,
      updated: req.now,
      expires: expiryFrom(itemTtl(req.body), req.now, null),
    };
    map.items.set(key, item);
    this.touchMap(map, req);
    return withRevision(201, this.renderItem(service, map, item));
  }

  private itemFetch(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, map, item] = this.liveItem(req, p);
    return withRevision(200, this.renderItem(service, map, item));
  }

  private itemUpdate(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, map, item] = this.liveItem(req, p);
    checkRevision(req, item.revision, 54205, 'Map Item');
    const data = parseData(req.body, false);
    if (data !== undefined) item.data = data;
    item.expires = expiryFrom(itemTtl(req.body), req.now, item.expires);
    item.revision += 1;
    item.updated = req.now;
    this.touchMap(map, req);
    return withRevision(200, this.renderItem(service, map, item));
  }

  private itemDelete(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [, map, item] = this.liveItem(req, p);
    checkRevision(req, item.revision, 54205, 'Map Item');
    map.items.delete(item.key);
    map.revision += 1;
    return { status: 204 };
  }

  private itemList(req: DoubleRequest, p: PathParams): DoubleResponse {
    const [service, map] = this.liveMap(req, p.ServiceSid!, p.MapSid!);
    purge(map.items, req.now);
    const order = param(req.query, 'Order') ?? 'asc';
    const from = param(req.query, 'From');
    const exclusive = param(req.query, 'Bounds') === 'exclusive';
    let items = [...map.items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (order === 'desc') items.reverse();
    if (from !== undefined) {
      const after = (key: string) => (order === 'desc' ? key < from : key > from);
      items = items.filter((item) => after(item.key) || (!exclusive && item.key === from));
    }
    const url = `${BASE}/Services/${service.sid}/Maps/${map.sid}/Items`;
    return ok(syncPage(items, req.query, url, 'items', (item) => this.renderItem(service, map, item)));
  }

  private touchMap(map: SyncMapRecord, req: DoubleRequest): void {
    map.revision += 1;
    map.updated = req.now;
    const collection = intParam(req.body, 'CollectionTtl');
    if (collection !== undefined) map.expires = expiryFrom(collection, req.now, map.expires);
  }

  private renderItem(service: SyncServiceRecord, map: SyncMapRecord, item: SyncMapItemRecord) {
    return {
      key: item.key,
      account_sid: this.accountSid(),
      service_sid: service.sid,
      map_sid: map.sid,
      url: `${BASE}/Services/${service.sid}/Maps/${map.sid}/Items/${encodeURIComponent(item.key)}`,
      revision: String(item.revision),
      data: item.data,
      date_expires: item.expires === null ? null : isoDate(item.expires),
      date_created: isoDate(item.created),
      date_updated: isoDate(item.updated),
      created_by: 'system',
    };
  }
}

/** Map create/update: CollectionTtl, else its alias Ttl. */
const collectionTtl = (body: Params): number | undefined => intParam(body, 'CollectionTtl') ?? intParam(body, 'Ttl');
/** Map Item create/update: ItemTtl, else its alias Ttl. */
const itemTtl = (body: Params): number | undefined => intParam(body, 'ItemTtl') ?? intParam(body, 'Ttl');

function checkRevision(req: DoubleRequest, revision: number, code: number, what: string): void {
  const expected = req.headers['if-match'];
  if (expected === undefined) return;
  if (String(expected) !== String(revision)) {
    throw new TwilioApiError(
      412,
      code,
      `The actual revision of the ${what} (${revision}) does not match the expected revision (${expected})`,
    );
  }
}

const ok = (body: unknown): DoubleResponse => ({ status: 200, body });
const created = (body: unknown): DoubleResponse => ({ status: 201, body });
const withRevision = (status: number, body: { revision: string }): DoubleResponse => ({
  status,
  body,
  headers: { ETag: body.revision },
});
