// What each planned call is owed, written out by hand from how a call goes (docs/call-flow.md and docs/messaging.md: the call log, text-back, call
// connect), not read from the code under test: the webhook steps Twilio makes and the TwiML verbs each must be
// answered with, and the call-log entries that must exist afterwards, for each outcome on each kind of line.
import type { CallTrace, StepName } from './call-script';
import type { Exchange } from './driver';
import { LINES, lineNumber, type LineKind, type PlannedCall, type PlannedOutcome } from './plan';

export type CallCase = `${PlannedOutcome} on ${LineKind}`;

/** Each step of the call and the verbs its answer must hold, in the order Twilio makes them. */
export const OWED_STEPS: Record<CallCase, [StepName, string[]][]> = {
  'answered-phone on connect': [
    ['incoming-call', ['Dial']],
    ['leg-status', []],
    ['connect-whisper', ['Gather', 'Hangup']],
    ['key-press', []],
    ['dial-complete', ['Hangup']],
    ['recording-status', []],
  ],
  'answered-app on connect': [
    ['incoming-call', ['Dial']],
    ['leg-status', []],
    ['dial-complete', ['Hangup']],
    ['recording-status', []],
  ],
  'answered-phone on group': [
    ['incoming-call', ['Dial']],
    ['leg-status', []],
    ['dial-complete', ['Hangup']],
  ],
  'answered-app on group': [
    ['incoming-call', ['Dial']],
    ['leg-status', []],
    ['dial-complete', ['Hangup']],
  ],
  'missed on connect': [
    ['incoming-call', ['Dial']],
    ['dial-complete', ['Say', 'Record']],
    ['voicemail-complete', ['Say', 'Hangup']],
  ],
  'missed on group': [
    ['incoming-call', ['Dial']],
    ['dial-complete', ['Say', 'Record']],
    ['voicemail-complete', ['Say', 'Hangup']],
  ],
  // One user at a time: the first tier rings out, the second tier's <Dial> is dial-complete's answer to it.
  'answered-phone on tiers': [
    ['incoming-call', ['Dial']],
    ['dial-complete', ['Dial']],
    ['leg-status', []],
    ['dial-complete', ['Hangup']],
  ],
  'answered-app on tiers': [
    ['incoming-call', ['Dial']],
    ['dial-complete', ['Dial']],
    ['leg-status', []],
    ['dial-complete', ['Hangup']],
  ],
  'missed on tiers': [
    ['incoming-call', ['Dial']],
    ['dial-complete', ['Dial']],
    ['dial-complete', ['Say', 'Record']],
    ['voicemail-complete', ['Say', 'Hangup']],
  ],
  // The phone menu: its <Gather>, the key posted to gather-complete, which answers the option's <Dial>.
  'answered-phone on menu': [
    ['incoming-call', ['Gather']],
    ['gather-complete', ['Dial']],
    ['leg-status', []],
    ['dial-complete', ['Hangup']],
  ],
  'answered-app on menu': [
    ['incoming-call', ['Gather']],
    ['gather-complete', ['Dial']],
    ['leg-status', []],
    ['dial-complete', ['Hangup']],
  ],
  'missed on menu': [
    ['incoming-call', ['Gather']],
    ['gather-complete', ['Dial']],
    ['dial-complete', ['Say', 'Record']],
    ['voicemail-complete', ['Say', 'Hangup']],
  ],
};

/**
 * The call-log entries (map item keys) each case must leave: one per step that records something, and one per leg
 * that picked up (`leg`) or pressed a key after the whisper (`accept`), under the leg's own CallSid.
 */
export const OWED_ENTRIES: Record<CallCase, string[]> = {
  'answered-phone on connect': ['route', 'leg:<leg>', 'accept:<leg>', 'dial', 'recording'],
  'answered-app on connect': ['route', 'leg:<leg>', 'dial', 'recording'],
  'answered-phone on group': ['route', 'leg:<leg>', 'dial'],
  'answered-app on group': ['route', 'leg:<leg>', 'dial'],
  'missed on connect': ['route', 'dial', 'textback', 'voicemail'],
  'missed on group': ['route', 'dial', 'textback', 'voicemail'],
  'answered-phone on tiers': ['route', 'tier:1', 'leg:<leg>', 'dial'],
  'answered-app on tiers': ['route', 'tier:1', 'leg:<leg>', 'dial'],
  'missed on tiers': ['route', 'tier:1', 'dial', 'textback', 'voicemail'],
  'answered-phone on menu': ['route', 'leg:<leg>', 'dial'],
  'answered-app on menu': ['route', 'leg:<leg>', 'dial'],
  'missed on menu': ['route', 'dial', 'textback', 'voicemail'],
};

/** The case a planned call is: its outcome on the kind of line it called. */
export function caseOf(call: PlannedCall): CallCase {
  const line = LINES.find((kind) => lineNumber(call.workspace, kind) === call.to);
  if (!line) throw new Error(`${call.to} is not a line of ${call.workspace}`);
  return `${call.outcome} on ${line}`;
}

/** The call-log keys one call is owed; a leg's entries need the leg's CallSid, which Twilio's side traced. */
export function owedKeys(call: PlannedCall, trace: CallTrace | undefined): string[] {
  const leg = trace?.answeredLeg?.callSid ?? '(no leg picked up)';
  return OWED_ENTRIES[caseOf(call)].map((entry) => `${call.callSid}:${entry.replace('<leg>', leg)}`);
}

/** One request of a call as it went: the step, the status answered, the verbs of its TwiML (null: not TwiML). */
export type StepRecord = [step: StepName, status: number, verbs: string[] | null];

/** The requests a call is owed, each answered 200 with the verbs its case expects. */
export function owedRecords(call: PlannedCall): StepRecord[] {
  return OWED_STEPS[caseOf(call)].map(([step, verbs]) => [step, 200, verbs]);
}

/** What each call's requests got, in the order they were made, by CallSid. */
export function recordsByCall(exchanges: readonly Exchange[]): Map<string, StepRecord[]> {
  const records = new Map<string, StepRecord[]>();
  for (const { call, step, status, verbs } of exchanges)
    records.set(call.callSid, [...(records.get(call.callSid) ?? []), [step, status, verbs]]);
  return records;
}
