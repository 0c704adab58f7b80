// The one seam where a missed call leaves the voice flow: the missed-call text. Whichever step found the
// call missed (incoming-call with nothing to ring or straight to voicemail, dial-complete after an
// unanswered dial, sms-textback retrying one) hands it here; what text-back did goes into the call log,
// written by whoever decided it (see textback.ts), so a real outcome is never replaced by "already sent".
// Never breaks the call.
import type { WebhookRequest } from '../runtime/request';
import { isCallSid, type CallLog } from '../calls/call-log';
import type { StepLog } from '../log/step-log';
import type { RoutingConfiguration } from '../routing/lookup';
import { indexBundle } from '../routing/lookup';
import { messagingServiceFor } from '../textback/sender';
import { textBackMissedCall, type RecordOutcome, type TextBackOutcome } from '../textback/textback';
import { emitForCall } from './call-notices';

export interface MissedCall {
  callSid: string | undefined;
  /** The called number and the caller, as Twilio gave them. */
  to: string;
  from: string;
  workspace: string | null;
  /** Why it counts as missed: "no answer", "busy", "whisper not accepted", "nothing to ring", ... */
  reason: string;
}

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

/** `configuration` is what the step already loaded for this call: text-back reads nothing again. */
export async function handMissedCall(
  request: WebhookRequest,
  missed: MissedCall,
  configuration: RoutingConfiguration,
): Promise<TextBackOutcome | null> {
  const { log, callLog, services, now } = request;
  log.info(`missed call from ${missed.from || '(no caller ID)'} to ${missed.to}: ${missed.reason}`);
  if (!isCallSid(missed.callSid)) {
    log.warn('text-back: no valid CallSid, so a text could not be kept to once per call; not texting');
    return null;
  }
  const record = recordTextBack(callLog, missed.callSid, log);
  try {
    const outcome = await textBackMissedCall(
      { state: services.state, shards: services.shards, messenger: services.messenger, log, now, record },
      { callSid: missed.callSid, to: missed.to, from: missed.from, legacyState: callLog.place === 'legacy' },
      configuration,
    );
    await emitTextbackSent(request, missed.callSid, outcome, configuration);
    return outcome;
  } catch (error) {
    log.error('text-back failed; the call goes on', error);
    const outcome: TextBackOutcome = {
      status: 'failed',
      reason: 'error',
      detail: (error as Error).message,
      to: missed.from,
      from: missed.to,
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
  const found = indexBundle(configuration).numbers.get(outcome.from);
  if (!found) return;
  const workspace = found.workspace.workspace;
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
