// The call flow's notifications and events about a call, in one place for the steps that send them
// (incoming-call, dial-complete, voicemail-complete, voicemail-transcribed, call-status): who and what the notice is
// about from the call's line (src/calls/call-context), the users the call rang (read from the call log only when
// they matter), the texts (src/notify) and the call events (emitRequestEvent), each sent at once and in parallel.
// tellOfCallEnd is the one way a step tells of a call's end. Never throws: a notice or an event that fails is
// recorded and logged, and the call goes on.
import { isCallSid, type DialEntry, type RecordingEntry, type RouteEntry } from '../calls/call-log';
import type { CalledLine } from '../calls/call-context';
import type { Workspace } from '../config/types';
import { callCompletedData } from '../events/from-call-log';
import { subscribers } from '../events/emit';
import type { CallEvent } from '../events/types';
import { missedCallText, transcriptText, voicemailText, type NoticeFacts } from '../notify/messages';
import { notifyUsers, rungUsersMatter, type NoticeEvent, type NoticeOutcome } from '../notify/notify';
import { isRecordingSid, recordingLink, recordingLinkSecret } from '../notify/recording-link';
import { callerLabel, type CallerNumber } from '../phone/caller-id';
import type { WebhookRequest } from '../runtime/request';
import { emitRequestEvent } from './call-events';
import { routeReader } from './carried-route';
import { addToHistory } from './call-history-row';

/** The workspace, number and caller a call's notices are about: the called number's line and the caller, classified. */
export type NoticeContext = CalledLine & {
  /** A withheld caller is never named by its placeholder, and has no contact. */
  caller: CallerNumber;
};

/** This request's call as its notices see it; null when the called number is not routed. */
export async function noticeContextOf(request: WebhookRequest): Promise<NoticeContext | null> {
  const line = await request.call.line();
  return line ? { ...line, caller: request.call.caller } : null;
}

function facts(context: NoticeContext, now: Date): NoticeFacts {
  return {
    caller: callerLabel(context.caller),
    contact: context.contact,
    number: { number: context.number.number, name: context.number.name },
    timeZone: context.workspace.timeZone,
    at: now,
  };
}

async function notify(
  request: WebhookRequest,
  context: NoticeContext,
  event: NoticeEvent,
  body: string,
  route: () => Promise<RouteEntry | null>,
): Promise<NoticeOutcome[]> {
  const { params, callLog, services, log, now } = request;
  const rungUsers = rungUsersMatter(context.workspace, context.contact) ? ((await route())?.rungUsers ?? []) : [];
  return notifyUsers(
    { callLog, messenger: services.messenger, log, now },
    { callSid: params.CallSid!, event, workspace: context.workspace, number: context.number, contact: context.contact, rungUsers, body },
  );
}

export function notifyMissedCall(
  request: WebhookRequest,
  context: NoticeContext,
  route: () => Promise<RouteEntry | null>,
): Promise<NoticeOutcome[]> {
  return notify(request, context, 'missed-call', missedCallText(facts(context, request.now)), route);
}

export function notifyVoicemail(
  request: WebhookRequest,
  context: NoticeContext,
  voicemail: RecordingEntry,
  route: () => Promise<RouteEntry | null>,
): Promise<NoticeOutcome[]> {
  const secret = recordingLinkSecret(request.env);
  const recordingSid = voicemail.recordingSid ?? null;
  const link =
    secret && request.functionsBaseUrl && isRecordingSid(recordingSid)
      ? recordingLink(request.functionsBaseUrl, secret, recordingSid, request.now)
      : null;
  if (!link) request.log.warn('voicemail notice without a link: no recording SID, no functions URL, or no secret to sign it with');
  const body = voicemailText(facts(context, request.now), {
    durationSeconds: voicemail.durationSeconds,
    link,
    transcriptFollows: context.workspace.notifications.transcription,
  });
  return notify(request, context, 'voicemail', body, route);
}

