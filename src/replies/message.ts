// What an inbound text is and what its forward says. The text: Twilio's webhook parameters read once (the sender,
// the number texted, the body, MMS media as NumMedia and MediaUrl0..n with their content types). The forward: the
// texts that name the sender (the contact's name when known, and the number) and the number they texted, quote the
// message whole and list the media as links, each text within Twilio's 1,600 characters (as many texts as it
// takes: the caller's words are never cut to make room, a link never cut in two). Pure: no I/O.
import type { Contact } from '../config/types';
import { MAX_SMS_BODY } from '../textback/messenger';

/** Twilio's longest message body; a longer forward goes as more texts. */
export const MAX_FORWARD_LENGTH = MAX_SMS_BODY;
/** Twilio delivers at most 10 media per MMS. */
export const MAX_MEDIA = 10;

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

export interface MediaItem {
  url: string;
  contentType: string | null;
}

export interface InboundText {
  /** Twilio's SM... or MM... SID; null when the request carries no valid one. */
  messageSid: string | null;
  from: string;
  to: string;
  body: string;
  media: MediaItem[];
  /** Media parameters that were not https URLs, left out. */
  ignoredMedia: number;
}

export function isMessageSid(value: string | undefined): value is string {
  return typeof value === 'string' && MESSAGE_SID.test(value);
}

/** The text as Twilio's incoming-message webhook describes it. */
export function inboundText(params: Readonly<Record<string, string>>): InboundText {
  const declared = Number.parseInt(params.NumMedia ?? '0', 10);
  const count = Number.isInteger(declared) && declared > 0 ? Math.min(declared, MAX_MEDIA) : 0;
  const media: MediaItem[] = [];
  let ignoredMedia = 0;
  for (let index = 0; index < count; index += 1) {
    const url = (params[`MediaUrl${index}`] ?? '').trim();
    if (!/^https:\/\/[^\s]+$/.test(url)) {
      ignoredMedia += 1;
      continue;
    }
    const contentType = (params[`MediaContentType${index}`] ?? '').trim();
    media.push({ url, contentType: contentType || null });
  }
  return {
    messageSid: isMessageSid(params.MessageSid) ? params.MessageSid : null,
    from: (params.From ?? '').trim(),
    to: (params.To ?? '').trim(),
    body: params.Body ?? '',
    media,
    ignoredMedia,
  };
}

/** "Dana Smith (+15550100200)", or the number alone for a stranger. */
export function senderLabel(from: string, contact: Pick<Contact, 'firstName' | 'lastName'> | null): string {
  const name = [contact?.firstName, contact?.lastName].filter((part) => part?.trim()).join(' ');
  return name ? `${name} (${from})` : from || '(no sender)';
}

/** How a text a person must read first is cut into texts of at most `max` characters: at a line break or space, a word cut only if longer than a text. */
function splitAtSpaces(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > 0 ? cut : max;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^[ \n]/, '');
  }
  return [...parts, rest];
}

/**
 * The forward, as the texts a person receives in order: who wrote, to which number, the message quoted whole (over
 * as many texts as it needs), a note when there is one (a possible request to stop, a HELP answered), then the media
 * as links, each link whole, in as many texts as they need. Each text at most `max` characters (Twilio's 1,600).
 */
export function forwardedTexts(
  text: Pick<InboundText, 'from' | 'to' | 'body' | 'media'>,
  contact: Pick<Contact, 'firstName' | 'lastName'> | null,
  numberName: string | null,
  note: string | null = null,
  max: number = MAX_FORWARD_LENGTH,
): string[] {
  const head = `Text from ${senderLabel(text.from, contact)} to ${numberName ? `${numberName} (${text.to})` : text.to}:`;
  const message = text.body.trim();
  const words = [message ? `${head}\n"${message}"` : `${head} (no text)`, ...(note ? [note] : [])].join('\n');
  const parts = splitAtSpaces(words, max);
  if (!text.media.length) return parts;
  let current = `${parts.pop()!}\n${text.media.length === 1 ? 'Attachment' : `${text.media.length} attachments`}:`;
  for (const { url } of text.media) {
    if (current.length + 1 + url.length <= max) {
      current += ` ${url}`;
      continue;
    }
    parts.push(current.replace(/\n[^\n]*:$/, ''));
    current = `More attachments: ${url}`.slice(0, max);
  }
  return [...parts, current];
}
