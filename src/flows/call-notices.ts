// The call flow's notifications and events about a call, in one place for the steps that send them
// (incoming-call, dial-complete, voicemail-complete, voicemail-transcribed): who and what the notice is about
// from the configuration the step loaded, the users the call rang (read from the call log only when they
// matter), the texts (src/notify) and the call events (emitRequestEvent), each sent at once and in parallel.
// Never throws: a notice or an event that fails is recorded and logged, and the call goes on.
import type { CallLog, DialEntry, RecordingEntry, RouteEntry } from '../calls/call-log';
import type { Contact, PhoneNumber, Workspace } from '../config/types';
import { callCompletedData, subscribers, type CallEvent } from '../events';
import { missedCallText, transcriptText, voicemailText, type NoticeFacts } from '../notify/messages';
import { notifyUsers, rungUsersMatter, type NoticeEvent, type NoticeOutcome } from '../notify/notify';
import { isRecordingSid, recordingLink, recordingLinkSecret } from '../notify/recording-link';
import { callerOf, callerLabel, type CallerNumber } from '../phone/caller-id';
import { indexBundle, type RoutingConfiguration } from '../routing/lookup';
import type { WebhookRequest } from '../runtime/request';
import { emitRequestEvent } from './call-events';

/** The workspace, number and caller a call's notices are about. */
export interface NoticeContext {
  workspace: Workspace;
  number: PhoneNumber;
  contact: Contact | null;
  from: string;
  /** The caller, classified: a withheld one is never named by its placeholder, and has no contact. */
  caller: CallerNumber;
}

export function noticeContext(configuration: RoutingConfiguration, call: { to: string; from: string }): NoticeContext | null {
  const found = indexBundle(configuration).numbers.get(call.to.trim());
  if (!found) return null;
  const caller = callerOf(call.from);
  const contact = caller.withheld ? null : (found.workspace.contacts.get(caller.number) ?? null);
  return { workspace: found.workspace.workspace, number: found.number, contact, from: call.from, caller };
}

/** The route entry of the call, read once per request and only when asked for. */
export function routeReader(callLog: CallLog, callSid: string, known?: RouteEntry | null): () => Promise<RouteEntry | null> {
  let read: Promise<RouteEntry | null> | undefined = known === undefined ? undefined : Promise.resolve(known);
  return () => (read ??= callLog.readStep<RouteEntry>(callSid, 'route'));
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