export function notifyTranscript(
  request: WebhookRequest,
  context: NoticeContext,
  transcript: string,
  route: () => Promise<RouteEntry | null>,
): Promise<NoticeOutcome[]> {
  return notify(request, context, 'transcript', transcriptText(facts(context, request.now), transcript), route);
}

/**
 * Sends a call event to the workspace's webhooks and records each delivery among the call's notices
 * (`webhook:<type>:<n>`, the endpoint's place in the list), so the call's history (and the simulator) shows it.
 */
export async function emitForCall(request: WebhookRequest, workspace: Workspace, event: CallEvent): Promise<void> {
  const subscribed = subscribers(workspace.webhooks, event.type);
  if (subscribed.length === 0) return;
  const report = await emitRequestEvent(request, workspace, event);
  await Promise.all(
    report.deliveries.map((delivery) =>
      request.callLog.writeItem(
        request.params.CallSid,
        'notice',
        `webhook:${event.type}:${workspace.webhooks.findIndex((webhook) => webhook.url === delivery.url)}`,
        {
          channel: 'webhook',
          event: event.type,
          eventId: report.eventId,
          at: event.at.toISOString(),
          to: delivery.url,
          status: delivery.status,
          ...(delivery.status === 'failed' ? { detail: delivery.detail } : {}),
        },
        'record',
      ),
    ),
  );
}

/** call.completed from the call's route (read when not at hand) and, when it dialled, the dial's end. */
export async function emitCallCompleted(
  request: WebhookRequest,
  workspace: Workspace,
  route: () => Promise<RouteEntry | null>,
  dial: DialEntry | null | (() => Promise<DialEntry | null>),
): Promise<void> {
  if (subscribers(workspace.webhooks, 'call.completed').length === 0) return;
  const [entry, dialed] = await Promise.all([route(), typeof dial === 'function' ? dial() : dial]);
  const data = entry ? callCompletedData(request.params.CallSid!, entry, dialed) : null;
  if (!data) {
    request.log.warn('call.completed not sent: the call log has no route for this call');
    return;
  }
  await emitForCall(request, workspace, { type: 'call.completed', at: request.now, data });
}

/** The call's route entry, read once and only when needed. */
export type RouteRead = () => Promise<RouteEntry | null>;

/** How a call ended, as the step that tells of it knows. */
export interface CallEnd {
  /** The dial's end: the entry, a way to read it when it matters, or null (the call never dialled). */
  dial: DialEntry | null | (() => Promise<DialEntry | null>);
  /**
   * What the users are told: a missed call, nothing, or what the step sends itself with the same context and route
   * (voicemail-complete: the voicemail notice and voicemail.created; kept there, out of the other steps' bundles).
   */
  notice: 'missed-call' | null | ((context: NoticeContext, route: RouteRead) => Promise<unknown>);
  /** The call's route entry, when the step has it or a reader of it; else it is read once, when needed. */
  route?: RouteEntry | null | RouteRead;
  /** Set by voicemail-complete: whether the caller left a message (the call's row in the history says so). */
  voicemail?: boolean;
}

/**
 * The one way a step tells of a call's end: call.completed and the users' notice, at once. One error policy: never
 * throws into the step (whose caller may be waiting for its TwiML), logs what failed, and the call goes on.
 */
export async function tellOfCallEnd(request: WebhookRequest, end: CallEnd): Promise<void> {
  const { params, callLog, log } = request;
  const callSid = params.CallSid;
  if (!isCallSid(callSid)) return;
  try {
    const context = await noticeContextOf(request);
    if (!context) return;
    const route = typeof end.route === 'function' ? end.route : routeReader(callLog, callSid, end.route);
    await Promise.all([
      emitCallCompleted(request, context.workspace, route, end.dial),
      end.notice === 'missed-call' ? notifyMissedCall(request, context, route) : end.notice?.(context, route),
      addToHistory(request, context.workspace, route, end),
    ]);
  } catch (error) {
    log.error('notices and events of the call failed; the call goes on', error);
  }
}
