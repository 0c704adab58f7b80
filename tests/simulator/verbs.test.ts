// The simulator's verb handlers, each driven through its table: a case is the TwiML a webhook host answers
// (by path), who picks up, and the steps the simulator must take (one line per verb run: who heard it, the
// verb, the document's path, what happened), the call's result and what it sent. Every handler in CALL_VERBS
// (the caller's call) and WHISPER_VERBS (a dialled leg's whisper) has a case; a verb in no table stops the
// simulation with an error that names it, on the module and on the command.
import { parseAnswer } from '../../src/simulator/answers';
import { SimulationError, describeStep, simulateCall, type SimulationResult } from '../../src/simulator/simulate';
import { CALL_VERBS, WHISPER_VERBS } from '../../src/simulator/verbs/table';
import { runCli } from '../support/cli';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../support/twilio-run';
import { startTwimlBin, type TwimlBin } from './twiml-bin';

interface VerbCase {
  title: string;
  /** Path to the inside of its <Response>; the call starts at /incoming-call. */
  bin: Record<string, string>;
  /** As `--answer`; default none. */
  answer?: string;
  /** As `--press`: the caller's answer at each prompt in turn ("" nothing). */
  press?: string[];
  steps: string[];
  result: Partial<Pick<SimulationResult, 'outcome' | 'answeredBy' | 'voicemail' | 'requests' | 'dials' | 'prompts'>>;
  /** Parameters the bin must have got on a path (each listed one must match). */
  sent?: Record<string, Record<string, string>>;
  /** The transcript's last line. */
  lastLine?: string;
}

const PHONE = '+15550100002';
const CAROL = 'acme_carol_web';
const WHISPER = '<Gather numDigits="1" action="/accept"><Say>Call for Acme. Press any key.</Say></Gather><Hangup/>';
const NO_MORE = 'call ends (no more TwiML)';

