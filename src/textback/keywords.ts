// Reply keywords: the STOP family opts a caller out of texts, the START family opts them back in
// (the words carriers and Twilio's own opt-out handling recognise).
export const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
export const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'OPTIN']);

export type ReplyIntent = 'opt-out' | 'opt-in' | 'other';

/** The intent of a reply: a keyword alone (any case, surrounding spaces and punctuation ignored). */
export function replyIntent(body: string): ReplyIntent {
  const word = body.trim().replace(/[.!\s]+$/, '').replace(/\s+/g, '').toUpperCase();
  if (STOP_WORDS.has(word)) return 'opt-out';
  if (START_WORDS.has(word)) return 'opt-in';
  return 'other';
}
