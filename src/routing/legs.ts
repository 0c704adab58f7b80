// Legs of a dial: who a user rings as (apps and one phone), and the filter every dial goes through
// (no loops back into this deployment, each destination once, at most Twilio's 10 nouns).
import { phoneOfUser } from '../config/constants';
import type { PhoneNumber, User, Workspace } from '../config/types';
import type { AppKind, DroppedTarget, NumberTarget, Target } from './types';

export const MAX_DIAL_LEGS = 10;

/** The Twilio Client identity a user's app registers with: `<workspace>_<user>_<app>`. */
export function clientIdentity(workspaceId: string, userId: string, app: AppKind): string {
  return `${workspaceId}_${userId}_${app}`;
}

/** Extensions are sent after answer; two half-second pauses first unless the user wrote their own. */
export function extensionDigits(extension: string): string {
  return /[wW]/.test(extension) ? extension : `ww${extension}`;
}

export interface UserLegs {
  targets: Target[];
  /** "alice: web app, phone +15550100002 ext 101" */
  summary: string;
}

/**
 * Ringing user U: U's web and mobile apps (each when enabled) and exactly one phone: U's own
 * (with the extension), else the called number's forwarding number, else the company phone when
 * "forward calls to business phone number" is on. Seed 001's table, row by row.
 */
export function legsForUser(user: User, workspace: Workspace, number: PhoneNumber): UserLegs {
  const targets: Target[] = [];
  let parts = '';
  if (user.webApp) {
    targets.push({ kind: 'client', identity: clientIdentity(workspace.id, user.id, 'web'), user: user.id, app: 'web' });
    parts = 'web app';
  }
  if (user.mobileApp) {
    targets.push({ kind: 'client', identity: clientIdentity(workspace.id, user.id, 'mobile'), user: user.id, app: 'mobile' });
    parts = parts ? `${parts}, mobile app` : 'mobile app';
  }
  const phone = phoneForUser(user, workspace, number);
  if (phone) {
    targets.push(phone);
    const label =
      phone.source === 'user-phone'
        ? `phone ${phone.number}${user.extension ? ` ext ${user.extension}` : ''}`
        : `${phone.source === 'forwarding-number' ? "the number's forwarding number" : 'the company phone'} ${phone.number} (no phone of their own)`;
    parts = parts ? `${parts}, ${label}` : label;
  }
  return { targets, summary: `${user.id}: ${parts || 'nothing to ring'}` };
}

function phoneForUser(user: User, workspace: Workspace, number: PhoneNumber): NumberTarget | null {
  const phone = phoneOfUser(user, workspace, number);
  if (!phone) return null;
  // Two literals rather than a conditional spread: the spread costs more than the rest of the leg.
  return phone.source === 'user-phone' && user.extension
    ? { kind: 'number', number: phone.number, sendDigits: extensionDigits(user.extension), user: user.id, source: phone.source }
    : { kind: 'number', number: phone.number, user: user.id, source: phone.source };
}

export interface LegSelection {
  kept: Target[];
  dropped: DroppedTarget[];
}

/** Two legs that reach the same place: one app identity, or one phone number with the same digits after answer. */
function sameDestination(a: Target, b: Target): boolean {
  if (a.kind === 'client') return b.kind === 'client' && a.identity === b.identity;
  return b.kind === 'number' && a.number === b.number && (a.sendDigits ?? '') === (b.sendDigits ?? '');
}

/** Phones first, then web, then mobile: the order in which a user's legs survive the leg limit. */
function legPriority(target: Target): number {
  return target.kind === 'number' ? 0 : target.app === 'web' ? 1 : 2;
}

/**
 * Filters candidate legs: drops a phone leg that would loop back into this deployment, a
 * destination already rung, and legs beyond Twilio's limit of 10 nouns in one <Dial>. Over the
 * limit, users take turns (each user's best leg first), so one user's apps never crowd out the others.
 */
export function selectLegs(candidates: readonly Target[], calledNumber: string, routedNumbers: ReadonlySet<string>): LegSelection {
  const dropped: DroppedTarget[] = [];
  const unique: Target[] = [];
  for (const target of candidates) {
    if (target.kind === 'number' && (target.number === calledNumber || routedNumbers.has(target.number))) {
      const which = target.number === calledNumber ? 'the called number itself' : 'another number routed by this configuration';
      dropped.push({ target, reason: 'loop', detail: `${target.number} is ${which}; ringing it would loop back here` });
      continue;
    }
    // A few dozen candidates at most (a ring group of 7, three legs each): a scan beats building keys.
    if (unique.some((kept) => sameDestination(kept, target))) {
      dropped.push({ target, reason: 'duplicate', detail: `${describeTarget(target)} is already rung by this dial` });
      continue;
    }
    unique.push(target);
  }
  if (unique.length <= MAX_DIAL_LEGS) return { kept: unique, dropped };

  // Each user's legs (by position in `unique`), users in order of first appearance, best leg first.
  const owners: string[] = [];
  const groups: number[][] = [];
  unique.forEach((target, position) => {
    const owner = target.user ?? '';
    let group = owners.indexOf(owner);
    if (group < 0) {
      group = owners.push(owner) - 1;
      groups.push([]);
    }
    (groups[group] as number[]).push(position);
  });
  for (const group of groups) group.sort((a, b) => legPriority(unique[a] as Target) - legPriority(unique[b] as Target));
  const chosen: boolean[] = unique.map(() => false);
  let chosenCount = 0;
  for (let round = 0; chosenCount < MAX_DIAL_LEGS; round += 1) {
    let pickedThisRound = false;
    for (const group of groups) {
      const position = group[round];
      if (position !== undefined && chosenCount < MAX_DIAL_LEGS) {
        chosen[position] = true;
        chosenCount += 1;
        pickedThisRound = true;
      }
    }
    if (!pickedThisRound) break;
  }
  const kept: Target[] = [];
  unique.forEach((target, position) => {
    if (chosen[position]) kept.push(target);
    else
      dropped.push({
        target,
        reason: 'leg-limit',
        detail: `${describeTarget(target)} is over Twilio's limit of ${MAX_DIAL_LEGS} legs in one dial`,
      });
  });
  return { kept, dropped };
}

/** A leg as the call log, the simulator and the tests name it: `number:+1555...` or `client:<identity>`. */
export function legLabel(target: Target): string {
  return target.kind === 'client' ? `client:${target.identity}` : `number:${target.number}`;
}

export function describeTarget(target: Target): string {
  if (target.kind === 'client') return `${target.user}'s ${target.app} app (${target.identity})`;
  const digits = target.sendDigits ? ` then digits ${target.sendDigits}` : '';
  return `${target.number}${digits}`;
}
