// outbound-call: the Voice URL of the TwiML App the web and mobile apps call through. Dials the number
// the app asks for, from the user's number (or that number's verified caller ID), with the number's
// outbound timeout (blank: 60 s) and its recording setting. Only a user whose app (web or mobile, per the
// identity) is enabled may call, and only where the workspace's outbound policy allows (src/phone). A
// recorded call is announced: to the app user before the dial, and to the called party when they answer
// (the <Number url> comes back here, its URL carrying the step `announce`: src/calls/callback-state).
import type { Fallback, WebhookRequest } from '../runtime/request';
import { callPlace } from '../calls/call-log';
import { decodeCallbackState } from '../calls/callback-state';
import { DEFAULT_TIMEOUT_SECONDS, E164_PATTERN } from '../config/constants';
import type { PhoneNumber, Workspace } from '../config/types';
import { checkDestination } from '../phone/outbound-policy';
import { callValues } from '../templates/values';
import { renderTemplate } from '../templates/template';
import { sayVoiceOf, type SayVoice } from '../config/voices';
import { announcementTwiml, outboundTwiml, refuseTwiml } from '../twiml/outbound';
import { PATHS, callCallbackUrl, stateUrl } from './urls';

/** Said to the called party when the number's announcement cannot be read. */
export const GENERIC_RECORDING_ANNOUNCEMENT = 'This call may be recorded.';

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

/** The number's recording announcement with its custom values filled in (the called party is not a known contact). */
function renderAnnouncement(workspace: Workspace, number: PhoneNumber, to: string): string | null {
  const template = number.recording.announcement;
  return template ? renderTemplate(template, callValues({ workspace, number, contact: null, from: number.number, to })) : null;
}

export async function outboundCall(request: WebhookRequest): Promise<string> {
  if (request.call.carried.step === 'announce') return announceToCalledParty(request);
  const { params, now, log, callLog, services, call } = request;
  const identity = parseClientIdentity(call.from);
  if (!identity) {
    log.warn(`refused an outbound call from "${call.from.slice(0, 60)}": not one of our app identities`);
    return refuseTwiml('This call cannot be placed.');
  }
  const to = call.to.trim();
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
    log.warn(
      `refused an outbound call from ${params.From}: ${!workspace ? 'unknown workspace' : !user ? 'unknown user' : 'the workspace has no active number'}`,
    );
    return refuseTwiml('This call cannot be placed.');
  }
  const appEnabled = identity.app === 'web' ? user.webApp : user.mobileApp;
  if (!appEnabled) {
    log.warn(`refused an outbound call from ${params.From}: ${user.id}'s ${identity.app} app is not enabled`);
    return refuseTwiml('This app is not enabled for calls.');
  }
  const destination = checkDestination(workspace, to);
  if (!destination.allowed) {
    log.warn(`refused an outbound call from ${identity.workspace}/${identity.user}: ${destination.reason}`);
    return refuseTwiml(destination.spoken);
  }
  const callerId = number.verifiedCallerId ?? number.number;
  const timeout = number.outboundTimeout ?? DEFAULT_TIMEOUT_SECONDS;
  const record = number.recording.enabled;
  log.info(
    `${identity.user} (${identity.app} app) calls ${to} (${destination.country}) from ${number.number}, caller ID ${callerId}, ${timeout} s${record ? ', recorded' : ''}`,
  );
  if (params.CallSid) callLog.moveTo(callPlace(services.shards, workspace.id, params.CallSid));
  await callLog.write(params.CallSid, 'route', {
    at: now.toISOString(),
    to,
    from: call.from,
    workspace: workspace.id,
    rule: 'outbound',
    action: 'outbound',
    legs: [`number:${to}`],
    callerId,
    reason: `${identity.user} called out from the ${identity.app} app`,
  });
  return outboundTwiml({
    to,
    callerId,
    timeout,
    record,
    recordingStatus: callCallbackUrl(PATHS.recordingStatus, await callLog.place()),
    ...(record
      ? {
          ...announcementOf(workspace, number, to),
          calledPartyUrl: stateUrl(PATHS.outboundCall, { step: 'announce', workspace: workspace.id, number: number.number }),
        }
      : {}),
  });
}

/** The called party answered a recorded call: they hear the number's announcement, then the call is bridged. */
async function announceToCalledParty({ log, services, call }: WebhookRequest): Promise<string> {
  const { workspace: workspaceId, number: numberCalled } = call.carried;
  const found = workspaceId ? await services.configuration.forWorkspace(workspaceId) : null;
  const workspace = found?.configuration.workspaces.find((candidate) => candidate.id === workspaceId);
  const number = workspace?.numbers.find((candidate) => candidate.number === numberCalled);
  const text = workspace && number ? renderAnnouncement(workspace, number, call.to) : null;
  if (!text) log.warn(`recording announcement for ${numberCalled ?? '(no number)'} not found; saying the generic one`);
  return text && workspace ? announcementTwiml(text, sayVoiceOf(workspace)) : announcementTwiml(GENERIC_RECORDING_ANNOUNCEMENT);
}

/** The number's own announcement in the workspace's language and voice, else ours in English. */
function announcementOf(workspace: Workspace, number: PhoneNumber, to: string): { announcement: string; speech?: SayVoice } {
  const own = renderAnnouncement(workspace, number, to);
  return own ? { announcement: own, speech: sayVoiceOf(workspace) } : { announcement: GENERIC_RECORDING_ANNOUNCEMENT };
}

/** The app user hears an apology; a called party being announced hears the generic announcement and is bridged. */
export const outboundCallFallback: Fallback = ({ params }) =>
  decodeCallbackState(params).step === 'announce'
    ? { reply: announcementTwiml(GENERIC_RECORDING_ANNOUNCEMENT), description: 'the generic recording announcement' }
    : { reply: refuseTwiml(''), description: 'an apology' };
