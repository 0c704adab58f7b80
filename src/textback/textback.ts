// Missed-call text-back: every missed caller gets one text, by name, from the number they called, and
// never the wrong person. Exactly one per call (a create keyed by the CallSid, `<CallSid>:claim` beside the
// call's log in its `calls` shard: a retried or racing webhook finds it taken) and at most one per caller per
// window (a create keyed by the caller, `window:<phone>` in their shard of the workspace's `callers` maps, with
// the window as its TTL), both atomic in the state store. A call's claim says whether its text is
// being sent (`claimed`) or was sent (`sent`); every way an attempt can end without sending releases the
// claims it made, so a retry can send. What happened is recorded by whoever decided it: the holder of the
// call's claim replaces the call log's entry, anyone else only fills it when it is empty. A claim left `claimed`
// past the lease (src/state/lease.ts: its holder died between claiming and sending) is taken over by the next
// attempt for the call (a retried webhook, sms-textback, or call-status when the call ends), which sends the text
// and records how late (`recoveredAt`, `delaySeconds`); a window it finds taken by this same call is its own.
// The caller's first text from the workspace ends with the opt-out line (./opt-out-line), asked by the holder just
// before it sends.
import { asCleanup } from '../budget/budget';
import type { PhoneNumber, Workspace } from '../config/types';
import { indexBundle, type RoutingConfiguration } from '../routing/lookup';
import type { StepLog } from '../log/step-log';
import { callerOf, contactOfCaller } from '../phone/caller-id';
import { CLAIM_LEASE_SECONDS, isOwnClaim, newClaimToken, recoveryOf, takeOwnOrLapsed, type Recovery } from '../state/lease';
import { callClaimKey, textWindowKey, type StateShards } from '../state/shards';
import type { JsonObject, StateStore } from '../state/store';
import { sentBeforeDying, type Messenger, type SendOptions } from './messenger';
import { OptOuts } from './opt-out';
import { FirstTexts, withOptOutLine } from './opt-out-line';
import { renderTextBack, standingRefusal, textBackEligibility, type SkipReason, type TextPlan } from './policy';
import { sendOptionsFor } from './sender';

/** A sent call's claim is kept this long: every retry of its webhooks comes well inside it. */
const CALL_CLAIM_TTL_SECONDS = 2 * 24 * 60 * 60;
/**
 * A claim still `claimed` (not yet marked sent) lapses after this: far longer than any function runs, so
 * only a claim whose holder died (or could not mark it) lapses, and the call's text is not stranded for days.
 */
export const CLAIM_HOLD_SECONDS = 10 * 60;

/** What happened to a missed call's text: the simulator's `textback` field and the call log's entry. */
export interface TextBackOutcome {
  status: 'sent' | 'outbox' | 'skipped' | 'failed';
  reason?: SkipReason | 'send-failed';
  detail?: string;
  to: string;
  from: string;
  body?: string;
  messageSid?: string;
  /** Sent by a later attempt, after the one that claimed it died: when it first claimed it, when this one took over, how late. */
  claimedAt?: string;
  recoveredAt?: string;
  delaySeconds?: number;
}

/**
 * Records an outcome in the call log. `replace`: this attempt held the call's claim (or failed while holding
 * it), so its outcome replaces whatever is there; otherwise it is written only where nothing is recorded yet,
 * and never replaces a real outcome with "already sent".
 */
export type RecordOutcome = (outcome: TextBackOutcome, replace: boolean) => Promise<void>;

export interface TextBackDeps {
  state: StateStore;
  shards: StateShards;
  messenger: Messenger;
  log: StepLog;
  now: Date;
  record: RecordOutcome;
}

interface CallClaim {
  status: 'claimed' | 'sent';
  /** When it was first claimed. */
  at: string;
  /** When a later attempt took it over (src/state/lease.ts). */
  recoveredAt?: string;
  messageSid?: string;
  /** The attempt that claimed it (src/state/lease.ts `newClaimToken`). */
  claim?: string;
}

/** A claim taken over from an attempt that died: when it was first claimed, and this attempt's recovery. */
type TakenOver = Recovery & { claimedAt: string };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A missed call as text-back sees it. */
export interface MissedCallText {
  callSid: string;
  to: string;
  from: string;
}

/** Where this call's claim and this caller's window are kept, and under which keys. */
interface ClaimMaps {
  call: string;
  callKey: string;
  window: string;
  windowKey: string;
}

