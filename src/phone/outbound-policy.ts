// Where the web and mobile apps may call: the workspace's allowed countries (`outbound.allowedCountries`; by
// default the countries of the workspace's own numbers), never a premium-rate, shared-cost or personal number,
// and never a number of no country (+870, +881, +882, +883, +979: satellite and international networks).
import type { Workspace } from '../config/types';
import { HIGH_COST_KINDS, phoneFacts } from './phone';

export type DestinationVerdict =
  | { allowed: true; country: string }
  | { allowed: false; reason: string /** What the app user hears. */; spoken: string };

/** The countries a workspace may call: its setting, else the countries of its own numbers. */
export function allowedCountries(workspace: Pick<Workspace, 'numbers' | 'outbound'>): string[] {
  if (workspace.outbound.allowedCountries) return workspace.outbound.allowedCountries;
  const own = workspace.numbers
    .map((number) => phoneFacts(number.number)?.country)
    .filter((country): country is string => Boolean(country));
  return [...new Set(own)].sort();
}

export function checkDestination(workspace: Pick<Workspace, 'numbers' | 'outbound'>, to: string): DestinationVerdict {
  const facts = phoneFacts(to);
  if (!facts)
    return {
      allowed: false,
      reason: `${to} is not a possible phone number`,
      spoken: 'The number you dialed is not valid. Please check it and try again.',
    };
  if ((HIGH_COST_KINDS as readonly string[]).includes(facts.kind)) {
    return {
      allowed: false,
      reason: `${to} is a ${facts.kind} number (high cost): never dialled from the apps`,
      spoken: 'Calls to premium rate numbers cannot be placed from this app.',
    };
  }
  const allowed = allowedCountries(workspace);
  if (!facts.country) {
    return {
      allowed: false,
      reason: `${to} (+${facts.callingCode}) belongs to no country (an international or satellite network)`,
      spoken: 'Calls to this destination cannot be placed from this app.',
    };
  }
  if (!allowed.includes(facts.country)) {
    return {
      allowed: false,
      reason: `${to} is in ${facts.country}, which is not among the workspace's allowed countries (${allowed.join(', ') || 'none'}; outbound.allowedCountries)`,
      spoken: 'Calls to this country cannot be placed from this app.',
    };
  }
  return { allowed: true, country: facts.country };
}
