// Sends one kind of notification about a call (a missed call, a voicemail, a voicemail's transcript) by SMS to
// the users it concerns (recipients.ts), from the called number (through its Messaging Service when one is set,
// like text-back), once per user per call: `writeItemFirst` on the call's `notice:<event>:<user>` claims it, and
// `writeItem` replaces the claim with the outcome (sent, outbox, skipped with the reason, or failed). A retried
// webhook finds the claim and sends nothing. Never throws: a failure is recorded and logged.
import type { CallLog } from '../calls/call-log';
import type { Contact, PhoneNumber, Workspace } from '../config/types';
import type { NotificationEvent } from '../config/constants';
import type { StepLog } from '../log/step-log';
import type { Messenger } from '../textback/messenger';
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
  const { callLog, messenger, log, now } = deps;
  const { workspace, number, event, callSid } = notice;
  try {
    const chosen = concernedUsers(workspace, { contact: notice.contact, rungUsers: notice.rungUsers });
    log.info(`${event} notice: ${chosen.why}`);
    const base = { channel: 'sms' as const, event, at: now.toISOString(), from: number.number };
    const skipReason: { reason: NoticeSkip; detail: string } | null = !workspace.notifications.events.includes(SETTING[event])
      ? { reason: 'event-off', detail: `the workspace's notifications leave out ${SETTING[event]}` }
      : inQuietHours(workspace.notifications.quietHours, workspace.timeZone, now)
        ? { reason: 'quiet-hours', detail: `quiet hours ${workspace.notifications.quietHours!.start}-${workspace.notifications.quietHours!.end} (${workspace.timeZone})` }
        : null;
    const noPhone = chosen.unreachable.map(async (user): Promise<NoticeOutcome> => {
      const outcome: NoticeOutcome = { ...base, user, to: null, status: 'skipped', reason: 'no-phone', detail: `user ${user} has no phone` };
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
      const claim = await callLog.writeItemFirst(callSid, 'notice', id, { ...base, user: user.id, to: plan.to, status: 'sending' });
      if (claim === 'exists') {
        log.info(`${event} notice to ${user.id}: already sent or being sent for this call (a retried webhook)`);
        return null;
      }
      if (claim === 'failed') {
        log.warn(`${event} notice to ${user.id}: not sent, it could not be kept to once per call (the call log could not be written)`);
        return { ...base, user: user.id, to: plan.to, status: 'failed', reason: 'error', detail: 'the call log could not be written' };
      }
      let outcome: NoticeOutcome;
      try {
        const result = await messenger.send(plan, now, sendOptionsFor(workspace, number, callSid));
        outcome =
          result.status === 'sent'
            ? { ...base, user: user.id, ...plan, status: 'sent', messageSid: result.messageSid }
            : result.status === 'outbox'
              ? { ...base, user: user.id, ...plan, status: 'outbox', detail: `not sent: local mode (outbox ${result.outboxId})` }
              : { ...base, user: user.id, ...plan, status: 'failed', reason: 'send-failed', detail: result.detail };
      } catch (error) {
        outcome = { ...base, user: user.id, ...plan, status: 'failed', reason: 'error', detail: (error as Error).message };
      }
      log.info(`${event} notice to ${user.id} (${plan.to}): ${outcome.status}${outcome.detail ? ` (${outcome.detail})` : ''}`);
      await callLog.writeItem(callSid, 'notice', id, outcome);
      return outcome;
    });
    const outcomes = await Promise.all([...noPhone, ...texted]);
    return outcomes.filter((outcome): outcome is NoticeOutcome => outcome !== null);
  } catch (error) {
    log.error(`${event} notices failed; the call goes on`, error);
    return [];
  }
}
