// What an inbound text is and what its forward says. The text: Twilio's webhook parameters read once (the sender,
// the number texted, the body, MMS media as NumMedia and MediaUrl0..n with their content types). The forward: one
// SMS that names the sender (the contact's name when known, and the number), the number they texted, quotes the
// message and lists the media as links, within one Twilio message's 1,600 characters. Pure: no I/O.
import type { Contact } from '../config/types';

/** Twilio's longest message body; a longer quote is cut to fit. */
export const MAX_FORWARD_LENGTH = 1600;
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
  const name = [contact?.firstName, contact?.lastName].filter((part) => part && part.trim()).join(' ');
  return name ? `${name} (${from})` : from || '(no sender)';
}

/** The forward's text: who wrote, to which number, the message quoted, and the media as links. */
export function forwardedText(text: Pick<InboundText, 'from' | 'to' | 'body' | 'media'>, contact: Pick<Contact, 'firstName' | 'lastName'> | null, numberName: string | null): string {
  const head = `Text from ${senderLabel(text.from, contact)} to ${numberName ? `${numberName} (${text.to})` : text.to}:`;
  const links = text.media.length ? `\n${text.media.length === 1 ? 'Attachment' : `${text.media.length} attachments`}: ${text.media.map((item) => item.url).join(' ')}` : '';
  const message = text.body.trim();
  if (!message) return `${head} (no text)${links}`.slice(0, MAX_FORWARD_LENGTH);
  const room = MAX_FORWARD_LENGTH - head.length - links.length - 3;
  const quoted = message.length <= room ? message : `${message.slice(0, Math.max(0, room - 1))}…`;
  return `${head}\n"${quoted}"${links}`.slice(0, MAX_FORWARD_LENGTH);
}
