// Rehearses one inbound text: POSTs it to incoming-sms as Twilio would (signed, with a fresh MessageSid, MMS media
// as NumMedia and MediaUrl0..n), then reads back from the functions' state what became of it: whether it opted the
// sender out (or back in), and, for a reply, its record in the caller's history: whom it was forwarded to, with
// what text and outcome, and the message.received deliveries; for a text from a user's own phone, whom it answered or
// the note that said why it went nowhere.
import { randomBytes } from 'node:crypto';
import { LastCalls } from '../calls/last-call';
import { replyLedger, type LedgerDeps, type ReplyEntry } from '../replies/ledger';
import { readReply } from '../textback/keywords';
import { OptOuts } from '../textback/opt-out';
import { PATHS } from '../flows/urls';
import { postWebhook, SimulationError, type WebhookSigning } from './webhook-post';
import type { SimulatedNotification } from './notifications';

export interface SmsSimulationOptions extends WebhookSigning {
  baseUrl: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  /** MMS attachments (https URLs). */
  media?: readonly string[];
  /** ISO-8601; sent as SimulatedAt (the server must allow it). */
  at?: string;
}

export interface SmsSimulationResult {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  /** What the functions made of it: an opt-out, an opt-in (START alone from someone opted out), or a reply (HELP included). */
  intent: 'opt-out' | 'opt-in' | 'other';
  sms: {
    /** The sender is opted out of the workspace's texts after this one (a STOP word). */
    optOut: boolean;
    forwarded: { user: string; to: string; status: string; body: string | null; detail?: string }[];
    /** The reply's record in the caller's history (null for an opt-out or opt-in, or when none was kept). */
    reply: ReplyEntry | null;
  };
  notifications: SimulatedNotification[];
}

/** Sends the text; its MessageSid (MM... when it carries media). */
export async function sendSimulatedSms(options: SmsSimulationOptions): Promise<string> {
  const media = options.media ?? [];
  const bad = media.find((url) => !/^https:\/\/\S+$/.test(url));
  if (bad) throw new SimulationError(`--media "${bad}" is not an https URL`);
  const messageSid = `${media.length ? 'MM' : 'SM'}${randomBytes(16).toString('hex')}`;
  const params: Record<string, string> = {
    AccountSid: options.accountSid,
    MessageSid: messageSid,
    SmsSid: messageSid,
    SmsMessageSid: messageSid,
    From: options.from,
    To: options.to,
    Body: options.body,
    NumSegments: '1',
    NumMedia: String(media.length),
    ApiVersion: '2010-04-01',
    ...Object.fromEntries(media.map((url, index) => [`MediaUrl${index}`, url])),
    ...(options.at ? { SimulatedAt: options.at } : {}),
  };
  await postWebhook(`${options.baseUrl}${PATHS.incomingSms}`, params, options);
  return messageSid;
}

/** What the functions recorded about the text, read from their state (`workspace`: the one the called number belongs to, if any). */
export async function smsOutcome(
  deps: LedgerDeps,
  text: { messageSid: string; from: string; to: string; body: string; workspace: string | null },
): Promise<SmsSimulationResult> {
  const { kind } = readReply(text.body);
  const optOut =
    text.workspace !== null && kind === 'opt-out' && (await new OptOuts(deps.store, deps.shards).isOptedOut(text.workspace, text.from));
  const reply = text.workspace !== null && kind !== 'opt-out' ? await recordedReply(deps, text.workspace, text) : null;
  // START alone opts in only someone who had opted out: anyone else's is a reply, with its record.
  const intent = kind === 'opt-out' ? 'opt-out' : kind === 'opt-in' && reply === null ? 'opt-in' : 'other';
  const forwardBody = reply?.forwardBody ? [reply.forwardBody, ...(reply.forwardMore ?? [])].join('\n\n') : null;
  const forwarded = (reply?.forwarded ?? []).map((entry) => ({
    user: entry.user,
    to: entry.to,
    status: entry.status,
    body: forwardBody,
    ...(entry.detail ? { detail: entry.detail } : {}),
  }));
  const notifications = replyNotifications(forwarded, reply);
  return {
    messageSid: text.messageSid,
    from: text.from,
    to: text.to,
    body: text.body,
    intent,
    sms: { optOut, forwarded, reply },
    notifications,
  };
}

/** The reply's record in the ledger of the caller's last call (or of no call). */
async function recordedReply(deps: LedgerDeps, workspace: string, text: { messageSid: string; from: string }): Promise<ReplyEntry | null> {
  const last = await new LastCalls(deps.store, deps.shards, deps.ttlSeconds).find(workspace, text.from);
  return replyLedger(deps, workspace, text.from, last.state === 'found' ? last.call : null).read(text.messageSid);
}

