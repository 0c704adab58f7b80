// The phone numbers of a workspace's settings as the owner types them: every number field (the company phone, a
// user's phone, a number's forwarding and verified caller ID numbers, after-hours and menu forwards, blocked and
// never-texted numbers) accepted in national or international form and stored as E.164, read in the workspace's
// country (format.ts parsePhone). One walk, used by the settings page (live, and for the preview) and by the save
// (console-save), so what the page accepts the server accepts, and a number that cannot be one is refused at its
// field with words that say how to type it.
import type { ConsoleProblem } from './ui/api';
import type { Locale, PhoneWords } from '../phone/phone-words';

type Draft = Record<string, unknown>;

const E164 = /^\+[1-9]\d{1,14}$/;

const isObject = (value: unknown): value is Draft => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The paths of every phone number field in a workspace draft that holds a value, each list entry its own path. */
export function phonePaths(draft: Draft): string[] {
  const paths: string[] = [];
  const single = (value: unknown, path: string) => {
    if (typeof value === 'string') paths.push(path);
  };
  const list = (value: unknown, path: string) => {
    if (Array.isArray(value)) for (const [i, entry] of value.entries()) single(entry, `${path}.${i}`);
  };
  single(draft.companyPhone, 'companyPhone');
  const inbound = isObject(draft.inbound) ? draft.inbound : {};
  list(isObject(inbound.screening) ? inbound.screening.blocked : undefined, 'inbound.screening.blocked');
  list(isObject(draft.textBack) ? draft.textBack.doNotText : undefined, 'textBack.doNotText');
  if (Array.isArray(draft.users)) for (const [u, user] of draft.users.entries()) if (isObject(user)) single(user.phone, `users.${u}.phone`);
  if (Array.isArray(draft.numbers))
    for (const [n, number] of draft.numbers.entries()) {
      if (!isObject(number)) continue;
      single(number.forwardingNumber, `numbers.${n}.forwardingNumber`);
      single(number.verifiedCallerId, `numbers.${n}.verifiedCallerId`);
      if (isObject(number.afterHours)) single(number.afterHours.forwardTo, `numbers.${n}.afterHours.forwardTo`);
      const options = isObject(number.menu) && isObject(number.menu.options) ? number.menu.options : {};
      for (const [digit, option] of Object.entries(options))
        if (isObject(option) && option.action === 'forward') single(option.to, `numbers.${n}.menu.options.${digit}.to`);
    }
  return paths;
}

function valueAt(draft: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (isObject(value) || Array.isArray(value) ? (value as Draft)[key] : undefined), draft);
}

function withValueAt(draft: Draft, path: string, replacement: string): Draft {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Draft = Array.isArray(draft) ? ([...draft] as unknown as Draft) : { ...draft };
  copy[head] = rest.length ? withValueAt(copy[head] as Draft, rest.join('.'), replacement) : replacement;
  return copy;
}

/**
 * The draft with every phone number typed in national or international form as E.164, and a problem (what to type
 * instead) for each that cannot be a number; those keep what was typed, so nothing is lost and the field shows it.
 */
export function normalizePhones(
  draft: Draft,
  locale: Pick<Locale, 'country'>,
  words: Pick<PhoneWords, 'parsePhone'>,
): { draft: Draft; problems: ConsoleProblem[] } {
  let next = draft;
  const problems: ConsoleProblem[] = [];
  for (const path of phonePaths(draft)) {
    const typed = valueAt(draft, path) as string;
    if (E164.test(typed)) continue;
    const parsed = words.parsePhone(typed, locale);
    if ('e164' in parsed) next = withValueAt(next, path, parsed.e164);
    else problems.push({ path, message: parsed.error });
  }
  return { draft: next, problems };
}

/** Problems with the phone problems in place of the schema's at the same paths (ours say how to type the number). */
export function withPhoneProblems<P extends ConsoleProblem>(problems: readonly P[], phone: readonly ConsoleProblem[]): ConsoleProblem[] {
  return [...phone, ...problems.filter((problem) => !phone.some((own) => own.path === problem.path))];
}
