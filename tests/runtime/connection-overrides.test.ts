// The connection overrides every webhook URL we hand Twilio carries, held to Twilio's documented limits
// (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides): a value out of range or an unknown
// retry policy would make Twilio refuse the URL (error 11243 for rp) on a live call.
import {
  CONNECTION_OVERRIDES_FRAGMENT,
  sameWebhook,
  withConnectionOverrides,
  withoutConnectionOverrides,
} from '../../src/runtime/connection-overrides';
import { OVERRIDES } from '../support/twiml';

/** Twilio's table: each key, its valid range in ms (or count), and its default. */
const TWILIO_LIMITS: Record<string, { min: number; max: number }> = {
  ct: { min: 100, max: 10_000 },
  rt: { min: 100, max: 15_000 },
  tt: { min: 100, max: 15_000 },
  rc: { min: 0, max: 5 },
};
const RETRY_POLICIES = new Set(['4xx', '5xx', 'ct', 'rt', 'all']);

const fragment = new URLSearchParams(CONNECTION_OVERRIDES_FRAGMENT.slice(1));

test('the fragment is the one the tests expect everywhere', () => {
  expect(CONNECTION_OVERRIDES_FRAGMENT).toBe(OVERRIDES);
});

test.each(Object.entries(TWILIO_LIMITS))("%s, when set, is within Twilio's range", (key, { min, max }) => {
  const value = fragment.get(key);
  if (value === null) return;
  expect(Number(value)).toBeGreaterThanOrEqual(min);
  expect(Number(value)).toBeLessThanOrEqual(max);
});

test('retries on a failed connection and on 5xx, at least once, and nothing else the docs do not name', () => {
  const keys = [...fragment.keys()];
  expect(keys.every((key) => key in TWILIO_LIMITS || key === 'rp')).toBe(true);
  const policies = fragment.get('rp')!.split(',');
  expect(policies.every((policy) => RETRY_POLICIES.has(policy))).toBe(true);
  expect(policies).toEqual(expect.arrayContaining(['ct', '5xx']));
  expect(Number(fragment.get('rc'))).toBeGreaterThanOrEqual(1);
  // Within the 15 s Twilio gives one webhook in all.
  expect(Number(fragment.get('tt') ?? 15_000)).toBeLessThanOrEqual(15_000);
});

test.each([
  ['our URL with the overrides', 'https://x.twil.io/incoming-call#rc=2&rp=ct,5xx&ct=3000&tt=15000', true],
  ['our URL without them (bound before they existed)', 'https://x.twil.io/incoming-call', true],
  ['our URL with other overrides (set by hand)', 'https://x.twil.io/incoming-call#rc=5', false],
  ['another path', 'https://x.twil.io/incoming-sms#rc=2&rp=ct,5xx&ct=3000&tt=15000', false],
  ['nothing set', null, false],
])('sameWebhook: %s -> %s', (_title, actual, same) => {
  expect(sameWebhook(actual, withConnectionOverrides('https://x.twil.io/incoming-call'))).toBe(same);
});

test('a URL that has a fragment already is refused (Twilio would read only one); the overrides come off again', () => {
  expect(() => withConnectionOverrides('/dial-complete#x')).toThrow(/already has a #fragment/);
  expect(withoutConnectionOverrides(withConnectionOverrides('/dial-complete?crWs=a'))).toBe('/dial-complete?crWs=a');
});