function claimMapsFor(shards: StateShards, workspaceId: string, call: MissedCallText, caller: string): ClaimMaps {
  return {
    call: shards.mapFor('calls', workspaceId, call.callSid),
    callKey: callClaimKey(call.callSid),
    window: shards.mapFor('callers', workspaceId, caller),
    windowKey: textWindowKey(caller),
  };
}

export async function textBackMissedCall(
  deps: TextBackDeps,
  call: MissedCallText,
  configuration: RoutingConfiguration,
): Promise<TextBackOutcome> {
  const { state, shards, now, record } = deps;
  const settle = async (outcome: TextBackOutcome, replace: boolean) => {
    await record(outcome, replace);
    return outcome;
  };
  const found = indexBundle(configuration).numbers.get(call.to);
  if (!found)
    return settle(
      { status: 'skipped', reason: 'not-configured', detail: `${call.to} is not a routed number`, to: call.from, from: call.to },
      false,
    );
  const { workspace } = found;
  const caller = callerOf(call.from);
  const contact = contactOfCaller(caller, found.contacts);
  const optOuts = new OptOuts(state, shards);
  let optedOut = false;
  // Whether they were told how to opt out comes with the same read (the first text's line, ./opt-out-line).
  let told = false;
  try {
    // A withheld caller is never texted (textBackEligibility says so): nothing to read for them.
    if (!caller.withheld) ({ optedOut, told } = await optOuts.standing(workspace.id, call.from));
  } catch (error) {
    // Unable to know whether they said STOP: not texting is the only safe answer.
    return settle(
      { status: 'skipped', reason: 'error', detail: `could not read the opt-out list: ${describe(error)}`, to: call.from, from: call.to },
      false,
    );
  }
  const eligibility = textBackEligibility({ workspace, number: found.number, contact, caller: call.from, optedOut });
  if (!eligibility.send)
    return settle(
      { status: 'skipped', reason: eligibility.reason, detail: eligibility.detail, to: eligibility.to, from: eligibility.from },
      false,
    );
  const { windowMinutes } = eligibility;
  const { plan } = eligibility;
  const maps = claimMapsFor(shards, workspace.id, call, plan.to);

  const token = newClaimToken();
  let claimed: boolean;
  let createFailure: unknown = null;
  try {
    claimed = await state.create(maps.call, maps.callKey, { status: 'claimed', at: now.toISOString(), claim: token }, CLAIM_HOLD_SECONDS);
  } catch (error) {
    // The create may have landed with its answer lost: reading the claim back tells.
    claimed = false;
    createFailure = error;
  }
  let takenOver: TakenOver | undefined;
  if (!claimed) {
    const taken = await takeOverLapsedClaim(deps, maps, token);
    if ('own' in taken) deps.log.warn("text-back: this call's claim was written though Sync's answer was lost; going on");
    else if (!('claimedAt' in taken)) {
      if (createFailure !== null && taken.claim === null)
        return settle(
          { status: 'skipped', reason: 'error', detail: `could not claim this call's text: ${describe(createFailure)}`, ...plan },
          false,
        );
      return settle(alreadyHandled(taken.claim, plan), false);
    } else takenOver = taken;
  }
  // The caller's first text from the workspace ends with the opt-out line: `told` came with the opt-out read above.
  const firstTexts = new FirstTexts({ store: state, shards, onError: (what, error) => deps.log.error(`text-back: ${what}`, error) });
  const finalText = async (planned: TextPlan) => ({
    ...planned,
    body: await firstTexts.bodyFor(workspace.textBack.optOutLine, workspace.id, planned.to, planned.body, told),
  });
  const outcome = await sendHoldingClaim(
    deps,
    call.callSid,
    workspace.id,
    maps,
    plan,
    windowMinutes,
    optOuts,
    sendOptionsFor(workspace, found.number, call.callSid),
    finalText,
    takenOver,
  );
  if ((outcome.status === 'sent' || outcome.status === 'outbox') && outcome.body)
    await firstTexts.told(workspace.id, outcome.to, outcome.body, now, told);
  return outcome;
}

/**
 * The call's claim exists: take it over if its holder left it `claimed` past the lease (it died before sending),
 * with a compare-and-set so two late attempts never both send; otherwise what the claim says (null: unknown).
 */
