// Section 6: how long each step of a call takes to answer while Sync fails, in Sync mode against the Twilio
// API double (behind Prism) holding the sample configuration. Every kind of fault (a hang, a 500, a 429 with
// 54009, a dropped connection) on all of Sync, with the functions warm (kept loaded, documents cached), and
// a hang again with a fresh process per request (cold: nothing cached, the default twilio-run mode). The
// worst answer is worstAnswerSeconds: the goal is at most 3 s, whatever Sync does.
import { randomBytes } from 'node:crypto';
import { readBundleFile } from '../../src/config/parse';
import { PATHS } from '../../src/flows/urls';
import { startFunctionsServer } from '../../src/simulator/server';
import { signedPost } from '../../src/simulator/signed-post';
import { parseTwiml, type TwimlNode } from '../../src/simulator/twiml';
import { serviceWithBundle, syncEnv } from '../../tests/support/sync';
import { expectNoContractViolations, startTwilioApi, type FaultKind, type TwilioApi } from '../../tests/support/twilio-api/index';
import { PROJECT_ROOT, SAMPLE_CONFIG } from './paths';
import { elapsedMs, round } from './stats';

/** Eli (a contact assigned to nobody) calls the main line, Monday 10:00 in New York: it rings its group. */
const MAIN_LINE = '+15550100100';
const AT = '2026-11-23T15:00:00Z';
const FALLBACK = '+15550100001';
export const GOAL_SECONDS = 3;

export interface StepAnswer {
  mode: 'warm' | 'cold';
  fault: FaultKind;
  step: string;
  status: number;
  ms: number;
}

export interface AnswerUnderFaultsResult {
  answers: StepAnswer[];
  worst: StepAnswer;
}

const sid = () => `CA${randomBytes(16).toString('hex')}`;
let callers = 0;
/** A caller of its own for every call, so the abuse guard never turns one away. */
const caller = () => `+1555019${String(5000 + (callers += 1)).padStart(4, '0')}`;

async function post(
  baseUrl: string,
  authToken: string,
  path: string,
  params: Record<string, string>,
): Promise<{ status: number; body: string; ms: number }> {
  const url = `${baseUrl}${path}`;
  const started = process.hrtime.bigint();
  const response = await fetch(url, signedPost(authToken, url, { SimulatedAt: AT, ...params }));
  const body = await response.text();
  return { status: response.status, body, ms: elapsedMs(started) };
}

/** The steps of one call, each a request as Twilio makes it; `dial` is incoming-call's <Dial> from before the fault. */
function steps(dial: TwimlNode, call: { callSid: string; from: string }): [string, string, Record<string, string>][] {
  const phone = dial.children.find((noun) => noun.name === 'Number' && noun.attrs.url);
  if (!phone?.attrs.url || !phone.attrs.statusCallback) throw new Error('the main line no longer rings a phone with the whisper');
  const legSid = sid();
  const leg = { CallSid: legSid, ParentCallSid: call.callSid, To: phone.text, From: MAIN_LINE, CallStatus: 'in-progress' };
  const action = dial.attrs.action ?? PATHS.dialComplete;
  const parent = { CallSid: call.callSid, To: MAIN_LINE, From: call.from, CallStatus: 'in-progress' };
  return [
    ['incoming-call', PATHS.incomingCall, { CallSid: sid(), To: MAIN_LINE, From: caller(), CallStatus: 'ringing' }],
    // A prompt's answer (the menu's key): decided again, answered with the dial (the main line has no menu: it rings).
    ['gather-complete', PATHS.gatherComplete, { ...parent, CallSid: sid(), Digits: '1' }],
    ['leg-status', phone.attrs.statusCallback, leg],
    ['connect-whisper', phone.attrs.url, leg],
    ['connect-whisper key press', phone.attrs.url!.replace('#', '&crStep=answer#'), { ...leg, Digits: '1' }],
    ['dial-complete answered', action, { ...parent, DialCallStatus: 'completed', DialBridged: 'true', DialCallSid: legSid }],
    ['dial-complete missed', action, { ...parent, CallSid: sid(), DialCallStatus: 'no-answer', DialBridged: 'false' }],
    [
      'voicemail-complete',
      PATHS.voicemailComplete,
      { ...parent, RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', RecordingDuration: '12' },
    ],
    [
      'recording-status',
      PATHS.recordingStatus,
      {
        CallSid: call.callSid,
        RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE2',
        RecordingStatus: 'completed',
      },
    ],
    ['sms-textback', PATHS.smsTextback, { CallSid: call.callSid }],
    [
      'incoming-sms',
      PATHS.incomingSms,
      { MessageSid: `SM${randomBytes(16).toString('hex')}`, From: call.from, To: MAIN_LINE, Body: 'STOP' },
    ],
    ['outbound-call', PATHS.outboundCall, { CallSid: sid(), From: 'client:acme_alice_web', To: '+15557654321' }],
  ];
}

async function measure(api: TwilioApi, serviceSid: string, mode: StepAnswer['mode'], faults: readonly FaultKind[]): Promise<StepAnswer[]> {
  // SYNC_TIMEOUT_MS empty: the deployed default (1500 ms), not the tests' patient 5 s, so a hang costs what it would.
  const env = { ...syncEnv(api, serviceSid), SYNC_TIMEOUT_MS: '', FALLBACK_NUMBER: FALLBACK, ALLOW_SIMULATED_CLOCK: 'true' };
  const server = await startFunctionsServer(PROJECT_ROOT, env, mode === 'warm' ? { forkProcess: false, extraArgs: ['--no-live'] } : {});
  const answers: StepAnswer[] = [];
  try {
    for (const fault of faults) {
      const call = { callSid: sid(), from: caller() };
      const first = await post(server.baseUrl, api.authToken, PATHS.incomingCall, {
        CallSid: call.callSid,
        To: MAIN_LINE,
        From: call.from,
        CallStatus: 'ringing',
      });
      const dial = parseTwiml(first.body).children.find((verb) => verb.name === 'Dial');
      if (first.status !== 200 || !dial)
        throw new Error(`the main line did not dial before the fault: ${first.status} ${first.body.slice(0, 300)}`);
      api.double.faults.set({ kind: fault, product: 'sync' });
      try {
        for (const [step, path, params] of steps(dial, call)) {
          const answer = await post(server.baseUrl, api.authToken, path, params);
          answers.push({ mode, fault, step, status: answer.status, ms: round(answer.ms, 0) });
        }
      } finally {
        api.double.faults.clear();
      }
    }
  } finally {
    await server.stop();
  }
  return answers;
}

export async function benchAnswerUnderFaults(): Promise<AnswerUnderFaultsResult> {
  const api = await startTwilioApi();
  try {
    const serviceSid = await serviceWithBundle(api, readBundleFile(SAMPLE_CONFIG));
    const answers = [
      ...(await measure(api, serviceSid, 'warm', ['hang', 'server-error', 'rate-limit', 'drop'])),
      ...(await measure(api, serviceSid, 'cold', ['hang'])),
    ];
    expectNoContractViolations(api);
    const worst = answers.reduce((slowest, answer) => (answer.ms > slowest.ms ? answer : slowest));
    return { answers, worst };
  } finally {
    await api.stop();
  }
}
