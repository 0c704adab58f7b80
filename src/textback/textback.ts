// Missed-call text-back: every missed caller gets one text, by name, from the number they called, and
// never the wrong person. Exactly one per call (a create keyed by the CallSid: a retried or racing
// webhook finds it taken) and at most one per caller per window (a create keyed by workspace and caller,
// with the window as its TTL), both atomic in the state store.
import type { PhoneNumber, Workspace } from '../config/types';
import { indexBundle, type RoutingConfiguration } from '../routing/lookup';
import type { StepLog } from '../log/step-log';
import type { StateStore } from '../state/store';
import type { Messenger } from './messenger';
import { OptOuts } from './opt-out';
import { renderTextBack, textBackEligibility, type SkipReason } from './policy';
import { sendOptionsFor } from './sender';

export const CALL_CLAIMS_MAP = 'textback-calls';
export const WINDOW_CLAIMS_MAP = 'textback-window';
const CALL_CLAIM_TTL_SECONDS = 2 * 24 * 60 * 60;

/** What happened to a missed call's text: the simulator's `textback` field and the call log's entry. */
export interface TextBackOutcome {
  status: 'sent' | 'outbox' | 'skipped' | 'failed';
  reason?: SkipReason | 'send-failed';
  detail?: string;
  to: string;
  from: string;
  body?: string;
  messageSid?: string;
}

export interface TextBackDeps {
  state: StateStore;
  messenger: Messenger;
  log: StepLog;
  now: Date;
}

export async function textBackMissedCall(
  deps: TextBackDeps,
  call: { callSid: string; to: string; from: string },
  configuration: RoutingConfiguration,
): Promise<TextBackOutcome> {
  const { state, messenger, now } = deps;
  const found = indexBundle(configuration).numbers.get(call.to);
  if (!found) return { status: 'skipped', reason: 'not-configured', detail: `${call.to} is not a routed number`, to: call.from, from: call.to };
  const workspace = found.workspace.workspace;
  const contact = found.workspace.contacts.get(call.from) ?? null;
  const optOuts = new OptOuts(state);
  let optedOut: boolean;
  try {
    optedOut = await optOuts.isOptedOut(workspace.id, call.from);
  } catch (error) {
    // Unable to know whether they said STOP: not texting is the only safe answer.
    return { status: 'skipped', reason: 'error', detail: `could not read the opt-out list: ${(error as Error).message}`, to: call.from, from: call.to };
  }
  const eligibility = textBackEligibility({ workspace, number: found.number, contact, caller: call.from, optedOut });
  if (!eligibility.send) return { status: 'skipped', reason: eligibility.reason, detail: eligibility.detail, to: eligibility.to, from: eligibility.from };
  const { plan, windowMinutes } = eligibility;

  if (!(await state.create(CALL_CLAIMS_MAP, call.callSid, { at: now.toISOString() }, CALL_CLAIM_TTL_SECONDS))) {
    return { status: 'skipped', reason: 'already-sent', detail: `this call's text was already handled (a retried or concurrent webhook)`, ...plan };
  }
  const windowKey = `${workspace.id}:${plan.to}`;
  if (windowMinutes > 0 && !(await state.create(WINDOW_CLAIMS_MAP, windowKey, { callSid: call.callSid, at: now.toISOString() }, windowMinutes * 60))) {
    return { status: 'skipped', reason: 'window', detail: `${plan.to} was already texted in the last ${windowMinutes} minutes`, ...plan };
  }

  const release = async () => {
    await state.remove(CALL_CLAIMS_MAP, call.callSid);
    if (windowMinutes > 0) await state.remove(WINDOW_CLAIMS_MAP, windowKey);
  };
  let result: Awaited<ReturnType<Messenger['send']>>;
  try {
    result = await messenger.send(plan, now, sendOptionsFor(workspace, found.number, call.callSid));
  } catch (error) {
    await release();
    return { status: 'failed', reason: 'send-failed', detail: (error as Error).message, ...plan };
  }
  switch (result.status) {
    case 'sent':
      return { status: 'sent', ...plan, messageSid: result.messageSid };
    case 'outbox':
      return { status: 'outbox', detail: `not sent: local mode (outbox ${result.outboxId})`, ...plan };
    case 'opted-out':
      await optOuts.optOut(workspace.id, plan.to, 'twilio-21610', now);
      if (windowMinutes > 0) await state.remove(WINDOW_CLAIMS_MAP, windowKey);
      return { status: 'skipped', reason: 'opted-out', detail: result.detail, ...plan };
    case 'failed':
      // Nothing went out: free the claims so a retry (sms-textback) can send.
      await release();
      return { status: 'failed', reason: 'send-failed', detail: result.detail, ...plan };
  }
}

/** "Send a test": the configured message for a sample contact, to the tester; no windows, no call. */
export async function sendTestText(
  deps: Pick<TextBackDeps, 'messenger' | 'now'>,
  workspace: Workspace,
  number: PhoneNumber,
  to: string,
): Promise<TextBackOutcome> {
  const sample = { phone: to, firstName: 'Jordan', lastName: 'Sample', assignedUser: null, optedOut: false };
  const plan = { to, from: number.number, body: renderTextBack(workspace, number, sample, to) };
  const result = await deps.messenger.send(plan, deps.now, sendOptionsFor(workspace, number));
  if (result.status === 'sent') return { status: 'sent', ...plan, messageSid: result.messageSid };
  if (result.status === 'outbox') return { status: 'outbox', detail: `not sent: local mode (outbox ${result.outboxId})`, ...plan };
  return { status: result.status === 'opted-out' ? 'skipped' : 'failed', reason: result.status === 'opted-out' ? 'opted-out' : 'send-failed', detail: result.detail, ...plan };
}
