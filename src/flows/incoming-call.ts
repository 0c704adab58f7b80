// incoming-call: the Voice URL of every routed number. Decides the route, records it in the call log,
// hands a call that rings nobody to the missed-call seam, and answers with the route's TwiML.
import { decide } from '../routing';
import type { Decision } from '../routing/types';
import type { RouteEntry } from '../calls/call-log';
import type { WebhookRequest } from '../runtime/webhook';
import { decisionToTwiml } from '../twiml/voice';
import { handMissedCall } from './missed-call';
import { flowUrlsFor } from './urls';

export function legLabel(target: Decision['targets'][number]): string {
  return target.kind === 'client' ? `client:${target.identity}` : `number:${target.number}`;
}

export function summarizeDecision(decision: Decision): string {
  const applied = decision.trace.find((entry) => entry.applied);
  const legs = decision.targets.map(legLabel);
  return `${decision.action} by rule ${decision.rule}${legs.length ? ` -> ${legs.join(', ')}` : ''}${applied ? ` (${applied.reason})` : ''}`;
}

export async function incomingCall(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog } = request;
  const call = { to: params.To ?? '', from: params.From ?? '' };
  const decision = decide(call, await request.configuration(), now);
  log.info(`${call.from || '(no From)'} -> ${call.to || '(no To)'}: ${summarizeDecision(decision)}`);
  for (const drop of decision.dropped) log.warn(`dropped leg (${drop.reason}): ${drop.detail}`);

  const route: RouteEntry = {
    at: now.toISOString(),
    to: decision.to,
    from: decision.from,
    workspace: decision.workspace,
    rule: decision.rule,
    action: decision.action,
    legs: decision.targets.map(legLabel),
    callerId: decision.callerId,
    reason: decision.trace.find((entry) => entry.applied)?.reason ?? '',
  };
  await callLog.write(params.CallSid, 'route', route);
  if (decision.action === 'voicemail' || decision.action === 'hangup') {
    const reason = decision.action === 'hangup' ? 'nothing to ring' : `straight to voicemail (${decision.rule})`;
    await handMissedCall(request, { callSid: params.CallSid, ...call, workspace: decision.workspace, reason });
  }
  return decisionToTwiml(decision, flowUrlsFor(call));
}
