// outbound-call under twilio-run, signed as Twilio signs: only an enabled app may call, only to the workspace's
// allowed countries (default: its own numbers' countries), never to premium-rate or no-country numbers, and a
// recorded call is announced to the app user first and to the called party when they answer.
import type { BundleInput } from '../../src/config/types';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { OVERRIDES, verbsOf, parseTwiml, type TwimlNode } from '../support/twiml';
import { callSid } from './fixture';

const OUT_LINE = '+15550700100';
const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'out',
      name: 'Out Co',
      users: [
        { id: 'wen', name: 'Wen', webApp: true },
        { id: 'off', name: 'Off', phone: '+15550700002' },
      ],
      numbers: [
        { number: OUT_LINE, name: 'Out line', recording: { enabled: true, announcement: 'Calls with {{business.name}} are recorded.' } },
      ],
    },
    {
      id: 'north',
      name: 'North Co',
      users: [{ id: 'nia', name: 'Nia', mobileApp: true }],
      numbers: [{ number: '+14165550123', name: 'Toronto line' }],
    },
    {
      id: 'wide',
      name: 'Wide Co',
      outbound: { allowedCountries: ['US', 'DO', 'GB'] },
      users: [{ id: 'will', name: 'Will', webApp: true, mobileApp: true }],
      numbers: [{ number: '+15550700300', name: 'Wide line' }],
    },
  ],
};

let server: FunctionsServer;
beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: writeTempJson('outbound.json', BUNDLE) });
});
afterAll(() => server?.stop());

async function outbound(from: string, to: string, path = '/outbound-call'): Promise<TwimlNode> {
  const response = await server.post(path, { CallSid: callSid(), From: from, To: to, Direction: 'inbound' });
  expect(response.status).toBe(200);
  return parseTwiml(response.body);
}
const dialled = (node: TwimlNode) => node.children.find((child) => child.name === 'Dial')?.children[0]?.text;
const refusal = (node: TwimlNode) =>
  verbsOf(node).join(',') === 'Say,Hangup' ? node.children[0]!.text : `not refused: ${verbsOf(node).join(',')}`;

describe('only a user whose app is enabled', () => {
  test.each([
    ['a user with no app at all', 'client:out_off_web'],
    ['the mobile app of a web-only user', 'client:out_wen_mobile'],
  ])('%s is refused with a spoken reason', async (_title, from) => {
    expect(refusal(await outbound(from, '+15557654321'))).toBe('This app is not enabled for calls.');
  });

  test('the web app of a web user dials', async () => {
    expect(dialled(await outbound('client:out_wen_web', '+15557654321'))).toBe('+15557654321');
  });
});

describe('destinations, per workspace', () => {
  test.each([
    ['out (US numbers): a US number', 'client:out_wen_web', '+14155552671', true],
    ['out: +1900 premium rate', 'client:out_wen_web', '+19002345678', false],
    ['out: +1809 is the Dominican Republic, not the US', 'client:out_wen_web', '+18092345678', false],
    ['out: +882 belongs to no country', 'client:out_wen_web', '+882123456789', false],
    ['out: the UK', 'client:out_wen_web', '+442079460100', false],
    ['north (a Toronto number): Canada', 'client:north_nia_mobile', '+14165550199', true],
    ['north: the US is another country', 'client:north_nia_mobile', '+14155552671', false],
    ['wide (US, DO, GB allowed): the Dominican Republic', 'client:wide_will_web', '+18092345678', true],
    ['wide: the UK', 'client:wide_will_mobile', '+442079460100', true],
    ['wide: a UK premium-rate number, whatever the countries say', 'client:wide_will_web', '+449012345678', false],
    ['wide: France is not listed', 'client:wide_will_web', '+33612345678', false],
  ])('%s: %s -> %s allowed %s', async (_title, from, to, allowed) => {
    const answer = await outbound(from, to);
    if (allowed) expect(dialled(answer)).toBe(to);
    else
      expect(refusal(answer)).toMatch(/^Calls to (premium rate numbers|this country|this destination) cannot be placed from this app\.$/);
  });
});

describe('a recorded outbound call is announced', () => {
  test('the app user hears the announcement before the dial, and the called party hears it on answer', async () => {
    const answer = await outbound('client:out_wen_web', '+15557654321');
    expect(verbsOf(answer)).toEqual(['Say', 'Dial']);
    expect(answer.children[0]!.text).toBe('Calls with Out Co are recorded.');
    const dial = answer.children[1]!;
    expect(dial.attrs).toMatchObject({ record: 'record-from-answer-dual' });
    const number = dial.children[0]!;
    expect(number.attrs.url).toBe(`/outbound-call?crNumber=%2B15550700100&crStep=announce&crWorkspace=out${OVERRIDES}`);
    // Twilio runs the <Number url> on the called party's leg when they answer (a signed POST to that URL).
    const calledParty = await outbound(OUT_LINE, '+15557654321', number.attrs.url);
    expect(verbsOf(calledParty)).toEqual(['Say']);
    expect(calledParty.children[0]!.text).toBe('Calls with Out Co are recorded.');
  });

  test('an unrecorded call has no announcement and no <Number url>', async () => {
    const answer = await outbound('client:north_nia_mobile', '+14165550199');
    expect(verbsOf(answer)).toEqual(['Dial']);
    expect(answer.children[0]!.children[0]!.attrs.url).toBeUndefined();
  });
});
