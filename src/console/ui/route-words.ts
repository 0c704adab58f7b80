// A routing decision told in an owner's words, people by name: "Rings Alice for 15 s, then Bob, Carol and Dan
// together for 20 s"; what spam protection did; the phone menu's choice; a leg; who was skipped and why; and the same
// of a call in the history (historyRouteWords). Also the preview's inputs: the "Presses" field and the "Caller ID
// check". Pure: the preview and the Calls page both use it.
import { contactNames } from '../contact-name';
import type { Workspace } from '../../config/schema';
import { availabilityOf } from '../../routing/availability';
import { describeTiers } from '../../routing/tiers';
import type { Decision, GatherPrompt, MenuPath, ScreeningResult, Target, Tier } from '../../routing/types';
import { formatPhone, type Locale } from './format';

export type NameOf = (userId: string) => string;

/** The workspace's users by id, as their names (an id the workspace does not know stays as it is). */
export function namesOf(workspace: Pick<Workspace, 'users'>): NameOf {
  const names = new Map(workspace.users.map((user) => [user.id, user.name]));
  return (id) => names.get(id) ?? id;
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * One leg, for people: a user's app or phone by the user's name, else the number it rings; with a locale, the
 * number in the workspace's format ("(555) 010-0050") and an extension in words ("extension 204", not "ww204").
 */
export function legWords(target: Target, nameOf: NameOf, locale?: Pick<Locale, 'country'>): string {
  if (target.kind === 'client') return locale ? `${nameOf(target.user)} (${target.app} app)` : `${nameOf(target.user)}: ${target.app} app`;
  const number = locale ? formatPhone(target.number, locale) : target.number;
  const extension = target.sendDigits?.replace(/^[wW]+/, '');
  const digits = target.sendDigits
    ? locale && extension && /^\d+$/.test(extension)
      ? `, extension ${extension}`
      : ` (then ${target.sendDigits})`
    : '';
  if (!target.user) return `${number}${digits}`;
  const whose = target.source === 'user-phone' ? 'phone' : target.source === 'company-phone' ? 'the company phone' : 'forwarding number';
  return `${nameOf(target.user)}: ${whose} ${number}${digits}`;
}

/** A leg as Twilio names it (`client:acme_bob_mobile`, `number:+15550100200`): the raw value a hover away. */
export function legRaw(target: Target): string {
  return target.kind === 'client'
    ? `client:${target.identity}`
    : `number:${target.number}${target.sendDigits ? ` then digits ${target.sendDigits}` : ''}`;
}

/** The caller by name when they are a contact ("Dana Whitfield"), else their number in the workspace's format. */
export function callerWords(from: string, workspace: Pick<Workspace, 'contacts'>, locale: Pick<Locale, 'country'>): string {
  return contactNames(workspace.contacts).get(from) ?? formatPhone(from, locale);
}

/** A number of the workspace by its name ("Main line"), else in the workspace's format. */
export function numberWords(number: string, workspace: Pick<Workspace, 'numbers'>, locale: Pick<Locale, 'country'>): string {
  return workspace.numbers.find((candidate) => candidate.number === number)?.name ?? formatPhone(number, locale);
}

/**
 * Why the call goes where it goes, in one plain sentence, people, numbers and callers by name: "Dana Whitfield is
 * Bob's customer, so Bob's phones ring." The rule that decided is the `decision.rule` (shown beside, as a detail).
 */
export function reasonWords(decision: Decision, workspace: Workspace, locale: Pick<Locale, 'country'>): string {
  const nameOf = namesOf(workspace);
  const found = workspace.numbers.find((candidate) => candidate.number === decision.to);
  const line = found?.name ?? formatPhone(decision.to, locale);
  const caller = decision.callerWithheld ? 'The caller, whose number is withheld,' : callerWords(decision.from, workspace, locale);
  const rang = listWords(
    decision.tiers
      .flatMap((tier) => tier.users)
      .filter((user, i, all) => all.indexOf(user) === i)
      .map(nameOf),
  );
  const phone = (number: string | null | undefined) => (number ? formatPhone(number, locale) : 'no number');
  switch (decision.rule) {
    case 'unknown-number':
      return `${formatPhone(decision.to, locale)} is not one of this workspace's numbers, so the call is turned away.`;
    case 'abuse-guard':
      return `${caller} called more than ${workspace.inbound.maxCallsPerCallerPerMinute} times in a minute, so the call is turned away as busy.`;
    case 'inactive-number':
      return `${line} is inactive, so the call is turned away.`;
    case 'blocked-caller':
      return `${caller} is on the blocked list, so the call is turned away.`;
    case 'screening':
      return `Spam protection: ${decision.screening ? SCREENING_WORDS[decision.screening.verdict] : 'the caller is checked'}.`;
    case 'voicemail-mode':
      return `${line} sends every call straight to voicemail.`;
    case 'forward-mode':
      return `${line} always forwards calls to ${phone(found?.forwardingNumber)}.`;
    case 'after-hours':
      return `It is outside business hours, so ${line}'s after-hours setting applies.`;
    case 'phone-menu':
      return decision.menu?.chose
        ? `The caller chose ${decision.menu.chose} at ${line}'s phone menu.`
        : `${line} answers with a phone menu.`;
    case 'number-assigned-user':
      return `${line} belongs to ${rang || nameOf(found?.assignedUser ?? '')}, so ${rang ? `${rang}'s` : 'their'} phones ring.`;
    case 'caller-assigned-user':
      return `${caller} is ${rang}'s customer, so ${rang}'s phones ring.`;
    case 'sticky-agent':
      return `${nameOf(decision.tiers[0]?.users[0] ?? '')} helped ${caller} last, so they ring first.`;
    case 'ring-group':
      return `${line} rings its group${rang ? `: ${rang}` : ''}.`;
    case 'forwarding-number':
      return `Nobody is assigned to ${line}, so it forwards to ${phone(found?.forwardingNumber)}.`;
    case 'company-phone':
      return `Nothing else applies, so the company phone ${phone(workspace.companyPhone)} rings.`;
    case 'nothing-to-ring':
      return decision.action === 'voicemail'
        ? 'Nobody can be rung, so the caller can leave a message.'
        : 'Nobody can be rung and there is no voicemail greeting, so the call ends.';
    default:
      return decision.trace.find((entry) => entry.applied)?.reason ?? '';
  }
}

/**
 * Tiers told as `explain` and the simulator tell them (src/routing/tiers' describeTiers), people by name:
 * "Alice for 15 s, then Bob, Carol and Dan together for 20 s" (no leading verb); "" for no tiers.
 */
export function tiersWords(tiers: readonly Pick<Tier, 'users' | 'legs' | 'seconds'>[], nameOf: NameOf): string {
  const named = tiers.map((tier) => ({ ...tier, users: tier.users.map(nameOf), label: '' }));
  return describeTiers(named).replace(/^ringing /, '');
}

export const SCREENING_WORDS: Record<ScreeningResult['verdict'], string> = {
  blocked: 'a blocked number, turned away',
  challenge: 'asked to press 1 before ringing',
  passed: 'pressed 1, let through',
  failed: 'did not press 1, hung up',
  voicemail: 'sent to voicemail',
  reject: 'turned away',
};

function promptWords(gather: GatherPrompt): string {
  const heard = gather.prompt.kind === 'text' ? `"${gather.prompt.text}"` : 'the recording';
  const again = gather.attempt > 1 ? ' again' : '';
  return gather.purpose === 'challenge' ? `Asks the caller${again} to press 1: ${heard}` : `Plays the phone menu${again}: ${heard}`;
}

/** The decision in one sentence: what happens to the call. */
export function verdictWords(decision: Decision, nameOf: NameOf): string {
  switch (decision.action) {
    case 'dial':
      return decision.tiers.length ? `Rings ${tiersWords(decision.tiers, nameOf)}` : 'Rings';
    case 'gather':
      return decision.gather ? promptWords(decision.gather) : 'Asks the caller to press a key';
    case 'voicemail': {
      const owner = decision.voicemail?.owner;
      const whose = !owner || owner === 'default' || owner === 'company' ? "the company's greeting" : `${nameOf(owner)}'s greeting`;
      return `Goes to voicemail (${whose})`;
    }
    case 'hangup':
      return 'Hangs up';
    case 'reject':
      return 'Is turned away';
  }
}

export const OPTION_ACTION_WORDS: Record<MenuPath['options'][number]['action'], string> = {
  ring: 'rings people',
  voicemail: 'takes a message',
  forward: 'forwards the call',
};

/** What the caller did at the menu: "pressed 2 (Leave a message)", "made no choice ... so took the default: 1 (Sales)". */
export function menuChoiceWords(menu: Pick<MenuPath, 'chose' | 'how' | 'answers'> & { options?: MenuPath['options'] }): string {
  const option = menu.options?.find((entry) => entry.digit === menu.chose);
  const chosen = menu.chose ? `${menu.chose}${option ? ` (${option.label})` : ''}` : '';
  const said = [...(menu.answers ?? [])].reverse().find((answer) => answer !== '' && !/^\d$/.test(answer));
  switch (menu.how) {
    case 'pressed':
      return `pressed ${chosen}`;
    case 'said':
      return `said ${said ? `"${said}" ` : ''}for ${chosen}`;
    case 'default':
      return `made no choice (or pressed a wrong key) twice, so took the default: ${chosen}`;
    default:
      return 'has not chosen yet';
  }
}

/**
 * The users the decision skipped because they were unavailable (do not disturb, outside their working hours), by
 * name, with why: each user routing's own availability check finds unavailable at the decision's instant whose reason
 * the trace gives.
 */
export function skippedUsers(decision: Pick<Decision, 'trace' | 'at'>, workspace: Workspace): { name: string; why: string }[] {
  const at = new Date(decision.at);
  return workspace.users.flatMap((user) => {
    const availability = availabilityOf(user, workspace, at);
    if (availability.available || !decision.trace.some((entry) => entry.reason.includes(availability.reason))) return [];
    const why = availability.reason.startsWith(`${user.id} `) ? availability.reason.slice(user.id.length + 1) : availability.reason;
    return [{ name: user.name, why }];
  });
}

/** Twilio's `StirVerstat` for each answer of the "Caller ID check" field (none: Twilio sent none). */
export const CALLER_ID_CHECKS = [
  { label: 'Not given', stir: null },
  { label: 'Passed', stir: 'TN-Validation-Passed-A' },
  { label: 'Failed', stir: 'TN-Validation-Failed-A' },
  { label: 'Not verified', stir: 'No-TN-Validation' },
] as const;

/**
 * The "Presses" field as the caller's answers, one per prompt: each character one key, `_` for pressing nothing
 * ("1", "_2"); with commas, each part one answer, so spoken words can be given ("sales please, 1").
 */
export function pressesOf(text: string): string[] {
  const parts = text.includes(',') ? text.split(',').map((part) => part.trim()) : [...text.replace(/\s+/g, '')];
  return parts.map((part) => (part === '_' ? '' : part));
}

/** What the Calls page says of a call's route beyond its rule: each part only when the history has it. */
export interface HistoryRouteWords {
  screening?: string;
  menu?: string;
  rang?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** A call log route's tier as a ring tier: its users, seconds and (for a tier that rang nobody's) its numbers. */
function tierOfHistory(tier: unknown): Pick<Tier, 'users' | 'legs' | 'seconds'> {
  const entry = isObject(tier) ? tier : {};
  return {
    users: strings(entry.users),
    seconds: typeof entry.seconds === 'number' ? entry.seconds : 0,
    legs: strings(entry.legs).map((leg): Target => ({ kind: 'number', number: leg.replace(/^number:/, ''), source: 'forwarding-number' })),
  };
}

/**
 * A call from the history (src/calls/history: its `route` entry, and `tiersRung`, the later tiers dial-complete
 * rang), in words: what spam protection did, what the caller chose at the menu, and the tiers as they were rung (the
 * first, and each later one rung after the one before went unanswered). Read defensively: a call recorded before
 * these were kept, or an entry of another shape, says nothing of them.
 */
export function historyRouteWords(call: unknown, nameOf: NameOf): HistoryRouteWords {
  const record = isObject(call) ? call : {};
  const route = isObject(record.route) ? record.route : {};
  const words: HistoryRouteWords = {};
  const screening = isObject(route.screening) ? route.screening : null;
  if (screening && typeof screening.verdict === 'string') {
    const verdict = SCREENING_WORDS[screening.verdict as ScreeningResult['verdict']] ?? screening.verdict;
    const why = typeof screening.why === 'string' ? `. Why: ${screening.why.replace(/\.$/, '')}` : '';
    words.screening = `${verdict}${route.textBack === false ? ', never texted back' : ''}${why}.`;
  }
  const menu = isObject(route.menu) ? route.menu : null;
  if (menu) {
    const options = (Array.isArray(menu.options) ? menu.options : [])
      .filter(isObject)
      .map((option) => ({ digit: String(option.digit), label: String(option.label ?? ''), action: 'ring' as const }));
    const how = ['pressed', 'said', 'default'].includes(menu.how as string) ? (menu.how as MenuPath['how']) : null;
    words.menu = `The caller ${menuChoiceWords({ chose: typeof menu.chose === 'string' ? menu.chose : null, how, answers: strings(menu.answers), options })}.`;
  }
  const tiers = (Array.isArray(route.tiers) ? route.tiers : []).map(tierOfHistory);
  const later = isObject(record.tiersRung) ? record.tiersRung : {};
  const rung = tiers.filter((_, index) => index === 0 || later[String(index)] !== undefined);
  const notRung = tiers.filter((tier) => !rung.includes(tier));
  if (rung.length)
    words.rang = `${tiersWords(rung, nameOf)}${notRung.length ? `; not rung (answered or ended first): ${tiersWords(notRung, nameOf)}` : ''}`;
  return words;
}

/** Each rule in a few words, for a list of routes (the impact replay); the rule id stays beside, as a detail. */
export const RULE_WORDS: Record<string, string> = {
  'unknown-number': 'turned away (not a number of this workspace)',
  'abuse-guard': 'turned away (too many calls in a minute)',
  'inactive-number': 'turned away (the number is inactive)',
  'blocked-caller': 'turned away (a blocked number)',
  screening: 'spam protection',
  'voicemail-mode': 'straight to voicemail',
  'forward-mode': 'always forwarded',
  'after-hours': 'after hours',
  'phone-menu': 'the phone menu',
  'number-assigned-user': "the number's own user",
  'caller-assigned-user': "the caller's assigned user",
  'sticky-agent': 'the person who helped last',
  'ring-group': 'the ring group',
  'forwarding-number': 'the forwarding number',
  'company-phone': 'the company phone',
  'nothing-to-ring': 'nothing to ring',
  outbound: 'a call made from the apps',
};

/**
 * A leg as the call log names it (`client:acme_bob_mobile`, `number:+15550100003`) in words: "Bob Okafor (mobile
 * app)", "Bob Okafor's phone", a number in the workspace's format.
 */
export function legLabelWords(label: string, workspace: Pick<Workspace, 'id' | 'users'>, locale: Pick<Locale, 'country'>): string {
  const nameOf = namesOf(workspace);
  const client = /^client:([a-z0-9-]+)_([a-z0-9-]+)_(web|mobile)$/.exec(label);
  if (client && client[1] === workspace.id) return `${nameOf(client[2]!)} (${client[3]} app)`;
  const number = label.replace(/^number:/, '').replace(/ then digits .*$/, '');
  const owner = workspace.users.find((user) => user.phone === number);
  return owner ? `${owner.name}'s phone` : formatPhone(number, locale);
}
