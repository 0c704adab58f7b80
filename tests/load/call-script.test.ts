// Twilio's side of a call in the load (tests/support/load/call-script.ts): each request follows the TwiML answered
// to the one before, with the URLs as the TwiML names them, at the seconds a real call would take.
import twilio from 'twilio';
import { callRequests, legCallSid, planCalls, TARGET_MIX, type CallRequest, type CallTrace, type PlannedCall } from '../support/load/index';
import { parseTwiml } from '../support/twiml';

const calls = planCalls({ ...TARGET_MIX, seconds: 1 });
const firstOf = (outcome: PlannedCall['outcome']) => calls.find((call) => call.outcome === outcome)!;
const [missed, phone, app] = [firstOf('missed'), firstOf('answered-phone'), firstOf('answered-app')];

/** A <Dial> as the functions write one, with URLs the script must follow as they are. */
function dialTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({
    timeout: 17,
    action: '/dial-complete?crRule=x&crWorkspace=ws01',
    record: 'record-from-answer-dual',
    recordingStatusCallback: '/recording-status?crShard=3',
  });
  dial.number({ url: '/connect-whisper?crCalled=%2B15551000000', statusCallback: '/leg-status?crWorkspace=ws01' }, '+15553000001');
  dial.client({ statusCallback: '/leg-status?crWorkspace=ws01' }, 'ws01_ann_web');
  return response.toString();
}

const answer = (request: CallRequest, xml: string) => request.next(parseTwiml(xml));
const summary = (requests: CallRequest[]) => requests.map((request) => [request.step, request.afterMs, request.url]);

test('missed: the <Dial action> with no-answer once the dial times out, then the <Record action> after the message', () => {
  const trace: CallTrace = {};
  const first = callRequests(missed, trace);
  expect([first.step, first.url, first.params.CallSid, first.params.CallStatus]).toEqual([
    'incoming-call',
    '/incoming-call',
    missed.callSid,
    'ringing',
  ]);
  const [dialComplete, ...none] = answer(first, dialTwiml());
  expect(none).toEqual([]);
  expect([dialComplete!.step, dialComplete!.afterMs, dialComplete!.url]).toEqual([
    'dial-complete',
    17_000,
    '/dial-complete?crRule=x&crWorkspace=ws01',
  ]);
  expect(dialComplete!.params).toMatchObject({ DialCallStatus: 'no-answer', DialBridged: 'false', CallSid: missed.callSid });
  const voicemail = answer(
    dialComplete!,
    '<Response><Say>Leave a message.</Say><Record action="/voicemail-complete?crShard=2"/></Response>',
  );
  expect(summary(voicemail)).toEqual([['voicemail-complete', missed.messageSeconds * 1000, '/voicemail-complete?crShard=2']]);
  expect(answer(voicemail[0]!, '<Response><Hangup/></Response>')).toEqual([]);
});

test('answered on a phone: the leg picks up (status callback and whisper), presses a key, and the dial ends bridged to it; then the recording', () => {
  const trace: CallTrace = {};
  const pickUp = answer(callRequests(phone, trace), dialTwiml());
  const ring = phone.ringSeconds * 1000;
  expect(summary(pickUp)).toEqual([
    ['leg-status', ring, '/leg-status?crWorkspace=ws01'],
    ['connect-whisper', ring, '/connect-whisper?crCalled=%2B15551000000'],
  ]);
  expect(trace.answeredLeg).toEqual({ label: 'number:+15553000001', callSid: legCallSid(phone, 0) });
  expect(pickUp[1]!.params).toMatchObject({ CallSid: legCallSid(phone, 0), ParentCallSid: phone.callSid, To: '+15553000001' });
  const [keyPress] = answer(
    pickUp[1]!,
    '<Response><Gather action="/connect-whisper?crCalled=%2B15551000000&amp;crStep=answer"><Say>Press a key.</Say></Gather><Hangup/></Response>',
  );
  expect([keyPress!.step, keyPress!.afterMs, keyPress!.url, keyPress!.params.Digits]).toEqual([
    'key-press',
    phone.whisperSeconds * 1000,
    '/connect-whisper?crCalled=%2B15551000000&crStep=answer',
    '1',
  ]);
  const [dialComplete] = answer(keyPress!, '<Response/>');
  expect([dialComplete!.afterMs, dialComplete!.params.DialCallSid, dialComplete!.params.DialBridged]).toEqual([
    phone.talkSeconds * 1000,
    legCallSid(phone, 0),
    'true',
  ]);
  expect(summary(answer(dialComplete!, '<Response><Hangup/></Response>'))).toEqual([
    ['recording-status', 2000, '/recording-status?crShard=3'],
  ]);
});

test('answered on the app: the client leg picks up, no whisper, and the dial ends bridged to it after the conversation', () => {
  const trace: CallTrace = {};
  const requests = answer(callRequests(app, trace), dialTwiml());
  expect(summary(requests)).toEqual([
    ['leg-status', app.ringSeconds * 1000, '/leg-status?crWorkspace=ws01'],
    ['dial-complete', (app.ringSeconds + app.talkSeconds) * 1000, '/dial-complete?crRule=x&crWorkspace=ws01'],
  ]);
  expect(requests[0]!.params.To).toBe('client:ws01_ann_web');
  expect(requests[1]!.params.DialCallSid).toBe(legCallSid(app, 1));
});
