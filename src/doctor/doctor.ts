// `config doctor`: warnings about a valid bundle that will not block it but will surprise someone on a call.
import { MAX_DIAL_LEGS, legsForUser, selectLegs } from '../routing/legs';
import { DEFAULT_TIMEOUT_SECONDS } from '../config/constants';
import type { ConfigIssue } from '../config/errors';
import type { Bundle, PhoneNumber, User, Workspace } from '../config/types';
import { ringGroupRingsNothing } from '../config/ring-group';
import { checkWebhookUrl } from '../config/webhook-url';
import { isUsLongCode } from '../phone';
import { CARRIER_FILTERED_CODE, UNREGISTERED_10DLC_CODE, explainDeliveryError } from '../textback/delivery-errors';
import { messagingServiceFor } from '../textback/sender';
import { renderTextBack } from '../textback/policy';
import { describeSmsCost, smsCost, type SmsCost } from '../templates/segments';

const explained = (code: number) => `Twilio error ${code}, ${explainDeliveryError(code)!.title}`;

/** One warning per workspace: its US long codes that text back without a Messaging Service (A2P 10DLC). */
function unregisteredTextBack(workspace: Workspace): string | null {
  const numbers = workspace.numbers.filter(
    (number) =>
      (number.textBack.enabled ?? workspace.textBack.enabled) &&
      number.capabilities.sms &&
      isUsLongCode(number.number) &&
      !messagingServiceFor(workspace, number),
  );
  if (numbers.length === 0) return null;
  const list = numbers.map((number) => number.number).join(', ');
  return (
    `text-back from ${list} (US long code${numbers.length > 1 ? 's' : ''}) has no Messaging Service: US carriers block texts from 10DLC numbers ` +
    `not registered for A2P 10DLC (${explained(UNREGISTERED_10DLC_CODE)}) or filter them (${explained(CARRIER_FILTERED_CODE)}), while the text looks sent. ` +
    `Register a brand and campaign (Console: Messaging > Regulatory Compliance), add the numbers to the campaign's Messaging Service, and set messagingServiceSid here (or on each number)`
  );
}

/** About when a cell phone's own voicemail picks up a call that keeps ringing. */
export const CARRIER_VOICEMAIL_SECONDS = 20;
/** Below this a timeout is shorter than seed 004's recommended 10-20 s (1-4 s is seed 000's straight-to-voicemail trick). */
export const SHORT_TIMEOUT_SECONDS = 10;

/** Whether a call to this number can ring a phone (whose own voicemail may answer), by any rule. */
function ringsAPhone(number: PhoneNumber, workspace: Workspace, users: ReadonlyMap<string, User>): boolean {
  if (number.mode === 'voicemail') return false;
  // Forward mode, the fallback phone of a user without one, or after hours.
  if (number.forwardingNumber || number.afterHours.action === 'forward') return true;
  if (workspace.companyPhone && workspace.inbound.forwardToCompanyPhone) return true;
  const rung = [number.assignedUser, ...number.ringUsers, ...workspace.contacts.map((contact) => contact.assignedUser)];
  return rung.some((id) => {
    const user = id ? users.get(id) : undefined;
    return user ? legsForUser(user, workspace, number).targets.some((target) => target.kind === 'number') : false;
  });
}

/**
 * The configured text-back templates that cost more than one segment per missed call (UCS-2 halves a segment): each
 * rendered as it is sent (renderTextBack) to a caller who is not a contact, from every number that uses it; the
 * costliest rendering is reported once, at the template's path.
 */
function costlyTextBacks(workspace: Workspace, at: (...rest: (string | number)[]) => string): ConfigIssue[] {
  const worst = new Map<string, { cost: SmsCost; number: string }>();
  for (const [n, number] of workspace.numbers.entries()) {
    if (!(number.textBack.enabled ?? workspace.textBack.enabled) || !number.capabilities.sms) continue;
    const path =
      number.textBack.message !== null
        ? at('numbers', n, 'textBack', 'message')
        : workspace.textBack.message !== null
          ? at('textBack', 'message')
          : null;
    if (path === null) continue;
    const cost = smsCost(renderTextBack(workspace, number, null, number.number));
    const seen = worst.get(path);
    if (!seen || cost.segments > seen.cost.segments) worst.set(path, { cost, number: number.number });
  }
  return [...worst.entries()]
    .filter(([, { cost }]) => cost.segments > 1)
    .map(([path, { cost, number }]) => ({
      path,
      message: `the text-back from ${number} to a caller who is not a contact costs ${describeSmsCost(cost)}, on every missed call (a contact's name adds its length)${cost.nonGsmCharacter ? `; without "${cost.nonGsmCharacter}" and other non-GSM characters it is sent as GSM-7` : ''}`,
    }));
}

