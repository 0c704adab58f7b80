// Which Sync object each request at the API double counted against, by name, and how widely that object is
// shared: by the whole deployment, by one workspace, by one number, or by one shard of a workspace's runtime
// state. The scope is read from the name against the workspace ids of the pushed bundle (never guessed from
// its shape alone): `<kind>_<workspace>_<k>` is a shard, a name that carries a workspace id is the workspace's,
// `number_<digits>` a number's, anything else (`calls`, `caller-rate`, `deployment`, the service's creates) is
// deployment-wide. Also the per-object request rates of a run: the peak per second and per burst window.
import type { RecordedRequest, TwilioApiDouble } from '../twilio-api/index';

export type ObjectScope = 'deployment' | 'workspace' | 'number' | 'shard';
export type AccessKind = 'read' | 'write';

export interface ObjectClass {
  scope: ObjectScope;
  /** The workspace the object belongs to (`-` for the shards of calls without one); null when deployment-wide or per number. */
  workspace: string | null;
  /** The name with the workspace, number and shard taken out: `calls_<ws>_<k>`, `contacts_<ws>`, `number_<n>`, `calls`. */
  pattern: string;
}

/** The name the double gives the service's own object, which every create of a Document or Map counts against. */
export const SERVICE_CREATES = '(service: creates)';
/** The service's lists of Documents or Maps. */
export const SERVICE_LISTS = '(service: lists)';

const SHARD = /^([a-z][a-z0-9-]*)_(.+)_(\d+)$/;
const NUMBER = /^number_\d+$/;

/** Classifies a Sync object's unique name, given the workspace ids the deployment holds. */
export function classifyObject(name: string, workspaceIds: ReadonlySet<string>): ObjectClass {
  if (NUMBER.test(name)) return { scope: 'number', workspace: null, pattern: 'number_<n>' };
  const shard = SHARD.exec(name);
  if (shard && (workspaceIds.has(shard[2]!) || shard[2] === '-'))
    return { scope: 'shard', workspace: shard[2]!, pattern: `${shard[1]}_<ws>_<k>` };
  // The longest workspace id the name carries as a whole part (between `_` or `-` separators): `contacts_ws1`, `message-status-ws1`.
  let found: { id: string; part: RegExp } | null = null;
  for (const id of workspaceIds) {
    const part = new RegExp(`(^|[_-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[_-])`);
    if (part.test(name) && (found === null || id.length > found.id.length)) found = { id, part };
  }
  if (found !== null) return { scope: 'workspace', workspace: found.id, pattern: name.replace(found.part, '$1<ws>') };
  return { scope: 'deployment', workspace: null, pattern: name };
}

/** One Sync request as the rate limits counted it: when, on which object (by name), read or write, refused or not. */
export interface SyncAccess {
  at: number;
  object: string;
  kind: AccessKind;
  rateLimited: boolean;
}

/** Names the objects the double's rate limits count against (`IS…/Maps/MP…`) by their unique names. */
export function objectNamer(double: Pick<TwilioApiDouble, 'sync'>): (syncObject: string) => string {
  const names = new Map<string, string>();
  for (const service of double.sync.services.values()) {
    for (const document of service.documents.values())
      names.set(`${service.sid}/Documents/${document.sid}`, document.uniqueName ?? document.sid);
    for (const map of service.maps.values()) names.set(`${service.sid}/Maps/${map.sid}`, map.uniqueName ?? map.sid);
  }
  return (syncObject) => {
    const known = names.get(syncObject);
    if (known) return known;
    const [, collection, sidOrName] = syncObject.split('/');
    if (collection === 'create') return SERVICE_CREATES;
    if (sidOrName === undefined) return SERVICE_LISTS;
    return decodeURIComponent(sidOrName); // asked for by a name that did not exist (yet)
  };
}

/** Every Sync request the double recorded (from the `since`-th on), with its object's unique name. */
export function syncAccesses(double: Pick<TwilioApiDouble, 'requests' | 'sync'>, since = 0): SyncAccess[] {
  const nameOf = objectNamer(double);
  return double
    .requests({ product: 'sync' })
    .slice(since)
    .filter((request): request is RecordedRequest & { syncObject: string } => request.syncObject !== undefined)
    .map((request) => ({
      at: request.at,
      object: nameOf(request.syncObject),
      kind: request.method === 'GET' ? 'read' : 'write',
      rateLimited: request.rateLimited === true,
    }));
}

export interface ObjectRate {
  object: string;
  kind: AccessKind;
  requests: number;
  /** Refused with 429 / 54009. */
  refused: number;
  /** The most requests within any one second. */
  peakPerSecond: number;
  /** The most requests within any burst window (Sync allows 20 per second over it: 200 in 10 s). */
  peakPerWindow: number;
}

/** The most timestamps (sorted) within any span of `spanMs` (end exclusive), by a sliding window. */
export function peakWithin(sortedTimes: readonly number[], spanMs: number): number {
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sortedTimes.length; last += 1) {
    while (sortedTimes[last]! - sortedTimes[first]! >= spanMs) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/** Per object and kind: requests, refusals, peak per second and per burst window; busiest first. */
export function objectRates(accesses: readonly SyncAccess[], burstWindowMs = 10_000): ObjectRate[] {
  const byObject = new Map<string, { object: string; kind: AccessKind; times: number[]; refused: number }>();
  for (const access of accesses) {
    const key = `${access.kind} ${access.object}`;
    const entry = byObject.get(key) ?? { object: access.object, kind: access.kind, times: [], refused: 0 };
    entry.times.push(access.at);
    if (access.rateLimited) entry.refused += 1;
    byObject.set(key, entry);
  }
  return [...byObject.values()]
    .map(({ object, kind, times, refused }) => {
      const sorted = [...times].sort((a, b) => a - b);
      return {
        object,
        kind,
        requests: times.length,
        refused,
        peakPerSecond: peakWithin(sorted, 1000),
        peakPerWindow: peakWithin(sorted, burstWindowMs),
      };
    })
    .sort((a, b) => b.peakPerWindow - a.peakPerWindow || b.peakPerSecond - a.peakPerSecond || a.object.localeCompare(b.object));
}
