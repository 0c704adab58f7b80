// Reply keywords: the STOP family opts a caller out of texts, the START family opts them back in (the words
// carriers and Twilio's own opt-out handling recognise). Recognised as carriers do: the first word of the reply,
// in any case, with punctuation, emoji and symbols around it ignored and full-width letters read as plain ones
// ("Stop,", "STOP?", "stop please", "STOP 🛑", "ＳＴＯＰ" all opt out).
export const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
export const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'OPTIN']);

export type ReplyIntent = 'opt-out' | 'opt-in' | 'other';

/** The reply's first word, letters and digits only, upper case: "ＳＴＯＰ!! please" -> "STOP". */
export function keywordOf(body: string): string {
  // NFKC folds full-width and other compatibility forms (Ｓ, ｓ, the ideographic space) into plain ones.
  const words = body.normalize('NFKC').split(/\s+/u);
  const first = words.find((word) => /[\p{L}\p{N}]/u.test(word)) ?? '';
  return first.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/** The intent of a reply, from its first word. */
export function replyIntent(body: string): ReplyIntent {
  const word = keywordOf(body);
  if (STOP_WORDS.has(word)) return 'opt-out';
  if (START_WORDS.has(word)) return 'opt-in';
  return 'other';
}
