// The phone-number side of the Twilio account: AvailablePhoneNumbers (search) and IncomingPhoneNumbers (buy,
// read, update, release), over a client from src/twilio/client.ts. Answers are turned into plain records, and
// Twilio's errors into TwilioRequestError, which says what was being done.
import type twilio from 'twilio';
import type { UrlSettings, WebhookSettings } from './deployment';
import { TwilioRequestError } from './errors';

type TwilioClient = ReturnType<typeof twilio>;

export const NUMBER_TYPES = ['local', 'toll-free', 'mobile'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

export interface Capabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
  fax: boolean;
}

export const CAPABILITY_NAMES = ['voice', 'sms', 'mms', 'fax'] as const satisfies readonly (keyof Capabilities)[];

/** A number offered for sale. */
export interface AvailableNumber {
  number: string;
  friendlyName: string;
  type: NumberType;
  country: string;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  capabilities: Capabilities;
  addressRequirements: string;
}

/** A number the account owns, with its webhook settings. `type` is null when read from the untyped list. */
export interface AccountNumber extends WebhookSettings {
  sid: string;
  number: string;
  friendlyName: string;
  type: NumberType | null;
  capabilities: Capabilities;
  created: Date;
}

export interface AvailableSearch {
  country: string;
  type: NumberType;
  areaCode?: number;
  contains?: string;
  capabilities: Partial<Capabilities>;
  limit: number;
}

/** Twilio's monthly price of one type of number in a country (Pricing v1, PhoneNumbers/Countries). */
export interface CountryNumberPrice {
  /** Twilio's own words: "local", "toll free", "mobile", "national"… */
  numberType: string;
  /** The price charged now (after any discount), per month. */
  currentPrice: number;
  basePrice: number;
}

export interface CountryNumberPrices {
  country: string;
  /** ISO 4217, e.g. USD. */
  priceUnit: string;
  prices: CountryNumberPrice[];
}

interface RestFailure {
  status?: number;
  code?: number;
  message?: string;
}

/** Twilio's own answers keep their status and code; transport failures (timeouts, resets) pass through as they are. */
function failure(what: string, error: unknown): Error {
  const rest = error as RestFailure;
  if (typeof rest?.status !== 'number') return error instanceof Error ? error : new Error(String(error));
  const code = typeof rest.code === 'number' ? rest.code : undefined;
  const verb = rest.status >= 500 ? 'failed to' : 'refused to';
  return new TwilioRequestError(
    `Twilio ${verb} ${what}: ${rest.message ?? 'no message'} (HTTP ${rest.status}${code ? `, error ${code}` : ''})`,
    rest.status,
    code,
    { cause: error },
  );
}

async function attempt<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw failure(what, error);
  }
}

/** Twilio documents lower-case capability keys; older answers used SMS/MMS. Both are read. */
function capabilitiesOf(raw: unknown): Capabilities {
  const value = (raw ?? {}) as Record<string, unknown>;
  const flag = (name: string) => value[name] === true || value[name.toUpperCase()] === true;
  return { voice: flag('voice'), sms: flag('sms'), mms: flag('mms'), fax: flag('fax') };
}

/** The fields read from an AvailablePhoneNumbers answer (Local, TollFree and Mobile share them). */
interface OfferLike {
  phoneNumber: string;
  friendlyName: string;
  isoCountry: string;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  capabilities: unknown;
  addressRequirements: string;
}

/** The fields read from an IncomingPhoneNumbers answer (the untyped and the typed lists share them). */
type IncomingLike = { sid: string; phoneNumber: string; friendlyName: string; capabilities: unknown; dateCreated: Date } & Record<
  keyof WebhookSettings,
  string | null
>;

function accountNumber(resource: IncomingLike, type: NumberType | null): AccountNumber {
  return {
    sid: resource.sid,
    number: resource.phoneNumber,
    friendlyName: resource.friendlyName,
    type,
    capabilities: capabilitiesOf(resource.capabilities),
    created: resource.dateCreated,
    voiceUrl: resource.voiceUrl || null,
    voiceMethod: resource.voiceMethod || null,
    voiceFallbackUrl: resource.voiceFallbackUrl || null,
    voiceFallbackMethod: resource.voiceFallbackMethod || null,
    statusCallback: resource.statusCallback || null,
    statusCallbackMethod: resource.statusCallbackMethod || null,
    smsUrl: resource.smsUrl || null,
    smsMethod: resource.smsMethod || null,
    voiceApplicationSid: resource.voiceApplicationSid || null,
    smsApplicationSid: resource.smsApplicationSid || null,
  };
}