const CASES: VerbCase[] = [
  {
    title: 'Say: the caller hears the text, then the document runs out',
    bin: { '/incoming-call': '<Say>Thanks for calling.</Say>' },
    steps: ['caller <Say> /incoming-call: caller hears: "Thanks for calling."'],
    result: { outcome: 'missed', voicemail: false, requests: 1 },
    lastLine: NO_MORE,
  },
  {
    title: 'Play, then Hangup: the recording is heard and the call ends there',
    bin: { '/incoming-call': '<Play>https://example.com/greeting.mp3</Play><Hangup/><Say>Never heard.</Say>' },
    steps: [
      'caller <Play> /incoming-call: caller hears the recording https://example.com/greeting.mp3',
      'caller <Hangup> /incoming-call: call ends',
    ],
    result: { outcome: 'missed', requests: 1 },
    lastLine: 'call ends',
  },
  {
    title: 'Pause: silence, then the next verb',
    bin: { '/incoming-call': '<Pause length="1"/><Say>Still there?</Say>' },
    steps: ['caller <Pause> /incoming-call', 'caller <Say> /incoming-call: caller hears: "Still there?"'],
    result: { outcome: 'missed', requests: 1 },
  },
  {
    title: 'Reject: rejected with its reason; nothing after it runs',
    bin: { '/incoming-call': '<Reject reason="busy"/><Say>Never heard.</Say>' },
    steps: ['caller <Reject> /incoming-call: call rejected (busy): the caller hears that the number is not in service'],
    result: { outcome: 'rejected', requests: 1 },
  },
  {
    title: 'Gather on the caller: nothing pressed, the verbs after it run, its action is not posted',
    bin: { '/incoming-call': '<Gather numDigits="1" action="/menu"><Say>Press 1.</Say></Gather><Say>Goodbye.</Say>', '/menu': '<Hangup/>' },
    steps: [
      'caller <Gather> /incoming-call: the caller is asked: "Press 1." / the caller presses nothing; the verbs after the prompt run',
      'caller <Say> /incoming-call: caller hears: "Goodbye."',
    ],
    result: { requests: 1, prompts: [{ prompt: 'Press 1.', answer: '' }] },
  },
  {
    title: 'Gather answered with a key: Digits posted to its action, whose TwiML runs; the next prompt takes the next press',
    bin: {
      '/incoming-call':
        '<Gather numDigits="1" actionOnEmptyResult="true" action="/menu"><Play>https://example.com/menu.mp3</Play></Gather>',
      '/menu': '<Gather numDigits="1" actionOnEmptyResult="true" action="/again"><Say>Press 1 again.</Say></Gather>',
      '/again': '<Hangup/>',
    },
    press: ['2'],
    steps: [
      'caller <Gather> /incoming-call: the caller is asked: "(the recording https://example.com/menu.mp3)" / the caller presses 2',
      'caller <Gather> /menu: the caller is asked: "Press 1 again." / the caller presses nothing',
      'caller <Hangup> /again: call ends',
    ],
    result: {
      requests: 3,
      prompts: [
        { prompt: '(the recording https://example.com/menu.mp3)', answer: '2' },
        { prompt: 'Press 1 again.', answer: '' },
      ],
    },
    sent: { '/menu': { CallStatus: 'in-progress', Digits: '2' } },
  },
  {
    title: "Redirect: the URL is posted with the call's status and its TwiML runs instead",
    bin: { '/incoming-call': '<Redirect>/next</Redirect><Say>Never heard.</Say>', '/next': '<Say>Redirected.</Say>' },
    steps: ['caller <Redirect> /incoming-call', 'caller <Say> /next: caller hears: "Redirected."'],
    result: { outcome: 'missed', requests: 2 },
    sent: { '/next': { CallStatus: 'ringing', Direction: 'inbound' } },
  },
  {
    title: "Record: a message is left, the recording is posted to the action, and the action's TwiML runs",
    bin: {
      '/incoming-call': '<Say>Leave a message.</Say><Record action="/recorded" maxLength="120"/><Say>Never heard.</Say>',
      '/recorded': '<Hangup/>',
    },
    steps: [
      'caller <Say> /incoming-call: caller hears: "Leave a message."',
      'caller <Record> /incoming-call: caller leaves a 14 s message after the beep (up to 120 s)',
      'caller <Hangup> /recorded: call ends',
    ],
    result: { outcome: 'missed', voicemail: true, requests: 2 },
    sent: { '/recorded': { CallStatus: 'in-progress', RecordingDuration: '14', Digits: 'hangup' } },
  },
  {
    title: 'Dial without an action, nobody answers: every leg rung, then the next verb',
    bin: { '/incoming-call': `<Dial timeout="15"><Number>${PHONE}</Number><Client>${CAROL}</Client></Dial><Say>Sorry.</Say>` },
    steps: [
      `caller <Dial> /incoming-call: ringing 2 legs at once for up to 15 s, caller ID (the caller): number:${PHONE}, client:${CAROL} / nobody answers within 15 s`,
      'caller <Say> /incoming-call: caller hears: "Sorry."',
    ],
    result: { outcome: 'missed', answeredBy: null, requests: 1 },
  },
  {
    title: "Dial tiers: the first <Dial> ends unanswered, its action answers the next tier's <Dial>, whose leg picks up",
    bin: {
      '/incoming-call': `<Dial timeout="15" action="/tier-done"><Number>${PHONE}</Number></Dial>`,
      '/tier-done': `<Dial timeout="20" action="/dial-done"><Client>${CAROL}</Client><Number>+15550100003</Number></Dial>`,
      '/dial-done': '<Hangup/>',
    },
    answer: CAROL,
    steps: [
      `caller <Dial> /incoming-call: ringing 1 leg at once for up to 15 s, caller ID (the caller): number:${PHONE} / nobody answers within 15 s`,
      `caller <Dial> /tier-done: ringing 2 legs at once for up to 20 s, caller ID (the caller): client:${CAROL}, number:+15550100003 / client:${CAROL} answers / bridged: the caller talks to client:${CAROL} for 95 s`,
      'caller <Hangup> /dial-done: call ends',
    ],
    result: {
      outcome: 'answered',
      answeredBy: `client:${CAROL}`,
      requests: 3,
      dials: [
        { legs: [`number:${PHONE}`], seconds: 15 },
        { legs: [`client:${CAROL}`, 'number:+15550100003'], seconds: 20 },
      ],
    },
    sent: { '/tier-done': { DialCallStatus: 'no-answer', DialBridged: 'false', CallStatus: 'in-progress' } },
  },
  {
    title: 'Dial with an action, every leg busy: the action gets DialCallStatus busy and its TwiML runs',
    bin: {
      '/incoming-call': `<Dial action="/dial-done" callerId="+15550100100"><Number sendDigits="ww12">${PHONE}</Number></Dial><Say>Never heard.</Say>`,
      '/dial-done': '<Say>Nobody could take your call.</Say>',
    },
    answer: 'busy',
    steps: [
      `caller <Dial> /incoming-call: ringing 1 leg at once for up to 30 s, caller ID +15550100100: number:${PHONE} (then digits ww12) / every leg is busy`,
      'caller <Say> /dial-done: caller hears: "Nobody could take your call."',
    ],
    result: { outcome: 'missed', requests: 2 },
    sent: { '/dial-done': { DialCallStatus: 'busy', DialBridged: 'false', CallStatus: 'in-progress' } },
  },
  {
    title: 'Dial answered on a phone: status callback, whisper, key press, the recorded conversation; the action ends it, so answered',
    bin: {
      '/incoming-call': `<Dial action="/dial-done" record="record-from-answer" recordingStatusCallback="/recording"><Number url="/whisper" statusCallback="/leg-status">${PHONE}</Number></Dial>`,
      '/leg-status': '',
      '/whisper': `<Say>Hello.</Say>${WHISPER}`,
      '/accept': '',
      '/recording': '',
      '/dial-done': '',
    },
    answer: PHONE,
    steps: [
      `caller <Dial> /incoming-call: ringing 1 leg at once for up to 30 s, caller ID (the caller): number:${PHONE} / number:${PHONE} answers`,
      `number:${PHONE} <Say> /whisper: number:${PHONE} hears: "Hello."`,
      `number:${PHONE} <Gather> /whisper: number:${PHONE} hears the whisper: "Call for Acme. Press any key." / number:${PHONE} presses 1`,
      `caller <Dial> /incoming-call (continued): bridged: the caller talks to number:${PHONE} for 95 s / the conversation was recorded`,
    ],
    result: { outcome: 'answered', answeredBy: `number:${PHONE}`, voicemail: false, requests: 6 },
    sent: {
      '/leg-status': { Direction: 'outbound-dial', CallbackSource: 'call-progress-events', To: PHONE },
      '/accept': { Digits: '1' },
      '/recording': { RecordingStatus: 'completed', RecordingSource: 'DialVerb', RecordingDuration: '95' },
      '/dial-done': { DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: '95' },
    },
    lastLine: NO_MORE,
  },
  {
    title: "A phone's voicemail hears the whisper and presses nothing: the whisper's Hangup ends that leg; the next leg bridges",
    bin: {
      '/incoming-call': `<Dial action="/dial-done"><Number url="/whisper">${PHONE}</Number><Client>${CAROL}</Client></Dial>`,
      '/whisper': WHISPER,
      '/dial-done': '',
    },
    answer: `${PHONE}:voicemail,${CAROL}`,
    steps: [
      `caller <Dial> /incoming-call: ringing 2 legs at once for up to 30 s, caller ID (the caller): number:${PHONE}, client:${CAROL} / number:${PHONE}'s own voicemail answers`,
      `number:${PHONE} <Gather> /whisper: number:${PHONE} hears the whisper: "Call for Acme. Press any key." / number:${PHONE} presses nothing (a voicemail greeting is playing)`,
      `number:${PHONE} <Hangup> /whisper: number:${PHONE} hangs up; the other legs ring on`,
      `caller <Dial> /incoming-call (continued): client:${CAROL} answers / bridged: the caller talks to client:${CAROL} for 95 s`,
    ],
    result: { outcome: 'answered', answeredBy: `client:${CAROL}`, requests: 3 },
  },
  {
    title: 'Dial bridged, but the action answers with a greeting: the functions counted it missed, and the message is taken',
    bin: {
      '/incoming-call': `<Dial action="/dial-done"><Client>${CAROL}</Client></Dial>`,
      '/dial-done': '<Say>Please leave a message.</Say><Record action="/recorded"/>',
      '/recorded': '<Hangup/>',
    },
    answer: CAROL,
    steps: [
      `caller <Dial> /incoming-call: ringing 1 leg at once for up to 30 s, caller ID (the caller): client:${CAROL} / client:${CAROL} answers / bridged: the caller talks to client:${CAROL} for 95 s / dial-complete counts it as missed: nobody accepted on client:${CAROL}`,
      'caller <Say> /dial-done: caller hears: "Please leave a message."',
      'caller <Record> /dial-done: caller leaves a 14 s message after the beep (up to 3600 s)',
      'caller <Hangup> /recorded: call ends',
    ],
    result: { outcome: 'missed', answeredBy: null, voicemail: true, requests: 3 },
  },
];

