// Decision -> TwiML: each plan kind, built by the twilio library, parsed back as XML.
import { parseBundle } from '../../src/config/parse';
import { decide } from '../../src/routing/decide';
import { fallbackTwiml } from '../../src/twiml/fallback';
import { decisionToTwiml } from '../../src/twiml/voice';
import { DIAL_NOUNS, VOICE_VERBS, parseTwiml, type TwimlNode } from '../support/twiml';
import { callerOf } from '../../src/phone/caller-id';

const bundle = parseBundle({
  workspaces: [
    {
      id: 'tw',
      name: 'TwiML Co',
      companyPhone: '+15550900001',
      voicemail: { greetingUrl: 'https://example.com/greeting.mp3', maxLengthSeconds: 90 },
      users: [{ id: 'ivy', name: 'Ivy', phone: '+15550900002', extension: '7', webApp: true, mobileApp: true }],
      numbers: [
        {
          number: '+15550900100',
          name: 'Recorded',
          assignedUser: 'ivy',
          inboundTimeout: 18,
          recording: { enabled: true, announcement: 'This call is recorded.' },
          callConnect: { enabled: true, whisper: 'Press a key.' },
        },
        { number: '+15550900200', name: 'Voicemail', mode: 'voicemail' },
        { number: '+15550900300', name: 'Off', status: 'inactive' },
        {
          number: '+15550900400',
          name: 'Menu',
          menu: {
            greeting: { url: 'https://example.com/menu.mp3' },
            options: { '1': { label: 'Ivy', action: 'ring', users: ['ivy'], words: ['ivy'] } },
            default: '1',
            speech: true,
          },
        },
      ],
    },
  ],
});
const NOW = new Date('2026-11-23T15:00:00Z');
const twimlFor = (to: string, urls: Parameters<typeof decisionToTwiml>[1] = { voicemailComplete: '/voicemail-complete' }) =>
  parseTwiml(decisionToTwiml(decide({ to, from: '+15550900999', caller: callerOf('+15550900999') }, bundle, NOW), urls));

function onlyKnownVerbs(node: TwimlNode): void {
  for (const child of node.children) expect(VOICE_VERBS.has(child.name)).toBe(true);
}

describe('decisionToTwiml', () => {
  test('a dial plan: the announcement, then <Dial> with every attribute the plan sets and one noun per leg', () => {
    const response = twimlFor('+15550900100', {
      voicemailComplete: '/vm',
      dialComplete: '/dial-complete',
      connectWhisper: '/connect-whisper',
      recordingStatus: '/recording-status',
    });
    onlyKnownVerbs(response);
    expect(response.children.map((node) => node.name)).toEqual(['Say', 'Dial']);
    expect(response.children[0]!.text).toBe('This call is recorded.');
    const dial = response.children[1]!;
    expect(dial.attrs).toEqual({
      answerOnBridge: 'true',
      timeout: '18',
      callerId: '+15550900999',
      action: '/dial-complete',
      method: 'POST',
      record: 'record-from-answer-dual',
      recordingStatusCallback: '/recording-status',
      recordingStatusCallbackMethod: 'POST',
    });
    for (const noun of dial.children) expect(DIAL_NOUNS.has(noun.name)).toBe(true);
    expect(dial.children.map((noun) => [noun.name, noun.text, noun.attrs])).toEqual([
      ['Client', 'tw_ivy_web', {}],
      ['Client', 'tw_ivy_mobile', {}],
      // Only the phone leg gets the whisper: app legs need no key.
      ['Number', '+15550900002', { sendDigits: 'ww7', url: '/connect-whisper', method: 'POST' }],
    ]);
  });

  test('without the next steps wired, the dial carries no action and no whisper URL', () => {
    const dial = twimlFor('+15550900100').children.find((node) => node.name === 'Dial')!;
    expect(dial.attrs.action).toBeUndefined();
    expect(dial.children.find((noun) => noun.name === 'Number')!.attrs.url).toBeUndefined();
  });

  test('a voicemail plan plays the greeting, then records with a length limit and an action (never re-entering this URL)', () => {
    const response = twimlFor('+15550900200');
    expect(response.children.map((node) => node.name)).toEqual(['Play', 'Record']);
    expect(response.children[0]!.text).toBe('https://example.com/greeting.mp3');
    expect(response.children[1]!.attrs).toMatchObject({ maxLength: '90', action: '/voicemail-complete', method: 'POST' });
  });

  test('a prompt: one <Gather> for one key or words (the hints), 5 s, posted even when empty, the greeting inside it', () => {
    const response = twimlFor('+15550900400', { voicemailComplete: '/vm', gatherComplete: '/gather-complete?crAt=x' });
    onlyKnownVerbs(response);
    expect(response.children.map((node) => node.name)).toEqual(['Gather']);
    const gather = response.children[0]!;
    expect(gather.attrs).toEqual({
      input: 'dtmf speech',
      hints: 'Ivy, ivy',
      numDigits: '1',
      timeout: '5',
      actionOnEmptyResult: 'true',
      action: '/gather-complete?crAt=x',
      method: 'POST',
    });
    expect(gather.children.map((node) => [node.name, node.text])).toEqual([['Play', 'https://example.com/menu.mp3']]);
  });

  test('a prompt with nowhere to post its answer apologises and hangs up: the caller never waits in silence', () => {
    const response = twimlFor('+15550900400');
    expect(response.children.map((node) => node.name)).toEqual(['Say', 'Hangup']);
  });

  test('a reject plan rejects as not in service; nothing is dialled', () => {
    expect(twimlFor('+15550900300').children).toEqual([{ name: 'Reject', attrs: { reason: 'rejected' }, text: '', children: [] }]);
    expect(twimlFor('+15550999999').children.map((node) => node.name)).toEqual(['Reject']);
  });

  test('the fallback dials the fallback number, but never the called number itself', () => {
    const withFallback = parseTwiml(fallbackTwiml('+15550900005', '+15550900100').xml);
    expect(withFallback.children.map((node) => node.name)).toEqual(['Dial', 'Say', 'Hangup']);
    expect(withFallback.children[0]!.children[0]).toMatchObject({ name: 'Number', text: '+15550900005' });
    const loop = fallbackTwiml('+15550900100', '+15550900100');
    expect(parseTwiml(loop.xml).children.map((node) => node.name)).toEqual(['Say', 'Hangup']);
    expect(loop.description).toMatch(/the called number itself/);
  });
});
