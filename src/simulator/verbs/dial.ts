// <Dial>: rings its legs at once, as the simulation's answer says (nobody, busy, or legs picking up in
// order); the leg that bridges talks to the caller, and the conversation's recording callback is sent when
// the dial records. With an action, Twilio posts the dial's result there and runs what it answers (and the
// functions' answer decides whether a bridged call was answered); without, the next verb runs. A route with tiers
// rings one <Dial> after another (the action answers the next tier's): each `--answer` pickup is used by the first
// <Dial> that rings its leg, so a leg of a later tier picks up when its tier rings.
import { newSid } from '../call-session';
import type { TwimlNode } from '../twiml';
import { legMatches, legsOf, pickUp, type RungLeg } from './dial-legs';
import { resolveUrl, type VerbContext, type VerbHandler } from './verb';

export const TALK_SECONDS = 95;

interface DialResult {
  /** DialCallStatus: `completed` when a leg bridged. */
  status: 'completed' | 'busy' | 'no-answer';
  bridged: RungLeg | null;
}

export const dial: VerbHandler = async (verb, context) => {
  const legs = legsOf(verb);
  const timeout = verb.attrs.timeout ?? '30';
  const legList = legs.map((entry) => entry.leg.leg + (entry.leg.sendDigits ? ` (then digits ${entry.leg.sendDigits})` : '')).join(', ');
  context.log.say(
    `ringing ${legs.length} leg${legs.length === 1 ? '' : 's'} at once for up to ${timeout} s, caller ID ${verb.attrs.callerId ?? '(the caller)'}: ${legList}`,
  );
  for (const entry of legs) context.session.rungLegs.add(entry.leg.leg);
  const result = await ringAtOnce(legs, verb, timeout, context);
  if (result.bridged) await talk(result.bridged, verb, context);
  const rung = legs.map((entry) => entry.leg);
  const dialed = { legs: rung.map((leg) => leg.leg), seconds: Number(timeout) };
  const bridgedLabel = result.bridged?.leg.leg ?? null;
  if (!verb.attrs.action)
    return { after: 'next', facts: { legs: rung, dial: dialed, outcome: bridgedLabel ? 'answered' : 'missed', answeredBy: bridgedLabel } };

  const url = resolveUrl(verb.attrs.action, context);
  const document = await context.session.fetchTwiml(url, {
    ...context.session.callParams,
    CallStatus: 'in-progress',
    DialCallStatus: result.status,
    DialBridged: String(result.bridged !== null),
    ...(result.bridged ? { DialCallSid: result.bridged.callSid, DialCallDuration: String(TALK_SECONDS) } : {}),
  });
  // What the functions decided: a bridged call they end at once was answered; a greeting (or the next tier's <Dial>) means missed.
  const answered =
    bridgedLabel !== null && !document.children.some((child) => ['Say', 'Play', 'Record', 'Dial', 'Gather'].includes(child.name));
  if (bridgedLabel && !answered) context.log.say(`dial-complete counts it as missed: nobody accepted on ${bridgedLabel}`);
  const facts = {
    legs: rung,
    dial: dialed,
    outcome: answered ? 'answered' : 'missed',
    answeredBy: answered ? bridgedLabel : null,
  } as const;
  return { after: 'run', document, url, status: 'in-progress', facts };
};

/** Every leg rings at once; the legs pick up in the answer's order until one bridges. */
async function ringAtOnce(legs: RungLeg[], verb: TwimlNode, timeout: string, context: VerbContext): Promise<DialResult> {
  const { answer } = context.session.options;
  if (answer.kind === 'busy') {
    context.log.say('every leg is busy');
    return { status: 'busy', bridged: null };
  }
  if (answer.kind === 'none') {
    context.log.say(`nobody answers within ${timeout} s`);
    return { status: 'no-answer', bridged: null };
  }
  const pickedUp = new Set<string>();
  const used = context.session.pickupsUsed;
  for (const [index, pickup] of answer.legs.entries()) {
    // A pickup already used by an earlier <Dial>, or naming no leg of this one (a later tier's, or none), waits.
    const chosen = used.has(index) ? undefined : legs.find((entry) => legMatches(entry.leg, pickup.leg));
    if (!chosen) continue;
    used.add(index);
    if (pickedUp.has(chosen.callSid)) continue;
    pickedUp.add(chosen.callSid);
    if (await pickUp(chosen, pickup, verb, context)) return { status: 'completed', bridged: chosen };
  }
  context.log.say(`nobody ${pickedUp.size ? 'else ' : ''}answers within ${timeout} s`);
  return { status: 'no-answer', bridged: null };
}

/** The caller talks to the bridged leg (or its voicemail); a recorded dial sends its recording callback. */
async function talk(bridged: RungLeg, verb: TwimlNode, context: VerbContext): Promise<void> {
  const { session, log } = context;
  const { answer } = session.options;
  const leg = bridged.leg.leg;
  const heard = answer.kind === 'legs' && answer.legs.find((pickup) => legMatches(bridged.leg, pickup.leg))?.by === 'voicemail';
  log.say(
    heard
      ? `bridged: the caller is put through to ${leg}'s own voicemail for ${TALK_SECONDS} s`
      : `bridged: the caller talks to ${leg} for ${TALK_SECONDS} s`,
  );
  if (!verb.attrs.record || verb.attrs.record === 'do-not-record' || !verb.attrs.recordingStatusCallback) return;
  const recordingSid = newSid('RE');
  await session.fetchTwiml(resolveUrl(verb.attrs.recordingStatusCallback, context), {
    AccountSid: session.options.accountSid,
    CallSid: session.callSid,
    RecordingSid: recordingSid,
    RecordingUrl: session.recordingUrl(recordingSid),
    RecordingStatus: 'completed',
    RecordingDuration: String(TALK_SECONDS),
    RecordingChannels: '2',
    RecordingSource: 'DialVerb',
    ...session.simulatedAt(),
  });
  log.say('the conversation was recorded');
}