const bins: TwimlBin[] = [];
afterAll(() => Promise.all(bins.map((bin) => bin.stop())));

async function serve(documents: Record<string, string>): Promise<TwimlBin> {
  const bin = await startTwimlBin(TEST_AUTH_TOKEN, documents);
  bins.push(bin);
  return bin;
}

const simulateOn = (bin: TwimlBin, answer = 'none', onLine?: (line: string) => void, presses?: string[]) =>
  simulateCall({
    baseUrl: bin.baseUrl,
    authToken: TEST_AUTH_TOKEN,
    accountSid: TEST_ACCOUNT_SID,
    from: '+15550100200',
    to: '+15550100100',
    answer: parseAnswer(answer),
    ...(onLine ? { onLine } : {}),
    ...(presses ? { presses } : {}),
  });

describe('each verb handler, driven through its table', () => {
  test.each(CASES.map((verbCase) => [verbCase.title, verbCase] as const))('%s', async (_title, verbCase) => {
    const bin = await serve(verbCase.bin);
    const result = await simulateOn(bin, verbCase.answer, undefined, verbCase.press);
    expect(result.steps.map(describeStep)).toEqual(verbCase.steps);
    expect(result).toMatchObject(verbCase.result);
    expect(bin.requests.length).toBe(result.requests);
    for (const [path, params] of Object.entries(verbCase.sent ?? {})) {
      expect(bin.requests.filter((request) => request.path === path).map((request) => request.params)).toEqual([
        expect.objectContaining({ ...params, CallSid: expect.stringMatching(/^CA[0-9a-f]{32}$/) }),
      ]);
    }
    // The steps tell the transcript in its order: every line but the call's first, and the last when the TwiML ran out.
    expect(result.steps.flatMap((step) => step.lines)).toEqual(
      result.transcript.slice(1, result.transcript.at(-1) === NO_MORE ? -1 : undefined),
    );
    if (verbCase.lastLine) expect(result.transcript.at(-1)).toBe(verbCase.lastLine);
  });

  test("the dial action names the leg that bridged by its own CallSid, not the caller's", async () => {
    const answered = CASES.find((verbCase) => verbCase.sent?.['/leg-status'])!;
    const bin = await serve(answered.bin);
    const result = await simulateOn(bin, answered.answer);
    const legSid = bin.requests.find((request) => request.path === '/leg-status')!.params.CallSid;
    const dialDone = bin.requests.find((request) => request.path === '/dial-done')!.params;
    expect(dialDone.DialCallSid).toBe(legSid);
    expect(legSid).not.toBe(result.callSid);
    expect(bin.requests.find((request) => request.path === '/leg-status')!.params.ParentCallSid).toBe(result.callSid);
  });

  test('a leg --answer names that no <Dial> of the call rang: the call is missed, and the end of the transcript says so', async () => {
    const bin = await serve({ '/incoming-call': `<Dial timeout="15"><Number>${PHONE}</Number></Dial>` });
    const result = await simulateOn(bin, '+15550100999');
    expect(result).toMatchObject({ outcome: 'missed', answeredBy: null });
    expect(result.transcript.at(-1)).toBe('+15550100999 is not one of the legs rung');
  });

  test('every handler in both tables has a case above', () => {
    const steps = CASES.flatMap((verbCase) => verbCase.steps);
    const verbsOf = (party: (line: string) => boolean) => [...new Set(steps.filter(party).map((line) => /<(\w+)>/.exec(line)![1]!))].sort();
    expect(verbsOf((line) => line.startsWith('caller '))).toEqual(Object.keys(CALL_VERBS).sort());
    expect(verbsOf((line) => !line.startsWith('caller '))).toEqual(Object.keys(WHISPER_VERBS).sort());
  });
});

