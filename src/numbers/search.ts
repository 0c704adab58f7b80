// `numbers search`: numbers for sale by country, type, area codes, a digit pattern and capabilities.
// Several area codes are searched one after another, each reported as a progress line, until --limit is met.
import { NumberInputError } from './errors';
import { NUMBER_TYPES, type AvailableNumber, type Capabilities, type NumberType, type PhoneNumbersGateway } from './twilio-numbers';

export const DEFAULT_SEARCH_LIMIT = 20;
/** Twilio's largest page of AvailablePhoneNumbers. */
export const MAX_SEARCH_LIMIT = 1000;

export interface SearchOptions {
  country: string;
  type: NumberType;
  /** Empty: anywhere in the country. */
  areaCodes: number[];
  contains?: string;
  capabilities: Partial<Capabilities>;
  /** At most this many numbers in all. */
  limit: number;
}

export interface SearchInput {
  country?: string;
  /** Each value may hold several codes separated by commas; the option may be repeated. */
  areaCode?: string[];
  contains?: string;
  type?: string;
  voice?: boolean;
  sms?: boolean;
  mms?: boolean;
  fax?: boolean;
  limit?: string;
}

/** What each search field is called where it was typed: the CLI's options, or the console's field labels. */
export type SearchFieldNames = Record<'country' | 'type' | 'areaCode' | 'contains' | 'limit', string>;

export const CLI_SEARCH_FIELDS: SearchFieldNames = {
  country: '--country',
  type: '--type',
  areaCode: '--area-code',
  contains: '--contains',
  limit: '--limit',
};

/** Checks the search's fields; every problem is a NumberInputError that names the field as `names` call it. */
export function parseSearchOptions(input: SearchInput, names: SearchFieldNames = CLI_SEARCH_FIELDS): SearchOptions {
  const country = (input.country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw new NumberInputError(`${names.country} must be a two-letter ISO country code such as US or GB (got "${input.country ?? ''}")`);
  const type = (input.type ?? 'local') as NumberType;
  if (!NUMBER_TYPES.includes(type))
    throw new NumberInputError(`${names.type} must be one of ${NUMBER_TYPES.join(', ')} (got "${input.type}")`);
  const areaCodes: number[] = [];
  for (const code of (input.areaCode ?? []).flatMap((value) => value.split(',')).map((value) => value.trim())) {
    if (!/^\d{2,5}$/.test(code))
      throw new NumberInputError(`${names.areaCode} must be digits such as 415, repeated or separated by commas (got "${code}")`);
    if (!areaCodes.includes(Number(code))) areaCodes.push(Number(code));
  }
  const contains = input.contains?.trim();
  if (contains !== undefined && !/^[A-Za-z0-9*]{2,16}$/.test(contains)) {
    throw new NumberInputError(`${names.contains} must be 2 to 16 digits or letters, with * for any one digit (got "${input.contains}")`);
  }
  const limit = input.limit === undefined ? DEFAULT_SEARCH_LIMIT : Number(input.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new NumberInputError(`${names.limit} must be a whole number from 1 to ${MAX_SEARCH_LIMIT} (got "${input.limit}")`);
  }
  const capabilities: Partial<Capabilities> = {};
  for (const name of ['voice', 'sms', 'mms', 'fax'] as const) if (input[name]) capabilities[name] = true;
  return { country, type, areaCodes, ...(contains ? { contains } : {}), capabilities, limit };
}

/** Searches, area code by area code, and says on `progress` how each went when there are several. */
export async function searchNumbers(
  gateway: PhoneNumbersGateway,
  options: SearchOptions,
  progress: (line: string) => void = () => {},
): Promise<AvailableNumber[]> {
  const base = { country: options.country, type: options.type, contains: options.contains, capabilities: options.capabilities };
  if (options.areaCodes.length === 0) return gateway.searchAvailable({ ...base, limit: options.limit });
  const found: AvailableNumber[] = [];
  const total = options.areaCodes.length;
  const report = total > 1 ? progress : () => {};
  for (const [index, areaCode] of options.areaCodes.entries()) {
    const step = `[${index + 1}/${total}] area code ${areaCode}`;
    const wanted = options.limit - found.length;
    if (wanted <= 0) {
      report(`${step}: not searched, --limit ${options.limit} reached`);
      continue;
    }
    const page = await gateway.searchAvailable({ ...base, areaCode, limit: wanted });
    found.push(...page);
    report(`${step}: ${page.length} number${page.length === 1 ? '' : 's'}`);
  }
  return found;
}