/** What a reply caused: the forwards to users, the message.received deliveries, and a user's own text's answer or note. */
function replyNotifications(
  forwarded: Array<{ to: string; status: string; body: string | null }>,
  reply: ReplyEntry | null,
): SimulatedNotification[] {
  return [
    ...forwarded.map((entry) => ({
      channel: 'sms' as const,
      to: entry.to,
      status: entry.status,
      ...(entry.body ? { body: entry.body } : {}),
    })),
    ...(reply?.events ?? []).map((delivery) => ({
      channel: 'webhook' as const,
      to: delivery.url,
      status: delivery.status,
      event: 'message.received',
    })),
    ...(reply?.answer ? staffTexts(reply) : []),
  ];
}

/** What a user's own text caused (src/replies/staff-answer): the answer to the customer, or the note back to them. */
function staffTexts(reply: ReplyEntry): SimulatedNotification[] {
  const answer = reply.answer!;
  const texts: SimulatedNotification[] = [];
  if (answer.customer && ['sent', 'outbox', 'failed', 'opted-out'].includes(answer.status))
    texts.push({
      channel: 'sms',
      to: answer.customer,
      status: answer.status,
      event: 'staff-answer',
      ...(reply.forwardBody ? { body: reply.forwardBody } : {}),
    });
  if (answer.note && answer.note.status !== 'withheld')
    texts.push({ channel: 'sms', to: reply.from, status: answer.note.status, event: 'staff-note', body: answer.note.body });
  return texts;
}

/** How a simulated text's status reads (a forward here, the text-back in the call's transcript). */
export const STATUS_WORDS: Record<string, string> = {
  sent: 'sent',
  outbox: 'NOT SENT (local mode, in the outbox)',
  failed: 'FAILED',
  'opted-out': 'not sent (they replied STOP to this number)',
};

/** The readable account of a simulated text, one line each. */
export function describeSms(result: SmsSimulationResult, workspace: string | null): string[] {
  const lines = [`${result.from} texts ${result.to} (${result.messageSid}): "${result.body}"`];
  if (workspace === null) return [...lines, `${result.to} is not a routed number: nothing recorded, nothing forwarded`];
  if (result.intent === 'opt-out')
    return [
      ...lines,
      result.sms.optOut
        ? `${result.from} opted out of texts from ${workspace} (a STOP word): not forwarded`
        : "a STOP word, but no opt-out was recorded (see the functions' log)",
    ];
  if (result.intent === 'opt-in')
    return [...lines, `${result.from} opted back in to texts from ${workspace} (a START word): not forwarded`];
  const reply = result.sms.reply;
  if (!reply) return [...lines, "no record of this reply was kept (see the functions' log)"];
  lines.push(`filed with ${reply.callSid ? `their last call ${reply.callSid}` : 'no call (they have not called in the retention period)'}`);
  if (reply.answer) return [...lines, ...describeStaffText(reply)];
  if (result.sms.forwarded.length === 0) lines.push(`forwarded to nobody: ${reply.why}`);
  for (const entry of result.sms.forwarded)
    lines.push(
      `forwarded to ${entry.user} (${entry.to}): ${STATUS_WORDS[entry.status] ?? entry.status}${entry.detail && entry.status !== 'outbox' ? ` (${entry.detail})` : ''}`,
    );
  if (reply.mark === 'may-be-opt-out') lines.push(`may be a request to stop: forwarded with a note, not taken as an opt-out`);
  if (reply.answered)
    lines.push(`answered ${result.from} (${STATUS_WORDS[reply.answered.status] ?? reply.answered.status}): "${reply.answered.body}"`);
  const texts = [reply.forwardBody, ...(reply.forwardMore ?? [])].filter((body): body is string => body !== null);
  if (result.sms.forwarded.length)
    lines.push(...texts.flatMap((body, index) => [...(index ? ['  |'] : []), ...body.split('\n').map((line) => `  | ${line}`)]));
  const events = reply.events ?? [];
  lines.push(
    events.length
      ? `message.received: ${events.map((delivery) => `${delivery.status} to ${delivery.url}`).join(', ')}`
      : 'message.received: no webhook of the workspace takes it',
  );
  return lines;
}

/** A user's own text: whom it answered (never forwarded to other users), or why it went nowhere and whether a note said so. */
function describeStaffText(reply: ReplyEntry): string[] {
  const answer = reply.answer!;
  const status = STATUS_WORDS[answer.status] ?? answer.status;
  const lines = [
    answer.customer && reply.forwardBody
      ? `${answer.user} answered ${answer.customer} from ${reply.to}: ${status}`
      : `${answer.user}'s text went to nobody (${answer.status}): ${reply.why}`,
  ];
  if (answer.note)
    lines.push(
      `note to ${answer.user}: ${answer.note.status === 'withheld' ? 'none (one was sent within the hour)' : (STATUS_WORDS[answer.note.status] ?? answer.note.status)}`,
    );
  return lines;
}
