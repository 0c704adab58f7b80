// The prompts a caller answers, served: the phone menu and the spam challenge as <Gather>, and gather-complete, which
// Twilio posts each answer to (a key as Digits, words as SpeechResult, nothing at all under actionOnEmptyResult),
// deciding the call again with the answers so far at the call's first instant. Every request is signed as Twilio
// signs it, every URL is taken from the TwiML as the functions wrote it, and what the call log says is read back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInput } from '../../src/config/types';
import type { RouteEntry } from '../../src/calls/call-log';
import { LocalStateStore } from '../../src/state/local-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { callLogOf } from '../support/call-log';
import {
  callIn,
  callOver,
  gatherOf,
  legSid,
  promptAnswered,
  send,
  type CallIds,
  type PromptAnswer,
  type Step,
} from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { legLabel, verbsOf, type TwimlNode } from '../support/twiml';

const LINE = {
  abandonMenu: '+15550640100',
  abandonScreened: '+15550640101',
  menu: '+15550620100',
  speech: '+15550620101',
  screened: '+15550630100',
  screenedMenu: '+15550630101',
};
const PHONE = { ann: '+15550620002', ben: '+15550620003', zed: '+15550630002', emergencies: '+15550620050' };
const CALLER = '+15550620200';

type NumberInput = NonNullable<BundleInput['workspaces'][number]['numbers']>[number];
/** Menu Co's menu: 1 rings Ben and Cat, 2 takes a message for Ann, 3 forwards; with or without spoken words. */
const menuCo = (speech: boolean): NumberInput['menu'] => ({
  greeting: { text: 'Thanks for calling Menu Co.' },
  options: {
    '1': { label: 'Sales', action: 'ring', users: ['ben', 'cat'], words: ['buy'] },
    '2': { label: 'Leave a message', action: 'voicemail', user: 'ann', words: ['voicemail'] },
    '3': { label: 'Emergencies', action: 'forward', to: PHONE.emergencies },
  },
  default: '1',
  speech,
});

const BUNDLE: BundleInput = {
  workspaces: [
    {
      // Text-back on: a caller who hangs up at a prompt is, or is not, texted.
      id: 'abandon',
      name: 'Abandon Co',
      inbound: { maxCallsPerCallerPerMinute: 0, screening: { stirFailed: 'challenge' } },
      textBack: { enabled: true },
      users: [{ id: 'ann', name: 'Ann', phone: '+15550640002', role: 'admin' }],
      numbers: [
        {
          number: LINE.abandonMenu,
          name: 'Abandon menu line',
          menu: { greeting: { text: 'Abandon Co.' }, options: { '1': { label: 'Ann', action: 'ring', users: ['ann'] } }, default: '1' },
        },
        { number: LINE.abandonScreened, name: 'Abandon screened line', assignedUser: 'ann' },
      ],
    },
    {
      id: 'menu',
      name: 'Menu Co',
      // These tests call from one number many times a minute; the abuse guard has tests of its own.
      inbound: { maxCallsPerCallerPerMinute: 0 },
      users: [
        { id: 'ann', name: 'Ann', phone: PHONE.ann, voicemail: { greetingText: "Ann's voicemail." } },
        { id: 'ben', name: 'Ben', phone: PHONE.ben },
        { id: 'cat', name: 'Cat', mobileApp: true },
      ],
      numbers: [
        {
          number: LINE.menu,
          name: 'Menu line',
          menu: menuCo(false),
        },
        {
          number: LINE.speech,
          name: 'Speech line',
          menu: menuCo(true),
        },
      ],
    },
    {
      id: 'screen',
      name: 'Screen Co',
      inbound: { maxCallsPerCallerPerMinute: 0, screening: { stirFailed: 'challenge' } },
      users: [{ id: 'zed', name: 'Zed', phone: PHONE.zed }],
      numbers: [
        { number: LINE.screened, name: 'Screened line', assignedUser: 'zed' },
        {
          number: LINE.screenedMenu,
          name: 'Screened menu line',
          menu: {
            greeting: { text: 'Screen Co.' },
            options: { '1': { label: 'Zed', action: 'ring', users: ['zed'] } },
            default: '1',
          },
        },
      ],
    },
  ],
};

