// outbound-call: the Voice URL of the TwiML App the web and mobile apps call through. Dials the number
// the app asks for, from the user's number (or that number's verified caller ID), with the number's
// outbound timeout (blank: 60 s) and its recording setting.
import type { Fallback, WebhookRequest } from '../runtime/request';
import { DEFAULT_TIMEOUT_SECONDS, E164_PATTERN } from '../config/constants';
import type { PhoneNumber, Workspace } from '../config/types';
import { outboundTwiml, refuseTwiml } from '../twiml/outbound';
import { PATHS } from './urls';

/** `client:<workspace>_<user>_<web|mobile>`: ids hold no underscore, so the split is unambiguous. */
export function parseClientIdentity(from: string): { workspace: string; user: string; app: 'web' | 'mobile' } | null {
  const match = /^client:([a-z0-9-]+)_([a-z0-9-]+)_(web|mobile)$/.exec(from);
  return match ? { workspace: match[1]!, user: match[2]!, app: match[3] as 'web' | 'mobile' } : null;
}

/** The user's number: the one assigned to them, else one whose ring group has them, else the workspace's first active. */
export function outboundNumberFor(workspace: Pick<Workspace, 'numbers'>, userId: string): PhoneNumber | undefined {
  const active = workspace.numbers.filter((number) => number.status === 'active');
  return active.find((number) => number.assignedUser === userId) ?? active.find((number) => number.ringUsers.includes(userId)) ?? active[0];
}

export async function outboundCall({ params, now, log, callLog, services }: WebhookRequest): Promise<string> {
  const identity = parseClientIdentity(params.From ?? '');
  if (!identity) {
    log.warn(`refused an outbound call from "${(params.From ?? '').slice(0, 60)}": not one of our app identities`);
    return refuseTwiml('This call cannot be placed.');
  }
  const to = (params.To ?? '').trim();
  if (!E164_PATTERN.test(to)) {
    log.warn(`refused an outbound call from ${identity.workspace}/${identity.user} to "${to.slice(0, 40)}": not an E.164 number`);
    return refuseTwiml('The number you dialed is not valid. Please dial it with the country code.');
  }
  const found = await services.configuration.forWorkspace(identity.workspace);
  for (const warning of found.warnings) log.warn(warning);
  const workspace = found.configuration.workspaces.find((candidate) => candidate.id === identity.workspace);
  const user = workspace?.users.find((candidate) => candidate.id === identity.user);
  const number = workspace && user ? outboundNumberFor(workspace, user.id) : undefined;
  if (!workspace || !user || !number) {
    log.warn(`refused an outbound call from ${params.From}: ${!workspace ? 'unknown workspace' : !user ? 'unknown user' : 'the workspace has no active number'}`);
    return refuseTwiml('This call cannot be placed.');
  }
  const callerId = number.verifiedCallerId ?? number.number;
  const timeout = number.outboundTimeout ?? DEFAULT_TIMEOUT_SECONDS;
  log.info(`${identity.user} (${identity.app} app) calls ${to} from ${number.number}, caller ID ${callerId}, ${timeout} s${number.recording.enabled ? ', recorded' : ''}`);
  await callLog.write(params.CallSid, 'route', {
    at: now.toISOString(),
    to,
    from: params.From ?? '',
    workspace: workspace.id,
    rule: 'outbound',
    action: 'outbound',
    legs: [`number:${to}`],
    callerId,
    reason: `${identity.user} called out from the ${identity.app} app`,
  });
  return outboundTwiml({ to, callerId, timeout, record: number.recording.enabled, recordingStatus: PATHS.recordingStatus });
}

export const outboundCallFallback: Fallback = () => ({ reply: refuseTwiml(''), description: 'an apology' });
