// Delivery reports of the texts we send (Twilio's StatusCallback, recorded by the message-status function): one
// item per message, in the message's shard of its workspace's `msgstatus` maps (src/state/shards.ts), holding its latest status, Twilio's
// error code when it failed, and each status seen. Reports can arrive out of order (Twilio posts `sent` and
// `delivered` separately), so a later report never replaces a final status with an earlier one.
import type { StateShards } from '../state/shards';
import type { JsonObject, StateStore } from '../state/store';

export const DELIVERY_REPORT_TTL_DAYS = 14;
const TTL_SECONDS = DELIVERY_REPORT_TTL_DAYS * 24 * 60 * 60;

/** Twilio's message statuses, by how far along they are; the final ones share the last rank. */
const RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  canceled: 3,
  read: 4,
};

/** One delivery report as Twilio posts it, with the workspace and call the StatusCallback URL named. */
export interface StatusUpdate {
  messageSid: string;
  workspace: string;
  status: string;
  errorCode: number | null;
  to: string | null;
  from: string | null;
  callSid: string | null;
  messagingServiceSid: string | null;
  at: string;
}

/** What is kept per message: its latest (furthest) status and every status seen. */
export interface DeliveryReport extends Omit<StatusUpdate, 'at'> {
  updatedAt: string;
  history: { status: string; at: string; errorCode: number | null }[];
}

export class DeliveryReports {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
  ) {}

  /** The map holding this message's report. */
  mapOf(workspace: string, messageSid: string): string {
    return this.shards.mapFor('msgstatus', workspace, messageSid);
  }

  /** Records one report; returns what is kept (the earlier final status when this report is a late, earlier one). */
  async record(update: StatusUpdate): Promise<DeliveryReport> {
    const map = this.mapOf(update.workspace, update.messageSid);
    const before = (await this.store.get(map, update.messageSid)) as DeliveryReport | null;
    const history = [...(before?.history ?? []), { status: update.status, at: update.at, errorCode: update.errorCode }].slice(-10);
    const newer = !before || (RANK[update.status] ?? 0) >= (RANK[before.status] ?? 0);
    const report: DeliveryReport = {
      messageSid: update.messageSid,
      workspace: update.workspace,
      status: newer ? update.status : before.status,
      errorCode: newer ? update.errorCode : before.errorCode,
      to: update.to ?? before?.to ?? null,
      from: update.from ?? before?.from ?? null,
      callSid: update.callSid ?? before?.callSid ?? null,
      messagingServiceSid: update.messagingServiceSid ?? before?.messagingServiceSid ?? null,
      updatedAt: newer ? update.at : before.updatedAt,
      history,
    };
    // Known to exist when it was read: one update (put would first try a create, refused).
    if (before) await this.store.update(map, update.messageSid, report as unknown as JsonObject, TTL_SECONDS);
    else await this.store.put(map, update.messageSid, report as unknown as JsonObject, TTL_SECONDS);
    return report;
  }

  async get(workspace: string, messageSid: string): Promise<DeliveryReport | null> {
    return (await this.store.get(this.mapOf(workspace, messageSid), messageSid)) as DeliveryReport | null;
  }
}
