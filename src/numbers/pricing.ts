// What a number costs a month, from Twilio's Pricing API (v1 PhoneNumbers/Countries/{IsoCountry}: Twilio's
// phone-number prices are in Pricing v1; v2 holds voice and trunking): the price of one type of number in one country,
// shown before a purchase is confirmed (the console's numbers page, `npm run numbers -- search`).
import type { NumberType, PhoneNumbersGateway } from './twilio-numbers';

export interface MonthlyPrice {
  country: string;
  type: NumberType;
  /** Per month, in `currency`, as Twilio charges it now. */
  amount: number;
  /** ISO 4217, e.g. USD. */
  currency: string;
}

/** Twilio's names of our number types in the Pricing API. */
const PRICING_TYPE: Record<NumberType, string> = { local: 'local', 'toll-free': 'toll free', mobile: 'mobile' };

/** The monthly price of a `type` number in `country`, or null when Twilio lists none for it. */
export async function monthlyPrice(gateway: PhoneNumbersGateway, country: string, type: NumberType): Promise<MonthlyPrice | null> {
  const prices = await gateway.countryPrices(country);
  const found = prices?.prices.find((price) => price.numberType.toLowerCase() === PRICING_TYPE[type]);
  if (!prices || !found || !Number.isFinite(found.currentPrice)) return null;
  return { country, type, amount: found.currentPrice, currency: prices.priceUnit };
}

/** "$1.15 a month" style, in the currency Twilio prices in. */
export function formatMonthlyPrice(price: MonthlyPrice, locale = 'en-US'): string {
  const amount = new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency }).format(price.amount);
  return `${amount} a month`;
}
