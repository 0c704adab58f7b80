// Who picks up in a rehearsed call (`simulate --answer`): nobody, busy, or legs in the order they pick up,
// each answered by a person (who presses a key after the whisper), a person who presses nothing (`:no-key`),
// or the phone's own voicemail (`:voicemail`: it hears the whisper and presses nothing).
import { UserFacingError } from '../errors/user-facing-error';

export type PickupBy = 'person' | 'no-key' | 'voicemail';

export interface LegPickup {
  /** As given: `+1555...`, `number:+1555...`, an app identity such as `acme_carol_web`, or `client:<identity>`. */
  leg: string;
  by: PickupBy;
}

export type AnswerChoice = { kind: 'none' } | { kind: 'busy' } | { kind: 'legs'; legs: LegPickup[] };

/** `--answer` cannot be understood. */
export class AnswerSpecError extends UserFacingError {
  override readonly name: string = 'AnswerSpecError';
}

const PHONE = /^(number:)?\+\d{2,15}$/;
const APP = /^(client:)?[a-z0-9-]+_[a-z0-9-]+_(web|mobile)$|^client:\S+$/;
const USAGE =
  'takes none, busy, or the legs that pick up in order, comma-separated, each a number such as +15550100002 or an app identity such as acme_carol_web, a phone optionally followed by :voicemail or :no-key (e.g. +15550100002:voicemail,acme_carol_web)';

export const isPhoneLeg = (leg: string) => PHONE.test(leg);

/** Parses `--answer`. */
export function parseAnswer(value: string): AnswerChoice {
  const text = value.trim();
  if (text === 'none') return { kind: 'none' };
  if (text === 'busy') return { kind: 'busy' };
  if (!text) throw new AnswerSpecError(`--answer ${USAGE}`);
  const legs = text.split(',').map((part): LegPickup => {
    const item = part.trim();
    const suffix = /:(voicemail|no-key)$/.exec(item);
    const leg = suffix ? item.slice(0, suffix.index) : item;
    const by = (suffix?.[1] ?? 'person') as PickupBy;
    if (!PHONE.test(leg) && !APP.test(leg)) throw new AnswerSpecError(`--answer: "${item}" is not a leg. --answer ${USAGE}`);
    if (by !== 'person' && !PHONE.test(leg))
      throw new AnswerSpecError(
        `--answer: "${item}": only a phone leg has a whisper to ignore or a voicemail to pick up; an app leg is answered by a person`,
      );
    return { leg, by };
  });
  return { kind: 'legs', legs };
}
