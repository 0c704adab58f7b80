// message-status: the StatusCallback of every text we send (text-back, test texts). Records the text's delivery
// (delivered, undelivered, failed with Twilio's error code) in the state store under its workspace, and says
// in the log what a failure means: 30007 (carrier filtering) and 30034 (unregistered A2P 10DLC) are the ones
// that silently stop text-back in the US. The workspace and call come in the callback URL's signed query (the
// callback state, decoded once: request.call.carried).
import type { WebhookRequest } from '../runtime/request';
import { routedNumber } from '../calls/call-context';
import { describeDeliveryError } from '../textback/delivery-errors';
import { DeliveryReports } from '../textback/delivery-reports';
import { emptyTwiml } from '../twiml/whisper';

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const STATUS = /^[a-z_-]{1,24}$/;

/** The workspace a report belongs to: the callback URL's, else the workspace of the number that sent it. */
async function workspaceOf(request: WebhookRequest, from: string, to: string): Promise<string | null> {
  const carried = request.call.carried.workspace;
  if (carried) return carried;
  if (!from) return null;
  return routedNumber(await request.configuration({ to: from, from: to }), from)?.workspace.id ?? null;
}

export async function messageStatus(request: WebhookRequest): Promise<string> {
  const { params, now, log, services } = request;
  const messageSid = params.MessageSid ?? params.SmsSid ?? '';
  const status = (params.MessageStatus ?? params.SmsStatus ?? '').trim().toLowerCase();
  if (!MESSAGE_SID.test(messageSid) || !STATUS.test(status)) {
    log.warn(`ignored a delivery report without a valid MessageSid and MessageStatus`);
    return emptyTwiml();
  }
  const to = request.call.to.trim();
  const from = request.call.from.trim();
  const workspace = await workspaceOf(request, from, to);
  if (!workspace) {
    log.warn(
      `delivery report for ${messageSid} (${status}) from ${from || 'an unknown sender'}, which is not a routed number: nothing recorded`,
    );
    return emptyTwiml();
  }
  const code = /^\d{1,6}$/.test(params.ErrorCode ?? '') ? Number(params.ErrorCode) : null;
  const report = await new DeliveryReports(services.state, services.shards).record({
    messageSid,
    workspace,
    status,
    errorCode: code && code > 0 ? code : null,
    to: to || null,
    from: from || null,
    callSid: request.call.carried.callSid ?? null,
    messagingServiceSid: MESSAGING_SERVICE_SID.test(params.MessagingServiceSid ?? '') ? params.MessagingServiceSid! : null,
    at: now.toISOString(),
  });
  const text = `text ${messageSid} to ${to || '?'}${report.callSid ? ` (call ${report.callSid})` : ''}`;
  if (report.status !== status) log.info(`${text}: ${status} arrived after ${report.status}; keeping ${report.status}`);
  else if (status === 'undelivered' || status === 'failed')
    log.warn(`${text} ${status}: ${report.errorCode ? describeDeliveryError(report.errorCode) : 'Twilio gave no error code'}`);
  else log.info(`${text}: ${status}`);
  return emptyTwiml();
}
