// Spam protection, two rules of the table: `blocked-caller` (the workspace's blocked numbers are rejected) and
// `screening` (a caller whose SHAKEN/STIR caller ID check failed, or an unknown caller, is allowed, asked to press 1,
// sent to voicemail or rejected, per inbound.screening). A screened call is never texted back.
import { decideWith, forNumber, type NumberContext, type Rule, skip, userById } from './rule-kit';
import type { GatherPrompt, ScreeningResult } from './types';

/** Twilio's StirVerstat of a call whose caller ID failed verification, or was not verified at all. */
export function stirFailed(stir: string | undefined): boolean {
  return stir !== undefined && (stir.startsWith('TN-Validation-Failed') || stir === 'No-TN-Validation');
}

export const CHALLENGE_TEXT = 'To be connected, press 1.';
const NOTHING_TO_SCREEN = 'nothing to screen (no caller ID check result)';
const CHALLENGE_AGAIN = 'Sorry, we did not get that. To be connected, press 1.';
const CHALLENGE_KEY = '1';

const challengePrompt = (attempt: number): GatherPrompt => ({
  purpose: 'challenge',
  prompt: { kind: 'text', text: attempt === 1 ? CHALLENGE_TEXT : CHALLENGE_AGAIN },
  attempt,
  speech: false,
  hints: [],
});

/** Whether the caller is known: a contact of the workspace, or one of its users calling from their phone. */
function knownCaller(context: NumberContext): boolean {
  const { caller } = context;
  if (caller.withheld) return false;
  if (context.contact) return true;
  for (const user of context.found.users.values()) if (user.phone === caller.number) return true;
  return false;
}

/** Why screening looks at this call and what it does, or null when it lets the call through untouched. */
function screeningAction(context: NumberContext): { action: 'challenge' | 'voicemail' | 'reject'; why: string } | null {
  const { screening } = context.found.workspace.inbound;
  if (stirFailed(context.stir) && screening.stirFailed !== 'allow') {
    return { action: screening.stirFailed, why: `the caller ID check failed (${context.stir})` };
  }
  if (screening.unknownCallers === 'challenge' && !knownCaller(context)) {
    return { action: 'challenge', why: 'the caller is not a contact' };
  }
  return null;
}

export const BLOCKED_CALLER_RULE = {
  id: 'blocked-caller',
  summary: "The caller is on the workspace's blocked list: reject, ring and text nothing.",
  evaluate: forNumber(({ caller, found }) => {
    const { blocked } = found.workspace.inbound.screening;
    if (blocked.length === 0) return skip('the workspace blocks no numbers');
    if (caller.withheld || !blocked.includes(caller.number)) return skip('the caller is not on the blocked list');
    return decideWith(
      `${caller.number} is on the workspace's blocked list`,
      { kind: 'reject', reason: 'rejected' },
      { screening: { verdict: 'blocked', why: 'a blocked number' } },
    );
  }),
} as const satisfies Rule;

export const SCREENING_RULE = {
  id: 'screening',
  summary: 'Spam protection: a failed caller ID check or an unknown caller is asked to press 1, sent to voicemail or rejected.',
  evaluate: forNumber((context) => {
    const acting = screeningAction(context);
    if (!acting) return skip(context.stir ? `nothing to screen (caller ID check ${context.stir})` : NOTHING_TO_SCREEN);
    const { why } = acting;
    const result = (verdict: ScreeningResult['verdict']): ScreeningResult => ({ verdict, why });
    if (acting.action === 'reject') {
      return decideWith(`${why}: rejected`, { kind: 'reject', reason: 'rejected' }, { screening: result('reject') });
    }
    if (acting.action === 'voicemail') {
      const owner = userById(context, context.found.number.assignedUser) ?? null;
      return decideWith(`${why}: straight to voicemail`, { kind: 'voicemail', greetingOwner: owner }, { screening: result('voicemail') });
    }
    const [first, second] = context.presses;
    if (first === undefined) {
      return decideWith(
        `${why}: asking the caller to press 1`,
        { kind: 'gather', prompt: challengePrompt(1) },
        { screening: result('challenge') },
      );
    }
    if (first === CHALLENGE_KEY) return skip(`${why}; the caller pressed 1 and goes on`, { consumed: 1, screening: result('passed') });
    if (second === undefined) {
      const heard = first === '' ? 'nothing' : `"${first}"`;
      return decideWith(
        `${why}; the caller answered ${heard}: asking once more`,
        { kind: 'gather', prompt: challengePrompt(2) },
        { consumed: 1, screening: result('challenge') },
      );
    }
    if (second === CHALLENGE_KEY)
      return skip(`${why}; the caller pressed 1 when asked again and goes on`, { consumed: 2, screening: result('passed') });
    return decideWith(
      `${why}; the caller did not press 1 when asked twice: hanging up`,
      { kind: 'hangup' },
      { consumed: 2, screening: result('failed') },
    );
  }),
} as const satisfies Rule;
