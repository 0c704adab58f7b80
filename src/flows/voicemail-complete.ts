// voicemail-complete: the <Record action> after a voicemail. Notes the recording, thanks the caller, ends the call.
import type { WebhookRequest } from '../runtime/webhook';
import { goodbyeTwiml } from '../twiml/voice';

export function voicemailComplete({ params, log }: WebhookRequest): string {
  const seconds = params.RecordingDuration ?? '0';
  if (params.RecordingUrl) log.info(`voicemail recorded: ${seconds} s at ${params.RecordingUrl}`);
  else log.warn('no recording was made (the caller hung up before the tone, or said nothing)');
  return goodbyeTwiml('Thank you. Your message has been recorded. Goodbye.');
}
