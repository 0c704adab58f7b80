// A workspace's language and voice (workspaces[].speech), served: every prompt in the workspace's own words (the
// phone menu, a voicemail greeting, the recording announcement, the whisper) is read with <Say language voice> of its
// setting, and a menu that listens for words listens in that language; the project's own English sentences (the
// default greeting, the generic whisper) stay in English; a workspace without the setting is read as before
// (Polly.Joanna, en-US). Every request is signed as Twilio signs it; every URL is taken from the TwiML as served.
import type { BundleInput } from '../../src/config/types';
import { callIn, gatherOf, legSid, send, type CallInProgress } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { TEST_ACCOUNT_SID, startFunctions, type FunctionsServer } from '../support/twilio-run';
import type { TwimlNode } from '../support/twiml';

const LINE = {
  menu: '+15550710100',
  voicemail: '+15550710101',
  recorded: '+15550710102',
  plain: '+15550710103',
  english: '+15550720100',
};
const PHONE = { chloe: '+15550710002' };
const CALLER = '+15550710200';
const FRENCH = { language: 'fr-CA', voice: 'Polly.Chantal' };
const JOANNA = { language: 'en-US', voice: 'Polly.Joanna' };

const BUNDLE: BundleInput = {
  workspaces: [
    {
      id: 'montreal',
      name: 'Plomberie Montréal',
      timeZone: 'America/Toronto',
      speech: FRENCH,
      inbound: { maxCallsPerCallerPerMinute: 0 },
      users: [{ id: 'chloe', name: 'Chloé', phone: PHONE.chloe }],
      numbers: [
        {
          number: LINE.menu,
          name: 'Ligne principale',
          menu: {
            greeting: { text: 'Merci d’avoir appelé.' },
            options: { '1': { label: 'Chloé', action: 'ring', users: ['chloe'], words: ['plomberie'] } },
            default: '1',
            speech: true,
          },
        },
        { number: LINE.voicemail, name: 'Messagerie', mode: 'voicemail' },
        {
          number: LINE.recorded,
          name: 'Ligne enregistrée',
          assignedUser: 'chloe',
          recording: { enabled: true, announcement: 'Cet appel est enregistré.' },
          callConnect: { enabled: true, whisper: 'Appel pour {{number.name}}. Appuyez sur une touche.' },
        },
        { number: LINE.plain, name: 'Ligne simple', assignedUser: 'chloe', callConnect: { enabled: true } },
      ],
      voicemail: { greetingText: 'Laissez un message après le bip.' },
    },
    {
      id: 'houston',
      name: 'Houston Plumbing',
      inbound: { maxCallsPerCallerPerMinute: 0 },
      numbers: [{ number: LINE.english, name: 'Main line', mode: 'voicemail' }],
      voicemail: { greetingText: 'Leave a message after the beep.' },
    },
  ],
};

let server: FunctionsServer;
beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: writeTempJson('spoken-language.json', BUNDLE) });
});
afterAll(() => server?.stop());

const callTo = (to: string): Promise<CallInProgress> => callIn(server, { callSid: legSid(), to, from: CALLER });
/** Every <Say> of a TwiML answer, at any depth, with how it is read. */
function saysOf(node: TwimlNode): { text: string; language?: string; voice?: string }[] {
  const own = node.name === 'Say' ? [{ text: node.text, language: node.attrs.language, voice: node.attrs.voice }] : [];
  return [...own, ...node.children.flatMap(saysOf)];
}

/** The whisper a phone leg hears when it picks up (its <Number url>), as Twilio requests it. */
async function whisperOf(call: CallInProgress): Promise<TwimlNode> {
  const number = call.dial?.children.find((noun) => noun.name === 'Number');
  if (!number?.attrs.url) throw new Error('the dial has no phone leg with a whisper');
  const params = {
    CallSid: legSid(),
    ParentCallSid: call.callSid,
    To: number.text,
    From: call.to,
    CallStatus: 'in-progress',
    Direction: 'outbound-dial',
    AccountSid: TEST_ACCOUNT_SID,
  };
  return (await send(server, { url: number.attrs.url, params })).twiml;
}

describe("the workspace's own words are read in its language and voice", () => {
  test('the phone menu: said in fr-CA by Polly.Chantal, and its spoken words listened for in fr-CA', async () => {
    const call = await callTo(LINE.menu);
    const gather = gatherOf(call.twiml);
    expect(gather.attrs.language).toBe('fr-CA');
    expect(saysOf(gather)).toEqual([{ text: expect.stringContaining('Merci d’avoir appelé.'), ...FRENCH }]);
  });

  test("the company's voicemail greeting", async () => {
    const call = await callTo(LINE.voicemail);
    expect(saysOf(call.twiml)).toEqual([{ text: 'Laissez un message après le bip.', ...FRENCH }]);
  });

  test('the recording announcement before the dial, and the whisper the answering phone hears', async () => {
    const call = await callTo(LINE.recorded);
    expect(saysOf(call.twiml)).toEqual([{ text: 'Cet appel est enregistré.', ...FRENCH }]);
    expect(saysOf(await whisperOf(call))).toEqual([{ text: 'Appel pour Ligne enregistrée. Appuyez sur une touche.', ...FRENCH }]);
  });
});

describe("the project's own English sentences stay English", () => {
  test('the default whisper of a number with call connect and no whisper of its own', async () => {
    const call = await callTo(LINE.plain);
    const [whisper] = saysOf(await whisperOf(call));
    expect(whisper).toMatchObject({ text: expect.stringContaining('Press any key to accept.'), ...JOANNA });
  });

  test('a workspace without the setting is read as before: Polly.Joanna, en-US', async () => {
    const call = await callTo(LINE.english);
    expect(saysOf(call.twiml)).toEqual([{ text: 'Leave a message after the beep.', ...JOANNA }]);
  });
});