export function diagnose(bundle: Bundle): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  bundle.workspaces.forEach((workspace, w) => {
    const at = (...rest: (string | number)[]) => ['workspaces', w, ...rest].join('.');
    const users = new Map(workspace.users.map((user) => [user.id, user]));

    const unregistered = unregisteredTextBack(workspace);
    if (unregistered) warnings.push({ path: at('messagingServiceSid'), message: unregistered });

    warnings.push(...costlyTextBacks(workspace, at));

    workspace.webhooks.forEach((webhook, h) => {
      const deployed = checkWebhookUrl(webhook.url, true);
      if (!deployed.ok)
        warnings.push({
          path: at('webhooks', h, 'url'),
          message: `${webhook.url} works only while the functions are served locally: deployed, call events are sent to https:// URLs only`,
        });
    });

    workspace.users.forEach((user, u) => {
      if (!user.phone && !user.webApp && !user.mobileApp) {
        warnings.push({
          path: at('users', u),
          message: `user "${user.id}" has no phone and no app: they can only be reached through a fallback phone`,
        });
      }
    });

    const companyGreeting = Boolean(workspace.voicemail.greetingUrl || workspace.voicemail.greetingText);
    workspace.numbers.forEach((number, n) => {
      const assigned = number.assignedUser ? users.get(number.assignedUser) : undefined;
      if (assigned && legsForUser(assigned, workspace, number).targets.length === 0) {
        warnings.push({
          path: at('numbers', n, 'assignedUser'),
          message: `${number.number} is assigned to "${assigned.id}", who can ring nothing (no app, no phone, no forwarding number or company phone to fall back on)`,
        });
      }

      const timeout = number.inboundTimeout ?? workspace.inbound.timeout ?? DEFAULT_TIMEOUT_SECONDS;
      const timeoutPath = number.inboundTimeout !== null ? at('numbers', n, 'inboundTimeout') : at('inbound', 'timeout');
      const greeting = companyGreeting || Boolean(assigned?.voicemail.greetingUrl || assigned?.voicemail.greetingText);
      const textBack = number.textBack.enabled ?? workspace.textBack.enabled;
      const phone = ringsAPhone(number, workspace, users);
      if (phone && timeout > CARRIER_VOICEMAIL_SECONDS && textBack && !number.callConnect.enabled) {
        // Seed 000's trap: the phone's own voicemail answers, Twilio bridges it, and the call counts as answered.
        warnings.push({
          path: timeoutPath,
          message: `${number.number} rings a phone for ${timeout} s with text-back on and call connect off: a cell phone's own voicemail answers after about ${CARRIER_VOICEMAIL_SECONDS} s, the call then counts as answered and the caller gets no text${greeting ? ' (nor your greeting)' : ''}; ring for 10-20 s, or turn call connect on`,
        });
      } else if (phone && greeting && timeout > CARRIER_VOICEMAIL_SECONDS) {
        warnings.push({
          path: timeoutPath,
          message: `${number.number} rings for ${timeout} s with a voicemail greeting set: a cell phone's own voicemail usually answers after about ${CARRIER_VOICEMAIL_SECONDS} s, so callers may never reach yours`,
        });
      } else if (timeout < SHORT_TIMEOUT_SECONDS) {
        warnings.push({
          path: timeoutPath,
          message: `${number.number} rings for only ${timeout} s: few people reach the phone that fast (fine if you mean calls to go straight to voicemail)`,
        });
      }

      if (!number.capabilities.voice) {
        warnings.push({
          path: at('numbers', n, 'capabilities', 'voice'),
          message: `${number.number} cannot take calls (capabilities.voice is false): no call to it reaches these functions, so its routing never applies`,
        });
      }
      if (textBack && !number.capabilities.sms) {
        warnings.push({
          path: at('numbers', n, 'capabilities', 'sms'),
          message: `text-back is on, but ${number.number} cannot send SMS: its missed callers get no text`,
        });
      }
      if (number.recording.enabled && !number.recording.announcement) {
        warnings.push({
          path: at('numbers', n, 'recording', 'announcement'),
          message: `${number.number} records calls without an announcement; most places require telling the caller`,
        });
      }
      if (number.ringUsers.length > 0) {
        const candidates = number.ringUsers.flatMap((id) => {
          const user = users.get(id);
          return user ? legsForUser(user, workspace, number).targets : [];
        });
        const { kept, dropped } = selectLegs(candidates, number.number, new Set(workspace.numbers.map((other) => other.number)));
        const overLimit = dropped.filter((drop) => drop.reason === 'leg-limit').length;
        if (overLimit > 0) {
          warnings.push({
            path: at('numbers', n, 'ringUsers'),
            message: `the ring group would ring ${kept.length + overLimit} legs; Twilio rings at most ${MAX_DIAL_LEGS} at once, so ${overLimit} will not ring`,
          });
        }
        // With no greeting validation refuses this (every caller hung up); with one, callers only ever reach voicemail.
        if (ringGroupRingsNothing(workspace, users, number)) {
          warnings.push({
            path: at('numbers', n, 'ringUsers'),
            message: `no user of the ring group (${number.ringUsers.join(', ')}) can ring anything (no app, no phone, no forwarding number or company phone to fall back on): every call to ${number.number} that reaches the ring group goes straight to voicemail`,
          });
        }
      }
    });
  });
  return warnings;
}
