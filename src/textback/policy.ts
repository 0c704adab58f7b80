// Whether a missed caller gets a text, and what it says. Pure: the opt-out and window facts come in
// as arguments; the message is the number's override, else the workspace's, else a default.
import type { Contact, PhoneNumber, Workspace } from '../config/types';
import { callerOf } from '../phone/caller-id';
import { callValues } from '../templates/values';
import { renderTemplate } from '../templates/template';

export const DEFAULT_TEXTBACK_MESSAGE =
  "Hi {{contact.first_name | there}}, this is {{business.name}}. Sorry we missed your call. Reply here and we'll get right back to you.";

export type SkipReason =
  | 'disabled'
  | 'withheld'
  | 'own-user'
  | 'opted-out'
  | 'do-not-text'
  | 'no-sms'
  | 'window'
  | 'already-sent'
  | 'claimed'
  | 'not-configured'
  /** Spam protection turned the call away (issue 20: the decision's textBack false): spam is never texted. */
  | 'screened'
  | 'error';

export interface TextPlan {
  to: string;
  from: string;
  body: string;
}

export type Eligibility =
  | { send: true; plan: TextPlan; windowMinutes: number }
  | { send: false; reason: SkipReason; detail: string; to: string; from: string };

export interface EligibilityInput {
  workspace: Workspace;
  number: PhoneNumber;
  contact: Contact | null;
  caller: string;
  /** The caller replied STOP (or Twilio answered 21610) and has not replied START since. */
  optedOut: boolean;
}

export function renderTextBack(
  workspace: Pick<Workspace, 'name' | 'companyPhone' | 'textBack'>,
  number: PhoneNumber,
  contact: Contact | null,
  caller: string,
): string {
  const template = number.textBack.message ?? workspace.textBack.message ?? DEFAULT_TEXTBACK_MESSAGE;
  return renderTemplate(template, callValues({ workspace, number, contact, from: caller, to: number.number }));
}

/** Who on the workspace's own side has this number: a user's phone, the company phone, or one of its numbers. */
function ownSide(workspace: Pick<Workspace, 'users' | 'companyPhone' | 'numbers'>, phone: string): string | null {
  const user = workspace.users.find((candidate) => candidate.phone === phone);
  if (user) return `the phone of user ${user.id}`;
  if (workspace.companyPhone === phone) return 'the company phone';
  if (workspace.numbers.some((number) => number.number === phone)) return "one of the workspace's own numbers";
  return null;
}

/**
 * Why a number must never be texted, whatever the text (a text-back or a test): its contact is marked opted out, it
 * replied STOP (`optedOut`), or it is on the workspace's do-not-text list; null when none holds.
 */
export function standingRefusal(
  workspace: Pick<Workspace, 'textBack'>,
  to: string,
  contact: Pick<Contact, 'optedOut'> | null,
  optedOut: boolean,
): { reason: SkipReason; detail: string } | null {
  if (contact?.optedOut) return { reason: 'opted-out', detail: `contact ${to} is marked opted out` };
  if (optedOut) return { reason: 'opted-out', detail: `${to} replied STOP` };
  if (workspace.textBack.doNotText.includes(to)) return { reason: 'do-not-text', detail: `${to} is on the workspace's do-not-text list` };
  return null;
}

export function textBackEligibility({ workspace, number, contact, caller, optedOut }: EligibilityInput): Eligibility {
  const from = number.number;
  const classified = callerOf(caller);
  const to = classified.withheld ? caller : classified.number;
  const skip = (reason: SkipReason, detail: string): Eligibility => ({ send: false, reason, detail, to, from });
  if (!(number.textBack.enabled ?? workspace.textBack.enabled)) return skip('disabled', `text-back is off for ${number.number}`);
  if (classified.withheld) return skip('withheld', classified.reason);
  const insider = ownSide(workspace, to);
  if (insider) return skip('own-user', `${to} is ${insider}: the workspace's own people are never texted back`);
  if (!number.capabilities.sms) return skip('no-sms', `${number.number} cannot send SMS`);
  const refused = standingRefusal(workspace, to, contact, optedOut);
  if (refused) return skip(refused.reason, refused.detail);
  return {
    send: true,
    plan: { to, from, body: renderTextBack(workspace, number, contact, caller) },
    windowMinutes: workspace.textBack.windowMinutes,
  };
}