async function takeOverLapsedClaim(
  deps: TextBackDeps,
  maps: ClaimMaps,
  token: string,
): Promise<TakenOver | { own: true } | { claim: Partial<CallClaim> | null }> {
  const { state, now, log } = deps;
  try {
    const result = await state.takeOver(maps.call, maps.callKey, takeOwnOrLapsed('claimed', now, token));
    if (!result.taken) return { claim: result.current as Partial<CallClaim> | null };
    if (isOwnClaim(result.previous, token)) return { own: true };
    const claimedAt = typeof result.previous.at === 'string' ? result.previous.at : now.toISOString();
    log.warn(
      `text-back: this call's text was claimed at ${claimedAt} and never sent (the attempt died, over ${CLAIM_LEASE_SECONDS} s ago); sending it now`,
    );
    return { claimedAt, ...recoveryOf(claimedAt, now) };
  } catch {
    // Unknown what the claim says: "claimed" promises nothing about a text.
    return { claim: null };
  }
}

/** Someone else holds this call's claim: it was sent, or another delivery is sending it now. */
function alreadyHandled(claim: Partial<CallClaim> | null, plan: TextPlan): TextBackOutcome {
  if (claim?.status === 'sent') {
    return {
      status: 'skipped',
      reason: 'already-sent',
      detail: `this call's text was already sent${claim.messageSid ? ` (${claim.messageSid})` : ''}; a retried or concurrent webhook`,
      ...plan,
    };
  }
  return {
    status: 'skipped',
    reason: 'claimed',
    detail: 'another delivery of this call is sending its text (a retried or concurrent webhook)',
    ...plan,
  };
}

/** The call's claim is ours: take the window, send, and record; release what we claimed on every way out that sent nothing. */
async function sendHoldingClaim(
  deps: TextBackDeps,
  callSid: string,
  workspaceId: string,
  maps: ClaimMaps,
  planned: TextPlan,
  windowMinutes: number,
  optOuts: OptOuts,
  sendOptions: SendOptions,
  finalText: (plan: TextPlan) => Promise<TextPlan>,
  takenOver?: TakenOver,
): Promise<TextBackOutcome> {
  const { state, messenger, log, now } = deps;
  let plan = planned;
  // Every outcome of a taken-over claim says how late it came.
  const late = takenOver
    ? { claimedAt: takenOver.claimedAt, recoveredAt: takenOver.recoveredAt, delaySeconds: takenOver.delaySeconds }
    : {};
  const record: RecordOutcome = (outcome, replace) => deps.record({ ...outcome, ...late }, replace);
  // Whether the attempt that died sent this text already: as it is now, or as planned with or without the opt-out line
  // (one look at Twilio's messages for all three).
  const sentBefore = (final: TextPlan, original: TextPlan) =>
    sentBeforeDying(messenger, final, takenOver!.claimedAt, log, [final.body, withOptOutLine(original.body), original.body]);
  let windowClaimed = false;
  const release = async (what: { call: boolean; window: boolean }) => {
    const claims: [string, string][] = [];
    if (what.call) claims.push([maps.call, maps.callKey]);
    if (what.window && windowClaimed) claims.push([maps.window, maps.windowKey]);
    for (const [map, key] of claims) {
      try {
        // Cleanup: it may use the budget's reserve, so a step that ran out of time still frees the call's text.
        await asCleanup(() => state.remove(map, key));
      } catch (error) {
        const lapses = key === maps.callKey ? `it lapses within ${CLAIM_HOLD_SECONDS / 60} minutes` : 'it lapses with the window';
        log.error(`text-back: could not release the claim ${map}/${key}; ${lapses}`, error);
      }
    }
  };
  // The holder records before releasing, so a later holder's outcome always lands after ours.
  const finish = async (outcome: TextBackOutcome, what: { call: boolean; window: boolean }) => {
    await record(outcome, true);
    await release(what);
    return { ...outcome, ...late };
  };

  try {
    if (windowMinutes > 0) {
      windowClaimed = await state.create(maps.window, maps.windowKey, { callSid, at: now.toISOString() }, windowMinutes * 60);
      // The attempt that died may have taken the window for this very call: then it is this call's window.
      if (!windowClaimed && takenOver) windowClaimed = (await state.get(maps.window, maps.windowKey))?.callSid === callSid;
      if (!windowClaimed) {
        return await finish(
          { status: 'skipped', reason: 'window', detail: `${plan.to} was already texted in the last ${windowMinutes} minutes`, ...plan },
          { call: true, window: false },
        );
      }
    }
    plan = await finalText(plan);
    // Taken over: the attempt that died may have sent it before dying (with the opt-out line or without, as it
    // found the caller then); then it is not sent again.
    const earlier = takenOver ? await sentBefore(plan, planned) : null;
    const result = earlier ?? (await messenger.send(plan, now, sendOptions));
    const how = earlier ? { detail: 'sent by the attempt that died, before it could record it: not sent again' } : {};
    switch (result.status) {
      case 'sent':
      case 'outbox': {
        const outcome: TextBackOutcome =
          result.status === 'sent'
            ? { status: 'sent', ...plan, messageSid: result.messageSid, ...how }
            : { status: 'outbox', detail: `not sent: local mode (outbox ${result.outboxId})`, ...plan, ...how };
        const sent: CallClaim = {
          status: 'sent',
          at: takenOver?.claimedAt ?? now.toISOString(),
          ...(takenOver ? { recoveredAt: takenOver.recoveredAt } : {}),
          ...(result.status === 'sent' ? { messageSid: result.messageSid } : {}),
        };
        try {
          await state.update(maps.call, maps.callKey, sent as unknown as JsonObject, CALL_CLAIM_TTL_SECONDS);
        } catch (error) {
          log.error(
            `text-back: sent, but the call's claim could not be marked sent (it lapses in ${CLAIM_HOLD_SECONDS / 60} minutes)`,
            error,
          );
        }
        await record(outcome, true);
        return { ...outcome, ...late };
      }
      case 'opted-out':
        await optOuts.optOut(workspaceId, plan.to, 'twilio-21610', now);
        return await finish({ status: 'skipped', reason: 'opted-out', detail: result.detail, ...plan }, { call: true, window: true });
      case 'failed':
        // Nothing went out: free the claims so a retry (sms-textback) can send.
        return await finish({ status: 'failed', reason: 'send-failed', detail: result.detail, ...plan }, { call: true, window: true });
    }
  } catch (error) {
    // The window claim or the send threw (a 500, 429/54009, a dropped connection): nothing went out.
    return finish({ status: 'failed', reason: 'error', detail: describe(error), ...plan }, { call: true, window: true });
  }
}

