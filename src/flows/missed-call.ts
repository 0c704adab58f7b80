// The one seam where a missed call leaves the voice flow: the missed-call text. Whichever step found the
// call missed (incoming-call with nothing to ring or straight to voicemail, dial-complete after an
// unanswered dial, sms-textback retrying one) hands it here; what text-back did goes into the call log,
// written by whoever decided it (see textback.ts), so a real outcome is never replaced by "already sent".
// Never breaks the call.
import type { WebhookRequest } from '../runtime/request';
import { isCallSid, type CallLog } from '../calls/call-log';
import type { StepLog } from '../log/step-log';
import { routedNumber } from '../calls/call-context';
import type { RoutingConfiguration } from '../routing/lookup';
import { messagingServiceFor } from '../textback/sender';
import { textBackMissedCall, type RecordOutcome, type TextBackOutcome } from '../textback/textback';
import { emitForCall } from './call-notices';

/** Writes a text-back outcome to the call log: replacing, or only where nothing is recorded yet. */
export function recordTextBack(callLog: CallLog, callSid: string, log: StepLog): RecordOutcome {
  return async (outcome, replace) => {
    const said =
      outcome.status === 'skipped' || outcome.status === 'failed'
        ? `${outcome.status} (${outcome.reason}: ${outcome.detail})`
        : `${outcome.status}${outcome.messageSid ? ` ${outcome.messageSid}` : ''}`;
    log.info(`text-back to ${outcome.to}: ${said}`);
    if (replace) await callLog.write(callSid, 'textback', outcome);
    else await callLog.writeFirst(callSid, 'textback', outcome);
  };
}

/**
 * This request's call, found missed for `reason` ("no answer", "busy", "nothing to ring", ...): its text-back, once.
 * `screened`: the decision said the caller is never texted (decision.textBack false, spam protection): nothing is
 * sent, and the call log says why.
 */
export async function handMissedCall(request: WebhookRequest, reason: string, screened?: { why: string }): Promise<TextBackOutcome | null> {
  const { log, callLog, services, now, call } = request;
  const callSid = request.params.CallSid;
  log.info(`missed call from ${call.from || '(no caller ID)'} to ${call.to}: ${reason}`);
  if (!isCallSid(callSid)) {
    log.warn('text-back: no valid CallSid, so a text could not be kept to once per call; not texting');
    return null;
  }
  const record = recordTextBack(callLog, callSid, log);
  if (screened) {
    const outcome: TextBackOutcome = { status: 'skipped', reason: 'screened', detail: screened.why, to: call.from, from: call.to };
    await record(outcome, false);
    return outcome;
  }
  try {
    // What the step already loaded for this call: text-back reads nothing again.
    const configuration = await call.configuration();
    const outcome = await textBackMissedCall(
      { state: services.state, shards: services.shards, messenger: services.messenger, log, now, record },
      { callSid, to: call.to, from: call.from },
      configuration,
    );
    await emitTextbackSent(request, callSid, outcome, configuration);
    return outcome;
  } catch (error) {
    log.error('text-back failed; the call goes on', error);
    const outcome: TextBackOutcome = {
      status: 'failed',
      reason: 'error',
      detail: (error as Error).message,
      to: call.from,
      from: call.to,
    };
    await record(outcome, false);
    return outcome;
  }
}

/** textback.sent, when a text went out (or, locally, to the outbox) for this call. */
async function emitTextbackSent(
  request: WebhookRequest,
  callSid: string,
  outcome: TextBackOutcome,
  configuration: RoutingConfiguration,
): Promise<void> {
  if (outcome.status !== 'sent' && outcome.status !== 'outbox') return;
  const found = routedNumber(configuration, outcome.from);
  if (!found) return;
  const { workspace } = found;
  await emitForCall(request, workspace, {
    type: 'textback.sent',
    at: request.now,
    data: {
      callSid,
      workspace: workspace.id,
      to: outcome.to,
      from: outcome.from,
      body: outcome.body ?? '',
      status: outcome.status,
      messageSid: outcome.messageSid ?? null,
      messagingServiceSid: messagingServiceFor(workspace, found.number),
    },
  });
}
