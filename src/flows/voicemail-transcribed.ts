// voicemail-transcribed: the <Record transcribeCallback> (when workspaces[].notifications.transcription is on).
// Twilio posts TranscriptionSid, TranscriptionText, TranscriptionStatus (completed or failed), TranscriptionUrl,
// RecordingSid and RecordingUrl with the call's own parameters, and its URL carries the call's place. Keeps
// the transcript in the call log (`transcript`), texts it to the users told of the voicemail (once each, as a
// follow-up), and sends voicemail.transcribed. Answers nothing: no caller is waiting.
import type { WebhookRequest } from '../runtime/request';
import { isCallSid } from '../calls/call-log';
import { subscribers } from '../events/emit';
import { emptyTwiml } from '../twiml/whisper';
import { calledLine } from '../calls/call-context';
import { callerOf } from '../phone/caller-id';
import { emitForCall, noticeContextOf, notifyTranscript, type NoticeContext } from './call-notices';
import { routeReader } from './carried-route';

const TRANSCRIPTION_SID = /^TR[0-9a-fA-F]{32}$/;

export interface TranscriptEntry {
  at: string;
  recordingSid: string | null;
  transcriptionSid: string;
  status: 'completed' | 'failed';
  text: string | null;
}

export async function voicemailTranscribed(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog } = request;
  const callSid = params.CallSid;
  if (!isCallSid(callSid) || !TRANSCRIPTION_SID.test(params.TranscriptionSid ?? '')) {
    log.warn('transcription callback without a valid CallSid or TranscriptionSid; ignored');
    return emptyTwiml();
  }
  const completed = params.TranscriptionStatus === 'completed' && Boolean(params.TranscriptionText?.trim());
  const entry: TranscriptEntry = {
    at: now.toISOString(),
    recordingSid: params.RecordingSid ?? null,
    transcriptionSid: params.TranscriptionSid!,
    status: completed ? 'completed' : 'failed',
    text: completed ? params.TranscriptionText!.trim() : null,
  };
  log.info(
    `voicemail transcription ${params.TranscriptionStatus ?? '(no status)'}${completed ? `: ${entry.text!.length} characters` : ''}`,
  );
  await callLog.write(callSid, 'transcript', entry);

  const route = routeReader(callLog, callSid);
  // Twilio's transcription callback carries the call's From and To (this request's call); the route entry says them too.
  const call =
    params.To && params.From !== undefined
      ? request.call
      : await route().then((found) => (found ? { to: found.to, from: found.from } : null));
  if (!call) {
    log.warn('transcription of a call whose numbers are not known; no notice, no event');
    return emptyTwiml();
  }
  const context = call === request.call ? await noticeContextOf(request) : await noticeContextFromRoute(request, call);
  if (!context) return emptyTwiml();
  const transcribed = subscribers(context.workspace.webhooks, 'voicemail.transcribed').length > 0;
  await Promise.all([
    completed ? notifyTranscript(request, context, entry.text!, route) : undefined,
    transcribed && entry.recordingSid
      ? emitForCall(request, context.workspace, {
          type: 'voicemail.transcribed',
          at: now,
          data: {
            callSid,
            workspace: context.workspace.id,
            from: call.from,
            to: call.to,
            recordingSid: entry.recordingSid,
            transcriptionSid: entry.transcriptionSid,
            status: entry.status,
            transcript: entry.text,
          },
        })
      : undefined,
  ]);
  return emptyTwiml();
}

/** The notice context of a call known by its route entry's numbers (the callback carried none of its own). */
async function noticeContextFromRoute(request: WebhookRequest, call: { to: string; from: string }): Promise<NoticeContext | null> {
  const caller = callerOf(call.from);
  const line = calledLine(await request.configuration(call), call.to, caller);
  return line ? { ...line, caller } : null;
}
