// The one entry point the call flow uses: emitCallEvent sends an event to every webhook of the workspace that
// subscribes to its type, signed, all at once, and waits at most EMIT_DEADLINE_MS in all, so a caller is never
// held up by a slow receiver. A failed delivery is recorded (FailedDeliveries) for `redeliver`. It never
// throws: whatever goes wrong is in the report and the log.
import type { WebhookEndpoint } from '../config/types';
import type { StepLog } from '../log/step-log';
import type { StateStore } from '../state/store';
import { deliver, type DeliveryFailureKind, type FetchLike } from './deliver';
import { FailedDeliveries } from './failures';
import { eventId } from './sign';
import { subjectOf, type CallEvent, type CallEventBody } from './types';

/**
 * One attempt's deadline inside a call. Twilio gives a webhook 15 s and the call flow promises every step
 * answers within 3 s (its own Sync work has separate deadlines): 1 s is ample for a receiver that
 * acknowledges and queues, as Standard Webhooks asks receivers to do; `redeliver` allows a slower one 10 s.
 */
export const DELIVERY_TIMEOUT_MS = 1000;
/** The most emitCallEvent waits, deliveries (in parallel) and recording their failures included. */
export const EMIT_DEADLINE_MS = 1500;

export interface EventDeps {
  state: StateStore;
  log: StepLog;
  /** Where the function runs (src/runtime/placement): deployed, only https endpoints. */
  deployed: boolean;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** The clock deliveries are signed with (real time, whatever time a simulated call says). Default: now. */
  clock?: () => Date;
  timeoutMs?: number;
  deadlineMs?: number;
}

export type DeliveryReport =
  | { url: string; status: 'delivered'; httpStatus: number; ms: number }
  | { url: string; status: 'failed'; kind: DeliveryFailureKind; httpStatus: number | null; detail: string; ms: number; recorded: boolean };

export interface EmitReport {
  eventId: string;
  type: CallEvent['type'];
  workspace: string;
  deliveries: DeliveryReport[];
  /** True when the deadline passed before every delivery (and failure record) finished. */
  cutAtDeadline: boolean;
}

/** The JSON body of an event, exactly as sent (and as stored for redelivery). */
export function eventBody(event: CallEvent): string {
  const body: CallEventBody = { type: event.type, timestamp: event.at.toISOString(), data: event.data };
  return JSON.stringify(body);
}

/** The workspace's endpoints that take this type of event. */
export function subscribers(webhooks: readonly WebhookEndpoint[], type: CallEvent['type']): WebhookEndpoint[] {
  return webhooks.filter((webhook) => webhook.events.includes(type));
}

const sleep = (ms: number) =>
  new Promise<'deadline'>((resolve) => {
    const timer = setTimeout(() => resolve('deadline'), Math.max(0, ms));
    timer.unref?.();
  });

export async function emitCallEvent(
  deps: EventDeps,
  workspace: { id: string; webhooks?: readonly WebhookEndpoint[] },
  event: CallEvent,
): Promise<EmitReport> {
  const report: EmitReport = { eventId: '', type: event.type, workspace: workspace.id, deliveries: [], cutAtDeadline: false };
  try {
    const endpoints = subscribers(workspace.webhooks ?? [], event.type);
    report.eventId = eventId(workspace.id, event.type, subjectOf(event));
    if (endpoints.length === 0) return report;
    const body = eventBody(event);
    const clock = deps.clock ?? (() => new Date());
    const failures = new FailedDeliveries(deps.state);
    const deliverOne = async (endpoint: WebhookEndpoint): Promise<DeliveryReport> => {
      const result = await deliver(
        { url: endpoint.url, secret: endpoint.secret, id: report.eventId, body },
        { fetch: deps.fetch ?? fetch, timeoutMs: deps.timeoutMs ?? DELIVERY_TIMEOUT_MS, deployed: deps.deployed, clock },
      );
      if (result.ok) {
        const delivered: DeliveryReport = { url: endpoint.url, status: 'delivered', httpStatus: result.status, ms: result.ms };
        report.deliveries.push(delivered);
        deps.log.info(`event ${event.type} ${report.eventId} delivered to ${endpoint.url} (HTTP ${result.status}, ${result.ms} ms)`);
        return delivered;
      }
      const failed: DeliveryReport = {
        url: endpoint.url,
        status: 'failed',
        kind: result.kind,
        httpStatus: result.status ?? null,
        detail: result.detail,
        ms: result.ms,
        recorded: false,
      };
      report.deliveries.push(failed);
      deps.log.warn(`event ${event.type} ${report.eventId} not delivered to ${endpoint.url}: ${result.detail}`);
      try {
        await failures.record(
          {
            workspace: workspace.id,
            eventId: report.eventId,
            type: event.type,
            url: endpoint.url,
            body,
            lastAttemptAt: clock().toISOString(),
            lastError: { kind: result.kind, status: result.status ?? null, detail: result.detail },
          },
          null,
        );
        failed.recorded = true;
      } catch (error) {
        deps.log.error(
          `event ${event.type} ${report.eventId}: could not record the failed delivery to ${endpoint.url}, so it cannot be redelivered`,
          error,
        );
      }
      return failed;
    };
    const all = Promise.all(endpoints.map(deliverOne));
    if ((await Promise.race([all, sleep(deps.deadlineMs ?? EMIT_DEADLINE_MS)])) === 'deadline') {
      report.cutAtDeadline = true;
      deps.log.warn(
        `event ${event.type} ${report.eventId}: stopped waiting after ${deps.deadlineMs ?? EMIT_DEADLINE_MS} ms; ${report.deliveries.length} of ${endpoints.length} deliveries had finished`,
      );
    }
  } catch (error) {
    deps.log.error(`event ${event.type} could not be sent`, error);
  }
  // A copy: deliveries still finishing after the deadline do not change what was reported.
  return { ...report, deliveries: [...report.deliveries] };
}
