// connect-whisper: the <Number url> of each phone leg when call connect is on. The person who answers
// hears the whisper (custom values rendered) and must press a key; the key press is recorded as that
// leg's acceptance (under the leg's own CallSid, tried twice: it must not be lost) and bridges the call.
// No key: this leg hangs up and the others keep ringing.
import type { Fallback, WebhookRequest } from '../runtime/request';
import { decodeCallbackState } from '../calls/callback-state';
import { callValues } from '../templates/values';
import { renderTemplate } from '../templates/template';
import { goodbyeTwiml } from '../twiml/voice';
import { sayVoiceOf } from '../config/voices';
import { GENERIC_WHISPER, emptyTwiml, whisperTwiml } from '../twiml/whisper';
import { legOf } from './leg-status';
import { whisperAnswerUrl } from './urls';

/** A key press is written once more if the first write fails. */
export const KEY_PRESS_WRITE_ATTEMPTS = 2;

export const DEFAULT_WHISPER = 'Call for {{number.name}} from {{contact.name | an unknown caller}}. Press any key to accept.';

export async function connectWhisper(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog, call } = request;
  // The call's numbers are carried on the URL (this leg's own To and From are the leg's): the call context's.
  const leg = legOf(params.To);

  if (call.carried.step === 'answer') {
    if (!params.Digits) {
      log.info(`${leg} answered the whisper with no key: hanging up this leg`);
      return goodbyeTwiml();
    }
    const recorded = await callLog.writeLeg(
      params.ParentCallSid,
      'accept',
      { at: now.toISOString(), leg, legCallSid: params.CallSid ?? '' },
      KEY_PRESS_WRITE_ATTEMPTS,
    );
    // Bridged either way: a person who pressed a key is never cut off.
    log.info(`${leg} pressed a key: accepted${recorded ? '' : ' (the key press could not be recorded)'}; bridging`);
    return emptyTwiml();
  }

  const line = await call.line();
  const place = await callLog.place();
  if (!line) {
    log.warn(`whisper for ${call.to}, which the configuration does not route: using the generic whisper`);
    return whisperTwiml(GENERIC_WHISPER, whisperAnswerUrl(call, place));
  }
  // A withheld caller (+266696687 and the like) has no contact and no number to say: `{{call.from | ...}}` falls back.
  const { caller } = call;
  const text = renderTemplate(
    line.number.callConnect.whisper ?? DEFAULT_WHISPER,
    callValues({
      workspace: line.workspace,
      number: line.number,
      contact: line.contact,
      from: caller.withheld ? '' : caller.number,
      to: call.to,
    }),
  );
  log.info(`${leg} answered: whispering "${text}"`);
  // The workspace's own whisper in its language and voice; ours (the default) in English.
  return whisperTwiml(text, whisperAnswerUrl(call, place), line.number.callConnect.whisper ? sayVoiceOf(line.workspace) : undefined);
}

/** Failing, the leg still hears a generic whisper and can accept: a person is never cut off. */
export const connectWhisperFallback: Fallback = ({ params }) => {
  const carried = decodeCallbackState(params);
  return {
    reply: whisperTwiml(GENERIC_WHISPER, whisperAnswerUrl({ to: carried.called ?? '', from: carried.caller ?? '' }, carried.place)),
    description: 'the generic whisper',
  };
};
