// Searching numbers for sale against the Twilio API double behind Prism: every filter reaches
// AvailablePhoneNumbers as Twilio's parameter, only matching numbers come back, several area codes are searched
// in order with a progress line each, and bad filters are refused before any request.
import { NumberInputError } from '../../src/numbers/errors';
import { parseSearchOptions, searchNumbers } from '../../src/numbers/search';
import { numbersServices } from '../support/numbers';
import { useTwilioApi } from '../support/twilio-api/index';

const api = useTwilioApi({ clearRequests: true });

const searches = () => api.double.requests({ product: 'api', path: 'AvailablePhoneNumbers' });

test('country, area code, contains, capabilities and limit become Twilio parameters', async () => {
  const services = numbersServices(api);
  const options = parseSearchOptions({
    country: 'us',
    areaCode: ['415'],
    contains: '5550*1',
    sms: true,
    voice: true,
    mms: true,
    limit: '3',
  });
  const found = await searchNumbers(services.gateway(), options, (line) => services.progress(line));

  expect(searches()).toHaveLength(1);
  const [request] = searches();
  expect(request!.method).toBe('GET');
  expect(request!.path).toMatch(/\/AvailablePhoneNumbers\/US\/Local\.json$/);
  expect(request!.query).toEqual({
    AreaCode: '415',
    Contains: '5550*1',
    SmsEnabled: 'true',
    VoiceEnabled: 'true',
    MmsEnabled: 'true',
    PageSize: '3',
  });
  expect(found).toHaveLength(3);
  for (const number of found) {
    expect(number.number).toMatch(/^\+1415/);
    expect(number).toMatchObject({
      type: 'local',
      country: 'US',
      locality: 'San Francisco',
      region: 'CA',
      capabilities: { voice: true, sms: true, mms: true },
    });
  }
  expect(services.lines).toEqual([]); // one area code: no progress lines
});

test('toll-free and mobile searches use their own resources; fax and voice-only filters narrow the results', async () => {
  const services = numbersServices(api);
  const tollFree = await searchNumbers(services.gateway(), parseSearchOptions({ country: 'US', type: 'toll-free' }));
  expect(tollFree.length).toBeGreaterThan(0);
  expect(tollFree.every((number) => number.type === 'toll-free' && /^\+18(00|88)/.test(number.number))).toBe(true);

  const mobile = await searchNumbers(services.gateway(), parseSearchOptions({ country: 'GB', type: 'mobile', sms: true }));
  expect(mobile.map((number) => number.country)).toEqual(['GB', 'GB', 'GB']);
  expect(mobile.every((number) => number.number.startsWith('+4477'))).toBe(true);

  const fax = await searchNumbers(services.gateway(), parseSearchOptions({ country: 'US', fax: true }));
  expect(fax).toEqual([]);

  expect(searches().map((request) => request.path.split('/AvailablePhoneNumbers/')[1])).toEqual([
    'US/TollFree.json',
    'GB/Mobile.json',
    'US/Local.json',
  ]);
  expect(searches()[1]!.query).toMatchObject({ SmsEnabled: 'true' });
  expect(searches()[2]!.query).toMatchObject({ FaxEnabled: 'true' });
});

test('several area codes are searched in order, with one progress line each, until the limit is met', async () => {
  const services = numbersServices(api);
  const options = parseSearchOptions({ country: 'US', areaCode: ['415,510', '212'], limit: '8' });
  expect(options.areaCodes).toEqual([415, 510, 212]);
  const found = await searchNumbers(services.gateway(), options, (line) => services.progress(line));

  expect(found).toHaveLength(8);
  expect(found.slice(0, 5).every((number) => number.number.startsWith('+1415'))).toBe(true);
  expect(found.slice(5).every((number) => number.number.startsWith('+1510'))).toBe(true);
  expect(services.lines).toEqual([
    '[1/3] area code 415: 5 numbers',
    '[2/3] area code 510: 3 numbers',
    '[3/3] area code 212: not searched, --limit 8 reached',
  ]);
  expect(searches().map((request) => [request.query.AreaCode, request.query.PageSize])).toEqual([
    ['415', '8'],
    ['510', '3'],
  ]);
});

test.each([
  [{ country: 'USA' }, '--country must be a two-letter ISO country code'],
  [{ country: 'US', type: 'landline' }, '--type must be one of local, toll-free, mobile'],
  [{ country: 'US', areaCode: ['41a'] }, '--area-code must be digits'],
  [{ country: 'US', contains: '5' }, '--contains must be 2 to 16 digits or letters'],
  [{ country: 'US', limit: '0' }, '--limit must be a whole number from 1 to 1000'],
])('%j is refused: %s', (input, message) => {
  expect(() => parseSearchOptions(input)).toThrow(NumberInputError);
  expect(() => parseSearchOptions(input)).toThrow(message);
});
