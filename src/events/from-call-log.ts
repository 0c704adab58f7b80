// Event data from what the call log records (src/calls/call-log.ts), so a flow that has just written a step
// hands the same facts to emitCallEvent without restating them.
import { callOutcome, type DialEntry, type RecordingEntry, type RouteEntry } from '../calls/call-log';
import type { CallCompletedData, VoicemailCreatedData } from './types';

/** call.completed from the call's route and, when it dialled, the dial's end; null without a workspace. */
export function callCompletedData(callSid: string, route: RouteEntry, dial: DialEntry | null): CallCompletedData | null {
  if (!route.workspace) return null;
  const outcome = callOutcome({ callSid, route, ...(dial ? { dial } : {}) });
  return {
    callSid,
    workspace: route.workspace,
    from: route.from,
    to: route.to,
    outcome: outcome === 'in-progress' ? 'missed' : outcome,
    answeredBy: outcome === 'answered' ? (dial?.answeredBy ?? null) : null,
    dialStatus: dial?.dialStatus ?? null,
    startedAt: route.at,
    route: { rule: route.rule, action: route.action, legs: route.legs, callerId: route.callerId, reason: route.reason },
  };
}

/** voicemail.created from the call's route and the voicemail step's entry; null without a workspace. */
export function voicemailCreatedData(
  callSid: string,
  route: RouteEntry,
  voicemail: RecordingEntry,
  recordingSid: string | null,
): VoicemailCreatedData | null {
  if (!route.workspace) return null;
  return {
    callSid,
    workspace: route.workspace,
    from: route.from,
    to: route.to,
    recordingSid,
    recordingUrl: voicemail.recordingUrl,
    durationSeconds: voicemail.durationSeconds,
  };
}
