// The call flow's one way to send a call event: emitCallEvent with this request's state store, log and
// placement (deployed: https endpoints only). Never throws; waits at most EMIT_DEADLINE_MS (src/events), and
// never past what is left of the step's time budget (a caller may be waiting), though it always gives the
// deliveries MIN_EMIT_WAIT_MS.
import { currentBudget } from '../budget/budget';
import type { WebhookEndpoint } from '../config/types';
import { EMIT_DEADLINE_MS, emitCallEvent, type EmitReport } from '../events/emit';
import type { CallEvent } from '../events/types';
import type { WebhookRequest } from '../runtime/request';

/** The least an event is waited for, even by a step that has spent its budget (still well inside Twilio's 3 s promise). */
export const MIN_EMIT_WAIT_MS = 250;

export function emitRequestEvent(
  request: Pick<WebhookRequest, 'services' | 'log' | 'placement'>,
  workspace: { id: string; webhooks?: readonly WebhookEndpoint[] },
  event: CallEvent,
): Promise<EmitReport> {
  const budget = currentBudget();
  const deadlineMs = budget ? Math.max(MIN_EMIT_WAIT_MS, budget.deadlineMs(EMIT_DEADLINE_MS)) : EMIT_DEADLINE_MS;
  return emitCallEvent(
    { state: request.services.state, log: request.log, deployed: request.placement.deployed, deadlineMs },
    workspace,
    event,
  );
}
