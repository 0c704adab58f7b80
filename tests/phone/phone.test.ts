// Country and kind of a number from libphonenumber-js (src/phone), and the outbound policy built on them.
import { allowedCountries, checkDestination } from '../../src/phone/outbound-policy';
import { countryOf, isUsLongCode, phoneFacts } from '../../src/phone/phone';
import { workspaceSchema } from '../../src/config/schema';

describe('phoneFacts', () => {
  test.each([
    ['+14155552671', 'US', 'fixed-line-or-mobile'],
    ['+14165550123', 'CA', 'fixed-line-or-mobile'],
    ['+18092345678', 'DO', 'unknown'],
    ['+18762345678', 'JM', 'unknown'],
    ['+17872345678', 'PR', 'unknown'],
    ['+19002345678', 'US', 'premium-rate'],
    ['+18772345678', 'US', 'toll-free'],
    ['+449012345678', 'GB', 'premium-rate'],
    ['+447012345678', 'GB', 'personal-number'],
    ['+979123456789', null, 'premium-rate'],
    ['+882123456789', null, 'unknown'],
  ])('%s is in %s, %s', (e164, country, kind) => {
    expect(phoneFacts(e164)).toMatchObject({ country, kind });
  });

  test("a fictional 555-01xx number is not valid, but belongs to its calling code's main country (US for +1)", () => {
    expect(phoneFacts('+15550100100')).toMatchObject({ country: 'US', valid: false, callingCode: '1' });
  });

  test('not E.164, or a length its calling code never has: null', () => {
    expect(phoneFacts('5551234')).toBeNull();
    expect(phoneFacts('+1555')).toBeNull();
    expect(countryOf('+882123456789')).toBe('+882');
  });
});

describe('isUsLongCode (A2P 10DLC)', () => {
  test.each([
    ['+14155552671', true],
    ['+15550100100', true],
    ['+18772345678', false],
    ['+18005550100', false],
    ['+14165550123', false],
    ['+18092345678', false],
    ['+442079460100', false],
    ['+1555', false],
  ])('%s: %s', (e164, expected) => {
    expect(isUsLongCode(e164)).toBe(expected);
  });
});

describe('the outbound policy', () => {
  const workspace = (input: object) => workspaceSchema.parse({ id: 'w', name: 'W', ...input });

  test("by default the countries of the workspace's own numbers", () => {
    expect(
      allowedCountries(
        workspace({
          numbers: [
            { number: '+15550100100', name: 'a' },
            { number: '+14165550123', name: 'b' },
          ],
        }),
      ),
    ).toEqual(['CA', 'US']);
    expect(
      allowedCountries(workspace({ outbound: { allowedCountries: ['GB'] }, numbers: [{ number: '+15550100100', name: 'a' }] })),
    ).toEqual(['GB']);
  });

  test('each refusal says why', () => {
    const us = workspace({ numbers: [{ number: '+15550100100', name: 'a' }] });
    expect(checkDestination(us, '+19002345678')).toMatchObject({ allowed: false, reason: expect.stringContaining('premium-rate') });
    expect(checkDestination(us, '+882123456789')).toMatchObject({ allowed: false, reason: expect.stringContaining('no country') });
    expect(checkDestination(us, '+18092345678')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("DO, which is not among the workspace's allowed countries (US"),
    });
    expect(checkDestination(us, '+1555')).toMatchObject({ allowed: false, reason: expect.stringContaining('not a possible phone number') });
    expect(checkDestination(us, '+15557654321')).toEqual({ allowed: true, country: 'US' });
  });

  test('the setting is validated: two-letter codes, at least one', () => {
    expect(workspaceSchema.safeParse({ id: 'w', name: 'W', outbound: { allowedCountries: ['usa'] } }).success).toBe(false);
    expect(workspaceSchema.safeParse({ id: 'w', name: 'W', outbound: { allowedCountries: [] } }).success).toBe(false);
  });
});
