// What a run left behind, read from the API double's state rather than through our code: every live map item of
// every map, by key (so a call's entries are found whichever map holds them: one deployment-wide `calls` map or
// one of many shards), and the texts sent. Compared with what each planned call is owed.
import type { TwilioApiDouble } from '../twilio-api/index';
import type { PlannedCall } from './plan';

export interface StoredItem {
  map: string;
  data: Record<string, unknown>;
}

/** Every live item of every Sync map of every service at the double's current time, by key (a key may be in several maps). */
export function itemsByKey(double: Pick<TwilioApiDouble, 'sync' | 'clock'>): Map<string, StoredItem[]> {
  const items = new Map<string, StoredItem[]>();
  const now = double.clock.now();
  for (const service of double.sync.services.values()) {
    for (const map of service.maps.values()) {
      for (const item of double.sync.mapItems(service.sid, map.sid, now) ?? []) {
        const list = items.get(item.key) ?? [];
        list.push({ map: map.uniqueName ?? map.sid, data: item.data });
        items.set(item.key, list);
      }
    }
  }
  return items;
}

export interface MissingEntry {
  callSid: string;
  key: string;
}

/** The entries (keys) each call is owed that no map holds. */
export function missingEntries(
  calls: readonly PlannedCall[],
  owed: (call: PlannedCall) => string[],
  items: ReadonlyMap<string, unknown>,
): MissingEntry[] {
  return calls.flatMap((call) =>
    owed(call)
      .filter((key) => !items.has(key))
      .map((key) => ({ callSid: call.callSid, key })),
  );
}

export interface TextAudit {
  /** Missed calls whose caller did not get exactly one text from the number they called. */
  lost: { callSid: string; texts: number }[];
  /** Answered calls whose caller got a text anyway. */
  unwanted: { callSid: string; texts: number }[];
}

/** Every missed call's caller got exactly one text, from the line they called; no answered call's caller got one. */
export function auditTexts(calls: readonly PlannedCall[], messages: readonly { to: string | null; from: string | null }[]): TextAudit {
  const sent = new Map<string, { from: string | null }[]>();
  for (const message of messages) if (message.to) sent.set(message.to, [...(sent.get(message.to) ?? []), message]);
  const audit: TextAudit = { lost: [], unwanted: [] };
  for (const call of calls) {
    const texts = sent.get(call.from) ?? [];
    if (call.outcome === 'missed' && (texts.length !== 1 || texts[0]!.from !== call.to))
      audit.lost.push({ callSid: call.callSid, texts: texts.length });
    if (call.outcome !== 'missed' && texts.length > 0) audit.unwanted.push({ callSid: call.callSid, texts: texts.length });
  }
  return audit;
}
