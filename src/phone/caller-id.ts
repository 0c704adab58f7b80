// Who is calling, as far as a From can say: a phone number, or a withheld caller (a withheld word, one of Twilio's
// placeholders such as +266696687, or a From that cannot be a number at all). `callerOf` is the classifier every
// step uses: routing (handed the result), the abuse guard, text-back, the notices; src/routing/caller holds its
// rules, this adds the one that needs libphonenumber-js's metadata.
//
// "Cannot be a number": its calling code does not exist, or it is shorter than the shortest number any country of
// that code allows (a national-prefix transform's digits counted in, since libphonenumber adds them back). Every
// such From is one libphonenumber-js's isPossible() refuses, and no possible number is ever called withheld (a test
// holds both to the library); the library's parser itself is not used, because it would not fit in incoming-call's
// bundle. Fictional numbers such as 555-01xx are possible (not "valid"), so they stay callers.
import type { Contact } from '../config/types';
import { classifyCaller, type CallerNumber } from '../routing/caller';
import { builtOnce } from '../config/built-once';
import { phoneMetadata } from './metadata';

export type { CallerNumber } from '../routing/caller';
export { WITHHELD_PLACEHOLDERS } from '../routing/caller';

/** libphonenumber-js's `min` metadata, as much as this needs: [code, ..., ..., possible lengths, ..., ..., ..., ..., transform rule]. */
type Plan = readonly unknown[];

/** The shortest national number each calling code can have, from the metadata (built once per process). */
const shortestNationalNumbers = builtOnce((): Map<string, number> => {
  const metadata = phoneMetadata() as unknown as {
    country_calling_codes: Record<string, string[]>;
    countries: Record<string, Plan>;
    nonGeographic?: Record<string, Plan>;
  };
  const shortest = new Map<string, number>();
  const note = (code: string, plan: Plan | undefined) => {
    const lengths = Array.isArray(plan?.[3]) ? (plan[3] as number[]) : [];
    // A national-prefix transform ("20$1") puts digits back in front of what was dialled.
    const added = typeof plan?.[8] === 'string' ? plan[8].replace(/\$\d/g, '').length : 0;
    for (const length of lengths) shortest.set(code, Math.min(shortest.get(code) ?? Infinity, length - added));
  };
  for (const [code, countries] of Object.entries(metadata.country_calling_codes))
    for (const country of countries) note(code, metadata.countries[country]);
  for (const [code, plan] of Object.entries(metadata.nonGeographic ?? {})) note(code, plan);
  return shortest;
});

/** Whether an E.164 string can be a phone number: see the header. Unknown (the metadata could not be read): yes. */
export function couldBeNumber(e164: string): boolean {
  let shortest: Map<string, number>;
  try {
    shortest = shortestNationalNumbers();
  } catch {
    // Never turn a real caller into a withheld one because of our own fault.
    return true;
  }
  const digits = e164.replace(/^\+/, '');
  for (let length = 1; length <= 3; length += 1) {
    const least = shortest.get(digits.slice(0, length));
    if (least !== undefined) return digits.length - length >= least;
  }
  return false;
}

/** The caller of a From: a number, or withheld (with why, and the key the abuse guard counts it under). */
export function callerOf(from: string): CallerNumber {
  return classifyCaller(from, couldBeNumber);
}

/** How a notice names a caller who withheld their number. */
export const WITHHELD_LABEL = 'a withheld number';

/** The caller as a person reads them in a notice: the number, or "a withheld number". */
export function callerLabel(caller: CallerNumber): string {
  return caller.withheld ? WITHHELD_LABEL : caller.number;
}

/**
 * The caller's contact among a workspace's (indexed by phone, or as the configuration lists them): none for a
 * withheld caller, who has no number to match.
 */
export function contactOfCaller(caller: CallerNumber, contacts: ReadonlyMap<string, Contact> | readonly Contact[]): Contact | null {
  if (caller.withheld) return null;
  const found = 'get' in contacts ? contacts.get(caller.number) : contacts.find((contact) => contact.phone === caller.number);
  return found ?? null;
}
