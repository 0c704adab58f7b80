// `redeliver`: sends the recorded failed deliveries again, each to the endpoint it failed at, with the same
// webhook-id and body and a fresh timestamp and signature (made with the secret configured now). Delivered:
// the record goes. Failed again: the record keeps its first failure and counts the attempt. An endpoint no
// longer configured, or no longer taking that type of event, drops its records (said in the report).
// The command (`npm run calls -- redeliver`) comes with the call history; this is the operation it runs.
import type { WebhookEndpoint } from '../config/types';
import type { StateStore } from '../state/store';
import { deliver, type FetchLike } from './deliver';
import { FailedDeliveries, type FailedDelivery } from './failures';

/** Out of a call, a receiver may take its time. */
export const REDELIVERY_TIMEOUT_MS = 10_000;

export interface RedeliverDeps {
  state: StateStore;
  deployed: boolean;
  fetch?: FetchLike;
  clock?: () => Date;
  timeoutMs?: number;
}

export interface RedeliverOptions {
  /** Only this workspace (default: every workspace given). */
  workspace?: string;
  /** Only this event (its webhook-id). */
  eventId?: string;
}

export type RedeliveryOutcome =
  | { status: 'delivered'; httpStatus: number }
  | { status: 'failed'; detail: string; attempts: number }
  | { status: 'dropped'; detail: string };

export interface RedeliveryReport {
  workspace: string;
  eventId: string;
  type: FailedDelivery['type'];
  url: string;
  outcome: RedeliveryOutcome;
}

export async function redeliverFailed(
  deps: RedeliverDeps,
  workspaces: readonly { id: string; webhooks: readonly WebhookEndpoint[] }[],
  options: RedeliverOptions = {},
): Promise<RedeliveryReport[]> {
  const failures = new FailedDeliveries(deps.state);
  const clock = deps.clock ?? (() => new Date());
  const reports: RedeliveryReport[] = [];
  for (const workspace of workspaces) {
    if (options.workspace && workspace.id !== options.workspace) continue;
    for (const failure of await failures.list(workspace.id)) {
      if (options.eventId && failure.eventId !== options.eventId) continue;
      const report = (outcome: RedeliveryOutcome) =>
        reports.push({ workspace: workspace.id, eventId: failure.eventId, type: failure.type, url: failure.url, outcome });
      const endpoint = workspace.webhooks.find((candidate) => candidate.url === failure.url);
      if (!endpoint?.events.includes(failure.type)) {
        await failures.remove(failure);
        report({
          status: 'dropped',
          detail: endpoint
            ? `${failure.url} no longer takes ${failure.type} events`
            : `${failure.url} is no longer one of workspace ${workspace.id}'s webhooks`,
        });
        continue;
      }
      const result = await deliver(
        { url: endpoint.url, secret: endpoint.secret, id: failure.eventId, body: failure.body },
        { fetch: deps.fetch ?? fetch, timeoutMs: deps.timeoutMs ?? REDELIVERY_TIMEOUT_MS, deployed: deps.deployed, clock },
      );
      if (result.ok) {
        await failures.remove(failure);
        report({ status: 'delivered', httpStatus: result.status });
      } else {
        const updated = await failures.record(
          {
            ...failure,
            lastAttemptAt: clock().toISOString(),
            lastError: { kind: result.kind, status: result.status ?? null, detail: result.detail },
          },
          failure,
        );
        report({ status: 'failed', detail: result.detail, attempts: updated.attempts });
      }
    }
  }
  return reports;
}