describe('a verb the simulator cannot run is reported, not skipped', () => {
  test.each([
    [
      'a TwiML verb not in the table',
      '<Say>Hello.</Say><Enqueue>support</Enqueue>',
      "<Enqueue>, a TwiML verb the simulator does not rehearse on the caller's call",
    ],
    ['a name that is no TwiML verb', '<Sya>Hello.</Sya>', '<Sya>, which is not a TwiML voice verb'],
  ])('%s: a SimulationError naming it and where it came from, before any of that document runs', async (_title, twiml, message) => {
    const bin = await serve({ '/incoming-call': twiml });
    const lines: string[] = [];
    const failure = simulateOn(bin, 'none', (line) => lines.push(line));
    await expect(failure).rejects.toThrow(SimulationError);
    await expect(failure).rejects.toThrow(`POST ${bin.baseUrl}/incoming-call answered with ${message} (it knows Say, Play,`);
    expect(lines).toHaveLength(1); // only the call's first line: no verb of the document ran
  });

  test("a verb a leg's whisper cannot hold", async () => {
    const bin = await serve({
      '/incoming-call': `<Dial><Number url="/whisper">${PHONE}</Number></Dial>`,
      '/whisper': '<Play>https://example.com/beep.mp3</Play>',
    });
    await expect(simulateOn(bin, PHONE)).rejects.toThrow(
      `POST ${bin.baseUrl}/whisper answered with <Play>, a TwiML verb the simulator does not rehearse on a dialled leg's whisper (it knows Say, Gather, Hangup)`,
    );
  });

  test('the command says so and exits 1', async () => {
    const bin = await serve({ '/incoming-call': '<Enqueue>support</Enqueue>' });
    const result = await runCli('simulate', ['--from', '+15550100200', '--to', '+15550100100', '--url', bin.baseUrl], {
      AUTH_TOKEN: TEST_AUTH_TOKEN,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("<Enqueue>, a TwiML verb the simulator does not rehearse on the caller's call");
  });
});
