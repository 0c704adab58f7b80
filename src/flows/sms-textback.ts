// sms-textback: the missed-call text as an endpoint. `Mode=test` sends the seed's "Send Test" (the
// configured message for a sample contact) to `To`, unless `To` opted out or is no number to text; otherwise
// `CallSid` retries the text of that missed call (still at most once per call and per window), and only of a call
// its log says was missed: an answered, rejected or still ringing call, or one spam protection screened (its route's
// textBack false), is refused with the reason (409) and nothing is sent. Answers JSON: what text-back did.
import type { Fallback, Reply, WebhookRequest } from '../runtime/request';
import { CallLogFinder } from '../calls/call-finder';
import { callHistoryTtlSeconds, isCallSid, type CallOutcome, type CallRecord } from '../calls/call-log';
import { routedNumber } from '../calls/call-context';
import { E164_PATTERN, isWorkspaceId } from '../config/constants';
import type { PhoneNumber, Workspace } from '../config/types';
import { sendTestText, textBackMissedCall } from '../textback/textback';
import { recordTextBack } from './missed-call';

const refuse = (detail: string): Reply => ({ status: 400, json: { status: 'refused', detail } });

/** Why a call that is not missed gets no text-back, by what its log says it was. */
const NOT_MISSED: Record<Exclude<CallOutcome, 'missed'>, string> = {
  answered: 'was answered: a caller who talked to someone is never texted "sorry we missed your call"',
  rejected: 'was rejected (an unknown or inactive number, or the abuse guard): it is not a missed call',
  'in-progress': 'is not over yet, or its end was never recorded: text-back waits until its log says it was missed',
};

/**
 * What the call log says the call was. A call whose end could not be recorded (the dial's entry was lost to a
 * failing store) but whose text-back was attempted is missed: only a step that found it missed attempts one.
 */
function missedOrNot(record: CallRecord): CallOutcome {
  return record.outcome === 'in-progress' && record.textback ? 'missed' : record.outcome;
}

/** The number a test text is sent from: the one asked for, else the workspace's first that can text. */
export function testSender(workspace: Workspace, from: string | undefined): PhoneNumber | undefined {
  return from
    ? workspace.numbers.find((number) => number.number === from)
    : workspace.numbers.find((number) => number.capabilities.sms && number.status === 'active');
}

export async function smsTextback(request: WebhookRequest): Promise<Reply> {
  const { params, now, log, services } = request;
  if (params.Mode === 'test') {
    const to = request.call.to.trim();
    if (!E164_PATTERN.test(to)) return refuse('To must be an E.164 number');
    const found = await services.configuration.forWorkspace(params.Workspace ?? '');
    const workspace = found.configuration.workspaces.find((candidate) => candidate.id === params.Workspace);
    if (!workspace) return refuse(`no workspace "${params.Workspace ?? ''}"`);
    const number = testSender(workspace, params.From);
    if (!number)
      return refuse(
        params.From
          ? `${params.From} is not a number of workspace ${workspace.id}`
          : `workspace ${workspace.id} has no number that can text`,
      );
    const outcome = await sendTestText(
      { messenger: services.messenger, state: services.state, shards: services.shards, now },
      workspace,
      number,
      to,
    );
    log.info(`test text to ${to} from ${number.number}: ${outcome.status}`);
    return { json: outcome };
  }
  if (!isCallSid(params.CallSid)) return refuse('CallSid (of a missed call) or Mode=test is required');
  if (params.Workspace !== undefined && !isWorkspaceId(params.Workspace))
    return refuse('Workspace must be a workspace id (lower-case letters, digits and hyphens)');
  // A retry names the call, not where its log is: look in its shard of each workspace (or of `Workspace` alone). The
  // listing that finds it holds everything recorded about it (route, dial, text-back): nothing is read twice.
  let found;
  try {
    const workspaces = params.Workspace ? [params.Workspace] : await services.configuration.workspaceIds();
    found = await new CallLogFinder(
      services.state,
      services.shards,
      log,
      callHistoryTtlSeconds(request.env.CALL_HISTORY_DAYS),
    ).openWithRecord(params.CallSid, workspaces);
  } catch (error) {
    log.error(`could not look up call ${params.CallSid}`, error);
    return { status: 503, json: { status: 'failed', detail: 'the call log could not be read; try again' } };
  }
  const { route } = found?.record ?? {};
  if (!found || !route) return refuse(`no call ${params.CallSid} in the call log`);
  const { callLog } = found;
  // A call spam protection screened is never texted (its route says textBack false): not on a retry either.
  if (route.textBack === false) {
    const why = `call ${params.CallSid} was screened by spam protection (rule ${route.rule}${route.screening ? `: ${route.screening.verdict}, ${route.screening.why}` : ''}): a screened caller is never texted; nothing was sent`;
    log.info(`no text-back retry for ${params.CallSid}: screened`);
    return { status: 409, json: { status: 'refused', reason: 'screened', detail: why } };
  }
  const outcome = missedOrNot(found.record);
  if (outcome !== 'missed') {
    log.info(`no text-back retry for ${params.CallSid}: the call ${NOT_MISSED[outcome]}`);
    return {
      status: 409,
      json: { status: 'refused', reason: outcome, detail: `call ${params.CallSid} ${NOT_MISSED[outcome]}; nothing was sent` },
    };
  }
  const configuration = await request.configuration({ to: route.to, from: route.from });
  if (!routedNumber(configuration, route.to)) return refuse(`${route.to} is no longer a routed number`);
  const record = recordTextBack(callLog, params.CallSid, log);
  const texted = await textBackMissedCall(
    { state: services.state, shards: services.shards, messenger: services.messenger, log, now, record },
    { callSid: params.CallSid, to: route.to, from: route.from },
    configuration,
  );
  log.info(`retried text-back for ${params.CallSid}: ${texted.status}${texted.reason ? ` (${texted.reason})` : ''}`);
  return { json: texted };
}

export const smsTextbackFallback: Fallback = () => ({
  reply: { status: 200, json: { status: 'failed', detail: 'text-back could not run; see the log' } },
  description: 'a JSON failure',
});
