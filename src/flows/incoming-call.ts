// incoming-call: the Voice URL of every routed number. Decides the route and answers with its TwiML.
import { decide } from '../routing';
import type { Decision } from '../routing/types';
import type { WebhookRequest } from '../runtime/webhook';
import { decisionToTwiml } from '../twiml/voice';
import { FLOW_URLS } from './urls';

export function summarizeDecision(decision: Decision): string {
  const applied = decision.trace.find((entry) => entry.applied);
  const legs = decision.targets.map((target) => (target.kind === 'number' ? target.number : target.identity));
  return `${decision.action} by rule ${decision.rule}${legs.length ? ` -> ${legs.join(', ')}` : ''}${applied ? ` (${applied.reason})` : ''}`;
}

export async function incomingCall({ params, now, log, configuration }: WebhookRequest): Promise<string> {
  const decision = decide({ to: params.To ?? '', from: params.From ?? '' }, await configuration(), now);
  log.info(`${params.From ?? '(no From)'} -> ${params.To ?? '(no To)'}: ${summarizeDecision(decision)}`);
  for (const drop of decision.dropped) log.warn(`dropped leg (${drop.reason}): ${drop.detail}`);
  return decisionToTwiml(decision, FLOW_URLS);
}
