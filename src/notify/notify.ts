// Sends one kind of notification about a call (a missed call, a voicemail, a voicemail's transcript) by SMS to
// the users it concerns (recipients.ts), from the called number (through its Messaging Service when one is set,
// like text-back), once per user per call: `writeItemFirst` on the call's `notice:<event>:<user>` claims it, and
// `writeItem` replaces the claim with the outcome (sent, outbox, skipped with the reason, or failed). A retried
// webhook finds the claim and sends nothing, unless the claim is still `sending` past the lease (src/state/lease.ts:
// the invocation that claimed it died before sending): then it takes the claim over (compare-and-set), sends the
// text the claim keeps, and records how late. call-status finishes such notices too (finishLapsedNotices) when
// the call ends. Never throws: a failure is recorded and logged.
import type { CallLog } from '../calls/call-log';
import type { Contact, PhoneNumber, Workspace } from '../config/types';
import type { NotificationEvent } from '../config/constants';
import type { StepLog } from '../log/step-log';
import { isOwnClaim, lapsedClaim, newClaimToken, recoveryOf, takeLapsed, takeOwnOrLapsed, type Recovery } from '../state/lease';
import type { JsonObject } from '../state/store';
import { sentBeforeDying, type Messenger } from '../textback/messenger';
import { sendOptionsFor } from '../textback/sender';
import { inQuietHours } from './quiet-hours';
import { concernedUsers } from './recipients';

/** What a notice is about: `transcript` is the follow-up to a voicemail notice (on with `voicemail`). */
export type NoticeEvent = 'missed-call' | 'voicemail' | 'transcript';

export type NoticeSkip = 'quiet-hours' | 'event-off' | 'no-phone';

/** One notice as the call log keeps it (`notice:<event>:<user>`). */
export interface NoticeOutcome {
  channel: 'sms';
  event: NoticeEvent;
  user: string;
  at: string;
  /** The user's phone; null without one. */
  to: string | null;
  from: string;
  status: 'sending' | 'sent' | 'outbox' | 'skipped' | 'failed';
  reason?: NoticeSkip | 'send-failed' | 'error';
  detail?: string;
  body?: string;
  messageSid?: string;
  /** Sent by a later invocation, after the one that claimed it died (src/state/lease.ts). */
  recoveredAt?: string;
  delaySeconds?: number;
}

export interface NotifyDeps {
  callLog: CallLog;
  messenger: Messenger;
  log: StepLog;
  now: Date;
}

export interface CallNotice {
  callSid: string;
  event: NoticeEvent;
  workspace: Workspace;
  /** The called number: it sends the text. */
  number: PhoneNumber;
  contact: Contact | null;
  /** The users the call rang (route entry), for `rung-users`. */
  rungUsers: readonly string[];
  body: string;
}

const SETTING: Record<NoticeEvent, NotificationEvent> = { 'missed-call': 'missed-call', voicemail: 'voicemail', transcript: 'voicemail' };

/** Whether the users rung matter to who is told (so a step may skip reading them). */
export function rungUsersMatter(workspace: Pick<Workspace, 'notifications' | 'users'>, contact: Contact | null): boolean {
  if (workspace.notifications.recipients !== 'rung-users') return false;
  const assigned = contact?.assignedUser;
  return !(assigned && workspace.users.some((user) => user.id === assigned));
}

export async function notifyUsers(deps: NotifyDeps, notice: CallNotice): Promise<NoticeOutcome[]> {
  const { callLog, log, now } = deps;
  const { workspace, number, event, callSid } = notice;
  try {
    const chosen = concernedUsers(workspace, { contact: notice.contact, rungUsers: notice.rungUsers });
    log.info(`${event} notice: ${chosen.why}`);
    const base = { channel: 'sms' as const, event, at: now.toISOString(), from: number.number };
    const skipReason: { reason: NoticeSkip; detail: string } | null = !workspace.notifications.events.includes(SETTING[event])
      ? { reason: 'event-off', detail: `the workspace's notifications leave out ${SETTING[event]}` }
      : inQuietHours(workspace.notifications.quietHours, workspace.timeZone, now)
        ? {
            reason: 'quiet-hours',
            detail: `quiet hours ${workspace.notifications.quietHours!.start}-${workspace.notifications.quietHours!.end} (${workspace.timeZone})`,
          }
        : null;
    const noPhone = chosen.unreachable.map(async (user): Promise<NoticeOutcome> => {
      const outcome: NoticeOutcome = {
        ...base,
        user,
        to: null,
        status: 'skipped',
        reason: 'no-phone',
        detail: `user ${user} has no phone`,
      };
      await callLog.writeItemFirst(callSid, 'notice', `${event}:${user}`, outcome);
      return outcome;
    });
    const texted = chosen.users.map(async (user): Promise<NoticeOutcome | null> => {
      const id = `${event}:${user.id}`;
      const plan = { to: user.phone!, from: number.number, body: notice.body };
      if (skipReason) {
        const outcome: NoticeOutcome = { ...base, user: user.id, to: plan.to, status: 'skipped', ...skipReason, body: plan.body };
        return (await callLog.writeItemFirst(callSid, 'notice', id, outcome)) === 'exists' ? null : outcome;
      }
      // The claim keeps the text, so whoever finishes it (a later invocation, if this one dies) sends the same; its
      // token lets this invocation find its own claim when the write landed but Sync's answer was lost.
      const token = newClaimToken();
      const claim = await callLog.writeItemFirst(callSid, 'notice', id, {
        ...base,
        user: user.id,
        to: plan.to,
        status: 'sending',
        body: plan.body,
        claim: token,
      });
      if (claim !== 'written') {
        const taken = await takeOverNotice(deps, callSid, id, token);
        if (taken === 'own') {
          log.warn(`${event} notice to ${user.id}: its claim was written though Sync's answer was lost; sending it`);
          return sendClaimedNotice(deps, { callSid, workspace, number }, id, { ...base, user: user.id }, plan);
        }
        if (taken)
          return sendClaimedNotice(
            deps,
            { callSid, workspace, number },
            id,
            { ...base, at: taken.at, user: user.id },
            { ...plan, body: taken.body ?? plan.body },
            taken.recovery,
          );
        if (claim === 'exists') {
          log.info(`${event} notice to ${user.id}: already sent or being sent for this call (a retried webhook)`);
          return null;
        }
        log.warn(`${event} notice to ${user.id}: not sent, it could not be kept to once per call (the call log could not be written)`);
        return { ...base, user: user.id, to: plan.to, status: 'failed', reason: 'error', detail: 'the call log could not be written' };
      }
      return sendClaimedNotice(deps, { callSid, workspace, number }, id, { ...base, user: user.id }, plan);
    });
    const outcomes = await Promise.all([...noPhone, ...texted]);
    return outcomes.filter((outcome): outcome is NoticeOutcome => outcome !== null);
  } catch (error) {
    log.error(`${event} notices failed; the call goes on`, error);
    return [];
  }
}

