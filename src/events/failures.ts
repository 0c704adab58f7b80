// Failed deliveries, kept in the state store so they can be sent again (`redeliver`): one Map per workspace
// (`webhook-failures-<workspace>`, so one busy workspace's failures never share a Sync object with another's),
// one item per event and endpoint. An item holds what is needed to send the same event again (the endpoint's
// URL and the exact body, never the secret: a redelivery signs with the secret configured then) and what
// failed and why. Items expire after FAILED_DELIVERY_TTL_DAYS.
import { createHash } from 'node:crypto';
import type { CallEventType } from '../config/constants';
import type { JsonObject, StateStore } from '../state/store';
import type { DeliveryFailureKind } from './deliver';

export const FAILED_DELIVERY_TTL_DAYS = 7;
const TTL_SECONDS = FAILED_DELIVERY_TTL_DAYS * 24 * 60 * 60;

export const failedDeliveriesMap = (workspace: string): string => `webhook-failures-${workspace}`;

export interface FailedDelivery {
  workspace: string;
  eventId: string;
  type: CallEventType;
  url: string;
  /** The JSON body as first sent: a redelivery sends these exact bytes. */
  body: string;
  attempts: number;
  firstFailedAt: string;
  lastAttemptAt: string;
  lastError: { kind: DeliveryFailureKind; status: number | null; detail: string };
}

/** One endpoint's short name in item keys (the URL may be long; keys are at most 256 characters). */
export function endpointKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

const itemKey = (failure: Pick<FailedDelivery, 'eventId' | 'url'>) => `${failure.eventId}.${endpointKey(failure.url)}`;

export class FailedDeliveries {
  constructor(private readonly store: StateStore) {}

  /** Records a failed attempt: a new item, or the same item with one attempt more (first failure kept). */
  async record(failure: Omit<FailedDelivery, 'attempts' | 'firstFailedAt'>, previous?: FailedDelivery | null): Promise<FailedDelivery> {
    const before = previous === undefined ? await this.get(failure.workspace, failure) : previous;
    const item: FailedDelivery = {
      ...failure,
      attempts: (before?.attempts ?? 0) + 1,
      firstFailedAt: before?.firstFailedAt ?? failure.lastAttemptAt,
    };
    await this.store.put(failedDeliveriesMap(failure.workspace), itemKey(failure), item as unknown as JsonObject, TTL_SECONDS);
    return item;
  }

  async get(workspace: string, failure: Pick<FailedDelivery, 'eventId' | 'url'>): Promise<FailedDelivery | null> {
    return (await this.store.get(failedDeliveriesMap(workspace), itemKey(failure))) as FailedDelivery | null;
  }

  /** The workspace's failed deliveries, oldest first. */
  async list(workspace: string): Promise<FailedDelivery[]> {
    const items = await this.store.list(failedDeliveriesMap(workspace));
    return items.map((item) => item.data as unknown as FailedDelivery).sort((a, b) => a.firstFailedAt.localeCompare(b.firstFailedAt));
  }

  async remove(failure: Pick<FailedDelivery, 'workspace' | 'eventId' | 'url'>): Promise<void> {
    await this.store.remove(failedDeliveriesMap(failure.workspace), itemKey(failure));
  }
}