const stateDir = mkdtempSync(join(tmpdir(), 'prompts-state-'));

let server: FunctionsServer;
beforeAll(async () => {
  server = await startFunctions({
    CONFIG_FILE: writeTempJson('prompts.json', BUNDLE),
    LOCAL_STATE_DIR: stateDir,
    ALLOW_SIMULATED_CLOCK: 'true',
  });
});
afterAll(() => server?.stop());

/** A call in from CALLER, with Twilio's StirVerstat when given. */
async function callTo(to: string, stir?: string): Promise<{ call: CallIds; answer: Step }> {
  const call = { callSid: legSid(), to, from: CALLER };
  const first = await callIn(server, { ...call, ...(stir ? { extra: { StirVerstat: stir } } : {}) });
  return { call, answer: first.incoming };
}

/** Answers the prompt in `step`'s TwiML as Twilio posts it; the answer to that. */
const answer = (call: CallIds, step: Step, given: PromptAnswer) => send(server, promptAnswered(call, step.twiml, given));

const nothing: PromptAnswer = { nothing: 'absent' };
const legsOf = (twiml: TwimlNode) => (twiml.children.find((verb) => verb.name === 'Dial')?.children ?? []).map(legLabel).sort();
const sayOf = (node: TwimlNode) =>
  node.children
    .filter((child) => child.name === 'Say')
    .map((child) => child.text)
    .join(' ');
const routeOf = (callSid: string) => callLog.readStep<RouteEntry>(callSid, 'route');
const store = new LocalStateStore(stateDir);
const callLog = callLogOf(store, ['menu', 'screen', 'abandon']);
/** The texts the functions sent the caller (locally: put in the outbox). */
const textsToCaller = async () => (await store.list(OUTBOX_MAP)).filter((item) => item.data.to === CALLER);

