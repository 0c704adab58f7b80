// The `phone-menu` rule: a number with a menu asks the caller to choose (a key, or with speech on, an option's
// label or words); nothing or a wrong key repeats the menu once, then takes its default. The option taken rings users
// (in the number's ring order), takes a voicemail, or forwards. After screening and business hours, before the ring
// rules; "always forward" and "voicemail only" modes come before it.
import type { MenuOption, PhoneMenu } from '../config/types';
import { orderedPlan } from './ring-plan';
import { decideWith, forNumber, type NumberContext, ringAtOnce, type Rule, skip, userById, type Verdict } from './rule-kit';
import type { GatherPrompt, MenuPath } from './types';

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

/** Words as compared: lower case, letters and digits only, single spaces. */
const normalized = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The option an answer takes, and how; null for nothing, a key the menu does not have, or words that match none. */
export function menuChoice(menu: PhoneMenu, answer: string): { digit: string; how: 'pressed' | 'said' } | null {
  const trimmed = answer.trim();
  if (trimmed === '') return null;
  if (/^[0-9*#]+$/.test(trimmed)) return menu.options[trimmed] ? { digit: trimmed, how: 'pressed' } : null;
  if (!menu.speech) return null;
  const said = normalized(trimmed);
  const spokenDigit = DIGIT_WORDS[said] ?? (/^[1-9]$/.test(said) ? said : undefined);
  if (spokenDigit) return menu.options[spokenDigit] ? { digit: spokenDigit, how: 'said' } : null;
  const padded = ` ${said} `;
  for (const [digit, option] of menuEntries(menu)) {
    for (const phrase of [option.label, ...option.words]) {
      const words = normalized(phrase);
      if (words && padded.includes(` ${words} `)) return { digit, how: 'said' };
    }
  }
  return null;
}

function menuEntries(menu: PhoneMenu): [string, MenuOption][] {
  return Object.entries(menu.options).sort(([a], [b]) => a.localeCompare(b));
}

/** What the caller hears: the greeting, then (for a spoken greeting) each option with its key. */
export function menuPrompt(menu: PhoneMenu, attempt: number): GatherPrompt {
  const hints = menu.speech ? menuEntries(menu).flatMap(([, option]) => [option.label, ...option.words]) : [];
  const base = { purpose: 'menu' as const, attempt, speech: menu.speech, hints };
  if ('url' in menu.greeting) return { ...base, prompt: { kind: 'audio', url: menu.greeting.url } };
  const verb = menu.speech ? 'press or say' : 'press';
  const options = menuEntries(menu)
    .map(([digit, option]) => `For ${option.label}, ${verb} ${digit}.`)
    .join(' ');
  const sorry = attempt > 1 ? 'Sorry, we did not get that. ' : '';
  return { ...base, prompt: { kind: 'text', text: `${sorry}${menu.greeting.text} ${options}` } };
}

function menuPath(menu: PhoneMenu, answers: string[], chose: MenuPath['chose'], how: MenuPath['how']): MenuPath {
  const options = menuEntries(menu).map(([digit, option]) => ({ digit, label: option.label, action: option.action }));
  return { options, answers, chose, how };
}

/** What the option taken does. */
function takeOption(
  context: NumberContext,
  menu: PhoneMenu,
  digit: string,
  why: string,
  notes: { consumed: number; menu: MenuPath },
): Verdict {
  const option = menu.options[digit];
  if (!option) return skip(`${why}, but the menu has no option ${digit}; going on down the route`, notes);
  const chosen = `${why}: option ${digit} "${option.label}"`;
  switch (option.action) {
    case 'ring': {
      const { number } = context.found;
      const plan = orderedPlan(context, option.users, number.ringOrder, number.ringSecondsEach);
      const order = plan.orderNote ? `; ${plan.orderNote}` : '';
      const withWants = plan.wants ? { ...notes, wants: plan.wants } : notes;
      if (plan.tiers.length === 0) {
        return skip(`${chosen}, but nobody there can be rung (${plan.summaries.join('; ')}); going on down the route`, withWants);
      }
      return decideWith(
        `${chosen}; ringing ${plan.summaries.join('; ')}${order}`,
        { kind: 'ring', tiers: plan.tiers, greetingOwner: null },
        withWants,
      );
    }
    case 'voicemail': {
      const owner = option.user ? (userById(context, option.user) ?? null) : null;
      return decideWith(`${chosen}; taking a message`, { kind: 'voicemail', greetingOwner: owner }, notes);
    }
    case 'forward':
      return decideWith(
        `${chosen}; forwarding to ${option.to}`,
        ringAtOnce([{ kind: 'number', number: option.to, source: 'menu-forward' }], null, `forward to ${option.to}`),
        notes,
      );
  }
}

const NO_MENU = 'the number has no phone menu';

const heard = (answer: string) =>
  answer.trim() === '' ? 'nothing' : /^[0-9*#]+$/.test(answer.trim()) ? `key ${answer.trim()}` : `"${answer.trim()}"`;

export const PHONE_MENU_RULE = {
  id: 'phone-menu',
  summary: 'The number has a phone menu: the caller chooses (ring users, voicemail, forward); no answer twice takes the default.',
  evaluate: forNumber((context) => {
    const { number } = context.found;
    const { menu } = number;
    if (!menu) return skip(NO_MENU);
    const [first, second] = context.presses;
    if (first === undefined) {
      return decideWith(
        `${number.number} has a phone menu: asking the caller`,
        { kind: 'gather', prompt: menuPrompt(menu, 1) },
        {
          menu: menuPath(menu, [], null, null),
        },
      );
    }
    const firstChoice = menuChoice(menu, first);
    if (firstChoice) {
      const how = firstChoice.how === 'pressed' ? 'pressed' : `said ${heard(first)}`;
      return takeOption(context, menu, firstChoice.digit, `the caller ${how}`, {
        consumed: 1,
        menu: menuPath(menu, [first], firstChoice.digit, firstChoice.how),
      });
    }
    if (second === undefined) {
      return decideWith(
        `the caller answered ${heard(first)} at the phone menu: asking once more`,
        { kind: 'gather', prompt: menuPrompt(menu, 2) },
        { consumed: 1, menu: menuPath(menu, [first], null, null) },
      );
    }
    const secondChoice = menuChoice(menu, second);
    if (secondChoice) {
      const how = secondChoice.how === 'pressed' ? 'pressed' : `said ${heard(second)}`;
      return takeOption(context, menu, secondChoice.digit, `asked again, the caller ${how}`, {
        consumed: 2,
        menu: menuPath(menu, [first, second], secondChoice.digit, secondChoice.how),
      });
    }
    return takeOption(context, menu, menu.default, `the caller answered ${heard(first)}, then ${heard(second)}: the default`, {
      consumed: 2,
      menu: menuPath(menu, [first, second], menu.default, 'default'),
    });
  }),
} as const satisfies Rule;
