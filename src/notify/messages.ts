// What a notification text says: who called (contact name and number), which number (its name), when (the
// workspace's time zone), and for a voicemail its length and a link; the transcript follows in its own text.
// Pure.
import type { Contact } from '../config/types';
import { WITHHELD_LABEL } from '../phone/caller-id';

/** Longest transcript quoted in a text (Twilio splits a long body into segments; this keeps it to a few). */
export const MAX_TRANSCRIPT_CHARS = 600;

export interface NoticeFacts {
  /** The caller as a person reads them: their number, or "a withheld number" (src/phone/caller-id's callerLabel). */
  caller: string;
  contact: Contact | null;
  /** The called number and its name. */
  number: { number: string; name: string };
  timeZone: string;
  at: Date;
}

function callerText(caller: string, contact: Contact | null): string {
  const name = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
  const number = caller || WITHHELD_LABEL;
  return name ? `${name} (${number})` : number;
}

/** "Mon, Nov 23, 10:14 AM" in the workspace's time zone. */
export function whenText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

const header = (what: string, facts: NoticeFacts) =>
  `${what} from ${callerText(facts.caller, facts.contact)} to ${facts.number.name} (${facts.number.number}), ${whenText(facts.at, facts.timeZone)}.`;

export function missedCallText(facts: NoticeFacts): string {
  return header('Missed call', facts);
}

export interface VoicemailFacts {
  durationSeconds: number | null;
  /** A link that works without Twilio credentials, or null when none can be made. */
  link: string | null;
  transcriptFollows: boolean;
}

export function voicemailText(facts: NoticeFacts, voicemail: VoicemailFacts): string {
  const length = voicemail.durationSeconds !== null ? ` ${voicemail.durationSeconds} s.` : '';
  const listen = voicemail.link ? ` Listen: ${voicemail.link}` : '';
  const follows = voicemail.transcriptFollows ? ' Transcript to follow.' : '';
  return `${header('Voicemail', facts)}${length}${listen}${follows}`;
}

export function transcriptText(facts: Pick<NoticeFacts, 'caller' | 'contact'>, transcript: string): string {
  const clean = transcript.replace(/\s+/g, ' ').trim();
  const quoted = clean.length > MAX_TRANSCRIPT_CHARS ? `${clean.slice(0, MAX_TRANSCRIPT_CHARS - 1)}…` : clean;
  return `Voicemail from ${callerText(facts.caller, facts.contact)}: "${quoted}"`;
}
