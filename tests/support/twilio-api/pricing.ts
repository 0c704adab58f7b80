// Twilio Pricing v1 in the API double, the part the numbers page reads: a country's monthly phone-number prices
// (`GET /v1/PhoneNumbers/Countries/{IsoCountry}`), from a small table a test can change. Checked against
// twilio_pricing_v1.json by the worker's Prism like every other product (Twilio's phone-number prices are in Pricing
// v1 only; v2 holds voice and trunking).
import { notFound } from './errors';
import type { DoubleRequest, DoubleResponse, PathParams, RouteTable } from './routes';

const BASE = 'https://pricing.twilio.com/v1';

/** One country's prices: Twilio's number types ("local", "toll free", "mobile") and the monthly price of each. */
export interface CountryPrices {
  country: string;
  priceUnit: string;
  prices: { numberType: string; basePrice: number; currentPrice: number }[];
}

export class PricingState {
  /** By ISO country code; a test adds or changes a country with `setCountry`. */
  readonly countries = new Map<string, CountryPrices>([
    [
      'US',
      {
        country: 'United States',
        priceUnit: 'USD',
        prices: [
          { numberType: 'local', basePrice: 1.15, currentPrice: 1.15 },
          { numberType: 'toll free', basePrice: 2.15, currentPrice: 2.15 },
        ],
      },
    ],
    [
      'CA',
      {
        country: 'Canada',
        priceUnit: 'USD',
        prices: [
          { numberType: 'local', basePrice: 1.15, currentPrice: 1.15 },
          { numberType: 'toll free', basePrice: 2.15, currentPrice: 2.15 },
        ],
      },
    ],
  ]);

  register(routes: RouteTable): void {
    routes.add('GET', '/v1/PhoneNumbers/Countries/{IsoCountry}', (req, p) => this.fetchCountry(req, p));
  }

  setCountry(isoCountry: string, prices: CountryPrices): void {
    this.countries.set(isoCountry.toUpperCase(), prices);
  }

  private fetchCountry(req: DoubleRequest, params: PathParams): DoubleResponse {
    const iso = params.IsoCountry!.toUpperCase();
    const found = this.countries.get(iso);
    if (!found) throw notFound(req.path);
    return {
      status: 200,
      body: {
        country: found.country,
        iso_country: iso,
        phone_number_prices: found.prices.map((price) => ({
          number_type: price.numberType,
          base_price: price.basePrice,
          current_price: price.currentPrice,
        })),
        price_unit: found.priceUnit,
        url: `${BASE}/PhoneNumbers/Countries/${iso}`,
      },
    };
  }
}
