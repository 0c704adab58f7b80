// The call flow's one way to send a call event: emitCallEvent with this request's state store, log and
// placement (deployed: https endpoints only). Never throws; waits at most EMIT_DEADLINE_MS (src/events).
import type { WebhookEndpoint } from '../config/types';
import { emitCallEvent, type CallEvent, type EmitReport } from '../events';
import type { WebhookRequest } from '../runtime/request';

export function emitRequestEvent(
  request: Pick<WebhookRequest, 'services' | 'log' | 'placement'>,
  workspace: { id: string; webhooks?: readonly WebhookEndpoint[] },
  event: CallEvent,
): Promise<EmitReport> {
  return emitCallEvent({ state: request.services.state, log: request.log, deployed: request.placement.deployed }, workspace, event);
}