describe('the phone menu', () => {
  test('incoming-call asks with one <Gather>: one key, 5 s, posted even when empty, the greeting and options said inside it', async () => {
    const { answer: first } = await callTo(LINE.menu);
    expect(verbsOf(first.twiml)).toEqual(['Gather']);
    const gather = gatherOf(first.twiml);
    expect(gather.attrs).toMatchObject({ input: 'dtmf', numDigits: '1', timeout: '5', actionOnEmptyResult: 'true', method: 'POST' });
    expect(gather.attrs.hints).toBeUndefined();
    expect(new URL(gather.attrs.action!, 'http://functions.invalid').pathname).toBe('/gather-complete');
    expect(sayOf(gather)).toBe('Thanks for calling Menu Co. For Sales, press 1. For Leave a message, press 2. For Emergencies, press 3.');
  });

  test('a key takes its option: 1 rings Ben and Cat (the dial as incoming-call gives it), and the route says so', async () => {
    const { call, answer: first } = await callTo(LINE.menu);
    const dialed = await answer(call, first, { digits: '1' });
    expect(verbsOf(dialed.twiml)).toEqual(['Dial']);
    expect(legsOf(dialed.twiml)).toEqual(['client:menu_cat_mobile', `number:${PHONE.ben}`]);
    const dial = dialed.twiml.children[0]!;
    expect(new URL(dial.attrs.action!, 'http://functions.invalid').pathname).toBe('/dial-complete');
    expect(dial.attrs).toMatchObject({ answerOnBridge: 'true', callerId: CALLER });
    expect(await routeOf(call.callSid)).toMatchObject({
      rule: 'phone-menu',
      action: 'dial',
      rungUsers: ['ben', 'cat'],
      menu: { answers: ['1'], chose: '1', how: 'pressed' },
    });
  });

  test.each([
    ['no Digits at all', { nothing: 'absent' } as PromptAnswer],
    ['Digits empty', { nothing: 'empty' } as PromptAnswer],
  ])('no input (%s) twice: the menu once more, then its default', async (_shape, given) => {
    const { call, answer: first } = await callTo(LINE.menu);
    const again = await answer(call, first, given);
    expect(verbsOf(again.twiml)).toEqual(['Gather']);
    expect(sayOf(gatherOf(again.twiml))).toMatch(/^Sorry, we did not get that\. Thanks for calling Menu Co\./);
    const dialed = await answer(call, again, given);
    expect(legsOf(dialed.twiml)).toEqual(['client:menu_cat_mobile', `number:${PHONE.ben}`]);
    expect((await routeOf(call.callSid))?.menu).toMatchObject({ answers: ['', ''], chose: '1', how: 'default' });
  });

  test("a wrong key, then the right one: asked again, then option 2 takes a message with Ann's greeting", async () => {
    const { call, answer: first } = await callTo(LINE.menu);
    const again = await answer(call, first, { digits: '7' });
    expect(verbsOf(again.twiml)).toEqual(['Gather']);
    const voicemail = await answer(call, again, { digits: '2' });
    expect(verbsOf(voicemail.twiml)).toEqual(['Say', 'Record']);
    expect(voicemail.twiml.children[0]!.text).toBe("Ann's voicemail.");
    expect(new URL(voicemail.twiml.children[1]!.attrs.action!, 'http://functions.invalid').pathname).toBe('/voicemail-complete');
    expect(await routeOf(call.callSid)).toMatchObject({
      rule: 'phone-menu',
      action: 'voicemail',
      menu: { answers: ['7', '2'], chose: '2' },
    });
  });

  test('a caller who hung up at the prompt: the route is recorded, nothing rings, the call ends', async () => {
    const { call, answer: first } = await callTo(LINE.menu);
    const ended = await send(server, promptAnswered(call, first.twiml, { digits: '1' }, 'completed'));
    expect(verbsOf(ended.twiml)).toEqual(['Hangup']);
    expect(await routeOf(call.callSid)).toMatchObject({ rule: 'phone-menu', action: 'dial' });
  });

  test('option 3 forwards to its number', async () => {
    const { call, answer: first } = await callTo(LINE.menu);
    const forwarded = await answer(call, first, { digits: '3' });
    expect(legsOf(forwarded.twiml)).toEqual([`number:${PHONE.emergencies}`]);
  });

  test('with speech on: <Gather input="dtmf speech"> with the options as hints, and words take the option they name', async () => {
    const { call, answer: first } = await callTo(LINE.speech);
    const gather = gatherOf(first.twiml);
    expect(gather.attrs).toMatchObject({ input: 'dtmf speech', numDigits: '1', actionOnEmptyResult: 'true' });
    expect(gather.attrs.hints).toBe('Sales, buy, Leave a message, voicemail, Emergencies');
    const voicemail = await answer(call, first, { speech: 'I want to leave a message please.' });
    expect(verbsOf(voicemail.twiml)).toEqual(['Say', 'Record']);
    expect((await routeOf(call.callSid))?.menu).toMatchObject({ answers: ['I want to leave a message please.'], chose: '2', how: 'said' });
  });

  test("a retried gather-complete (Twilio's retry of the same request) answers the same and records the same route", async () => {
    const { call, answer: first } = await callTo(LINE.menu);
    const request = promptAnswered(call, first.twiml, { digits: '1' });
    const once = await send(server, request);
    const route = await routeOf(call.callSid);
    const twice = await send(server, request);
    expect(twice.body).toBe(once.body);
    expect(await routeOf(call.callSid)).toEqual(route);
  });

  test("the route is decided at the call's first instant, whatever the time of the answer", async () => {
    const { call, answer: first } = await callTo(LINE.menu);
    const firstRoute = await routeOf(call.callSid);
    // Twilio posts the answer minutes later (here: the request's clock says so).
    const later = new Date(Date.parse(firstRoute!.at) + 3 * 60_000).toISOString();
    const request = promptAnswered(call, first.twiml, { digits: '1' });
    await send(server, { url: request.url, params: { ...request.params, SimulatedAt: later } });
    expect((await routeOf(call.callSid))?.at).toBe(firstRoute!.at);
  });
});