/** Why a test text must not go to `to`: not a number (a withheld caller's placeholder), opted out (STOP, or marked on their contact) or on do-not-text. */
async function testTextRefusal(
  state: StateStore,
  shards: StateShards,
  workspace: Workspace,
  to: string,
): Promise<{ reason: SkipReason; detail: string } | null> {
  const caller = callerOf(to);
  if (caller.withheld) return { reason: 'withheld', detail: `${to} is not a number to text: ${caller.reason}` };
  const marked = standingRefusal(workspace, to, contactOfCaller(caller, workspace.contacts), false);
  if (marked) return marked;
  try {
    // The STOP list is read only when nothing on the workspace's side refuses the number already.
    return standingRefusal(workspace, to, null, await new OptOuts(state, shards).isOptedOut(workspace.id, to));
  } catch (error) {
    return { reason: 'error', detail: `could not read the opt-out list: ${(error as Error).message}` };
  }
}

/** "Send a test": the configured message for a sample contact, to the tester; no windows, no call; never to someone who opted out. */
export async function sendTestText(
  deps: Pick<TextBackDeps, 'messenger' | 'now' | 'state' | 'shards'>,
  workspace: Workspace,
  number: PhoneNumber,
  to: string,
): Promise<TextBackOutcome> {
  const sample = { phone: to, firstName: 'Jordan', lastName: 'Sample', assignedUser: null, optedOut: false };
  // As a first-time caller reads it: with the opt-out line when the workspace adds it.
  const rendered = renderTextBack(workspace, number, sample, to);
  const plan = { to, from: number.number, body: workspace.textBack.optOutLine ? withOptOutLine(rendered) : rendered };
  const refusal = await testTextRefusal(deps.state, deps.shards, workspace, to);
  if (refusal) return { status: 'skipped', ...refusal, ...plan };
  const result = await deps.messenger.send(plan, deps.now, sendOptionsFor(workspace, number));
  if (result.status === 'sent') return { status: 'sent', ...plan, messageSid: result.messageSid };
  if (result.status === 'outbox') return { status: 'outbox', detail: `not sent: local mode (outbox ${result.outboxId})`, ...plan };
  return {
    status: result.status === 'opted-out' ? 'skipped' : 'failed',
    reason: result.status === 'opted-out' ? 'opted-out' : 'send-failed',
    detail: result.detail,
    ...plan,
  };
}