/** What a notice is sent from and filed under. */
interface NoticeTarget {
  callSid: string;
  workspace: Workspace;
  number: PhoneNumber;
}

type NoticeBase = Pick<NoticeOutcome, 'channel' | 'event' | 'at' | 'from' | 'user'>;

/** Sends a notice this invocation holds the claim of, and replaces the claim with the outcome. */
async function sendClaimedNotice(
  deps: NotifyDeps,
  target: NoticeTarget,
  id: string,
  base: NoticeBase,
  plan: { to: string; from: string; body: string },
  recovery?: Recovery,
): Promise<NoticeOutcome> {
  const { callLog, messenger, log, now } = deps;
  const late = recovery ?? {};
  let outcome: NoticeOutcome;
  try {
    // Taken over: the invocation that died may have sent it before dying; then it is not sent again.
    const earlier = recovery ? await sentBeforeDying(messenger, plan, base.at, log) : null;
    const result = earlier ?? (await messenger.send(plan, now, sendOptionsFor(target.workspace, target.number, target.callSid)));
    if (earlier) log.warn(`${base.event} notice to ${base.user}: the invocation that died had sent it; not sent again`);
    outcome =
      result.status === 'sent'
        ? { ...base, ...plan, status: 'sent', messageSid: result.messageSid, ...late }
        : result.status === 'outbox'
          ? { ...base, ...plan, status: 'outbox', detail: `not sent: local mode (outbox ${result.outboxId})`, ...late }
          : { ...base, ...plan, status: 'failed', reason: 'send-failed', detail: result.detail, ...late };
  } catch (error) {
    outcome = { ...base, ...plan, status: 'failed', reason: 'error', detail: (error as Error).message, ...late };
  }
  const when = recovery ? `, ${recovery.delaySeconds} s late (the invocation that claimed it died)` : '';
  log.info(`${base.event} notice to ${base.user} (${plan.to}): ${outcome.status}${outcome.detail ? ` (${outcome.detail})` : ''}${when}`);
  await callLog.writeItem(target.callSid, 'notice', id, outcome);
  return outcome;
}

/** Takes over the notice `id` if it is still `sending` past the lease; what it was, or null when it is not taken. */
async function takeOverNotice(
  deps: NotifyDeps,
  callSid: string,
  id: string,
  token?: string,
): Promise<{ at: string; body: string | null; to: string | null; recovery: Recovery } | 'own' | null> {
  const { now } = deps;
  const taken = await deps.callLog.takeOverItem(
    callSid,
    'notice',
    id,
    token ? takeOwnOrLapsed('sending', now, token) : takeLapsed('sending', now),
  );
  if (!taken.taken) return null;
  const previous = taken.previous;
  if (isOwnClaim(previous, token)) return 'own';
  const at = typeof previous.at === 'string' ? previous.at : now.toISOString();
  return {
    at,
    body: typeof previous.body === 'string' ? previous.body : null,
    to: typeof previous.to === 'string' ? previous.to : null,
    recovery: recoveryOf(at, now),
  };
}

/**
 * Finishes the call's notices that an invocation claimed and died before sending (`sending` past the lease): each
 * taken over and sent once, with the text and to the phone its claim keeps. For a later request of the same call
 * that has read its log anyway (call-status): no read of its own.
 */
export async function finishLapsedNotices(
  deps: NotifyDeps,
  target: NoticeTarget,
  notices: Readonly<Record<string, JsonObject>>,
): Promise<NoticeOutcome[]> {
  const lapsed = Object.entries(notices).filter(([, entry]) => lapsedClaim(entry, 'sending', deps.now));
  const finished = await Promise.all(
    lapsed.map(async ([id, entry]) => {
      if (typeof entry.to !== 'string' || typeof entry.body !== 'string') {
        deps.log.warn(`notice ${id} was left sending, and its claim keeps no text to send: left to the webhook's retry`);
        return null;
      }
      const taken = await takeOverNotice(deps, target.callSid, id);
      if (!taken || taken === 'own' || taken.to === null || taken.body === null) return null;
      const base: NoticeBase = {
        channel: 'sms',
        event: entry.event as NoticeEvent,
        at: taken.at,
        from: target.number.number,
        user: String(entry.user),
      };
      return sendClaimedNotice(deps, target, id, base, { to: taken.to, from: target.number.number, body: taken.body }, taken.recovery);
    }),
  );
  return finished.filter((outcome): outcome is NoticeOutcome => outcome !== null);
}