describe('the spam challenge', () => {
  const FAILED = 'TN-Validation-Failed-B';

  test('a caller whose caller ID check failed is asked to press 1; pressing it rings the route as usual', async () => {
    const { call, answer: first } = await callTo(LINE.screened, FAILED);
    expect(verbsOf(first.twiml)).toEqual(['Gather']);
    expect(sayOf(gatherOf(first.twiml))).toBe('To be connected, press 1.');
    // Twilio sends StirVerstat with the call's first webhook: the prompt's URL carries it on.
    expect(new URL(gatherOf(first.twiml).attrs.action!, 'http://functions.invalid').searchParams.get('crStir')).toBe(FAILED);
    const dialed = await answer(call, first, { digits: '1' });
    expect(legsOf(dialed.twiml)).toEqual([`number:${PHONE.zed}`]);
    expect(await routeOf(call.callSid)).toMatchObject({ rule: 'number-assigned-user', screening: { verdict: 'passed' } });
  });

  test('passing the challenge goes on to the phone menu, which takes the next answer', async () => {
    const { call, answer: first } = await callTo(LINE.screenedMenu, 'No-TN-Validation');
    const menu = await answer(call, first, { digits: '1' });
    expect(sayOf(gatherOf(menu.twiml))).toBe('Screen Co. For Zed, press 1.');
    const dialed = await answer(call, menu, { digits: '1' });
    expect(legsOf(dialed.twiml)).toEqual([`number:${PHONE.zed}`]);
    expect(await routeOf(call.callSid)).toMatchObject({ rule: 'phone-menu', menu: { answers: ['1'], chose: '1' } });
  });

  test('a robot that presses nothing, then a wrong key, is hung up: counted with screening failed, never texted', async () => {
    const before = (await textsToCaller()).length;
    const { call, answer: first } = await callTo(LINE.screened, FAILED);
    const again = await answer(call, first, nothing);
    expect(sayOf(gatherOf(again.twiml))).toBe('Sorry, we did not get that. To be connected, press 1.');
    const request = promptAnswered(call, again.twiml, { digits: '5' });
    const hungUp = await send(server, request);
    expect(verbsOf(hungUp.twiml).at(-1)).toBe('Hangup');
    expect(verbsOf(hungUp.twiml)).not.toContain('Dial');
    expect(await routeOf(call.callSid)).toMatchObject({
      rule: 'screening',
      action: 'hangup',
      legs: [],
      screening: { verdict: 'failed' },
    });
    // Retried, it still texts nobody; the call log says why no text was sent.
    await send(server, request);
    const record = await callLog.read(call.callSid);
    expect(record?.textback).toMatchObject({ status: 'skipped', reason: 'screened' });
    expect((await textsToCaller()).length).toBe(before);
  });

  test('a call whose caller ID check passed is not asked', async () => {
    const { answer: first } = await callTo(LINE.screened, 'TN-Validation-Passed-A');
    expect(legsOf(first.twiml)).toEqual([`number:${PHONE.zed}`]);
  });
});

describe("a caller who hangs up at a prompt (Twilio posts no <Gather> action then: the number's call-status comes)", () => {
  const textsTo = async (caller: string) => (await store.list(OUTBOX_MAP)).filter((item) => item.data.to === caller);

  test('at the phone menu, before choosing: a missed call, texted back once and its users told, even when call-status comes twice', async () => {
    const call = { callSid: legSid(), to: LINE.abandonMenu, from: '+15550640200' };
    const first = await callIn(server, call);
    expect(verbsOf(first.twiml)).toEqual(['Gather']);
    expect(await routeOf(call.callSid)).toMatchObject({ action: 'gather', gather: 'menu' });
    expect((await send(server, callOver(call))).status).toBe(200);
    await send(server, callOver(call));
    expect((await textsTo(call.from)).length).toBe(1);
    const record = await callLog.read(call.callSid);
    // Locally a text goes to the outbox (deployed: Twilio's Messages).
    expect(record?.textback).toMatchObject({ status: 'outbox' });
    expect(Object.keys(record?.notices ?? {}).filter((id) => id.startsWith('missed-call:'))).toHaveLength(1);
  });

  test('at the spam check\'s "press 1": never texted (a robot hangs up too)', async () => {
    const call = { callSid: legSid(), to: LINE.abandonScreened, from: '+15550640201' };
    const first = await callIn(server, { ...call, extra: { StirVerstat: 'TN-Validation-Failed-C' } });
    expect(verbsOf(first.twiml)).toEqual(['Gather']);
    expect(await routeOf(call.callSid)).toMatchObject({ action: 'gather', gather: 'challenge' });
    await send(server, callOver(call));
    expect(await textsTo(call.from)).toEqual([]);
    expect((await callLog.read(call.callSid))?.textback).toBeUndefined();
  });
});