export class PhoneNumbersGateway {
  constructor(private readonly client: TwilioClient) {}

  /** One AvailablePhoneNumbers search (one type, at most one area code). */
  async searchAvailable(search: AvailableSearch): Promise<AvailableNumber[]> {
    const country = this.client.availablePhoneNumbers(search.country);
    const listers: Record<NumberType, (options: object) => Promise<OfferLike[]>> = {
      local: (options) => country.local.list(options),
      'toll-free': (options) => country.tollFree.list(options),
      mobile: (options) => country.mobile.list(options),
    };
    const options = {
      ...(search.areaCode !== undefined ? { areaCode: search.areaCode } : {}),
      ...(search.contains ? { contains: search.contains } : {}),
      ...(search.capabilities.voice ? { voiceEnabled: true } : {}),
      ...(search.capabilities.sms ? { smsEnabled: true } : {}),
      ...(search.capabilities.mms ? { mmsEnabled: true } : {}),
      ...(search.capabilities.fax ? { faxEnabled: true } : {}),
      limit: search.limit,
    };
    const found = await attempt(`search ${search.type} numbers in ${search.country}`, () => listers[search.type](options));
    return found.map((offer) => ({
      number: offer.phoneNumber,
      friendlyName: offer.friendlyName,
      type: search.type,
      country: offer.isoCountry,
      locality: offer.locality || null,
      region: offer.region || null,
      postalCode: offer.postalCode || null,
      capabilities: capabilitiesOf(offer.capabilities),
      addressRequirements: offer.addressRequirements,
    }));
  }

  /** Every number the account owns, with its type (one list per type). */
  async listOwned(): Promise<AccountNumber[]> {
    const numbers = this.client.incomingPhoneNumbers;
    const lists: [NumberType, () => Promise<IncomingLike[]>][] = [
      ['local', () => numbers.local.list()],
      ['toll-free', () => numbers.tollFree.list()],
      ['mobile', () => numbers.mobile.list()],
    ];
    const owned: AccountNumber[] = [];
    for (const [type, read] of lists) {
      const page = await attempt(`list the account's ${type} numbers`, read);
      owned.push(...page.map((resource) => accountNumber(resource, type)));
    }
    return owned;
  }

  /** The account's number, or undefined when the account does not own it. */
  async findOwned(e164: string): Promise<AccountNumber | undefined> {
    const found = await attempt(`look up ${e164} in the account`, () => this.client.incomingPhoneNumbers.list({ phoneNumber: e164 }));
    const exact = found.find((resource) => resource.phoneNumber === e164);
    return exact ? accountNumber(exact, null) : undefined;
  }

  /** Buys a number with its webhook settings in the same request. */
  async purchase(e164: string, settings: UrlSettings & { friendlyName?: string }): Promise<AccountNumber> {
    const bought = await attempt(`buy ${e164}`, () => this.client.incomingPhoneNumbers.create({ phoneNumber: e164, ...settings }));
    return accountNumber(bought, null);
  }

  async update(number: Pick<AccountNumber, 'sid' | 'number'>, settings: UrlSettings): Promise<AccountNumber> {
    const updated = await attempt(`update ${number.number}`, () => this.client.incomingPhoneNumbers(number.sid).update(settings));
    return accountNumber(updated, null);
  }

  /** The monthly prices of a country's numbers, from Twilio's Pricing API; undefined when Twilio has no prices for it. */
  async countryPrices(isoCountry: string): Promise<CountryNumberPrices | undefined> {
    try {
      const found = await this.client.pricing.v1.phoneNumbers.countries(isoCountry).fetch();
      const prices = (found.phoneNumberPrices ?? []) as { numberType?: unknown; currentPrice?: unknown; basePrice?: unknown }[];
      return {
        country: found.country ?? isoCountry,
        priceUnit: (found.priceUnit ?? 'USD').toUpperCase(),
        // Twilio's answers have held the prices as numbers and as decimal text: both are read.
        prices: prices.map((price) => ({
          numberType: String(price.numberType ?? ''),
          currentPrice: Number(price.currentPrice),
          basePrice: Number(price.basePrice),
        })),
      };
    } catch (error) {
      if ((error as RestFailure)?.status === 404) return undefined;
      throw failure(`read the prices of numbers in ${isoCountry}`, error);
    }
  }

  async release(number: Pick<AccountNumber, 'sid' | 'number'>): Promise<void> {
    await attempt(`release ${number.number}`, () => this.client.incomingPhoneNumbers(number.sid).remove());
  }
}
