// Reply keywords: which texts to a routed number are commands (opt out, opt back in, ask for help) and which are a
// person talking. As Twilio's Advanced Opt-Out reads them: a command is the keyword ALONE, once the text is trimmed
// of spaces, punctuation, emoji and symbols, compared without case or accents and with full-width letters read as
// plain ones ("Stop.", "STOP 🛑", "ＳＴＯＰ", "opt-out", "Arrêt" are commands; "Stop by at 3pm" is not). An opt-out
// keyword may also carry words that add nothing but politeness or emphasis (FILLER_WORDS: "stop please", "please stop
// texting me", "unsubscribe me", "quit texting me"). Everything else is a message for a person; one that holds an
// opt-out keyword is marked as possibly a request to stop (`mayBeOptOut`), so a human decides. Pure: whether an opt-in applies (only to a
// sender who had opted out) is the caller's to check.

/** Carriers' and Twilio's opt-out keywords; ARRET is Canada's French one (ARRÊT, read without its accent). */
const OPT_OUT_WORDS: ReadonlySet<string> = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
  'ARRET',
]);
/** Opt back in, alone only (and only for a sender who had opted out: a bare YES from anyone else is a reply). */
const OPT_IN_WORDS: ReadonlySet<string> = new Set(['START', 'UNSTOP', 'YES']);
/** Asking who is texting and how to reach a person, alone only. */
const HELP_WORDS: ReadonlySet<string> = new Set(['HELP', 'INFO']);

/**
 * The one list of words that may stand beside an opt-out keyword and still leave it an opt-out ("stop please",
 * "cancel please", "quit texting me"). Each adds nothing but politeness, emphasis, or names the texts being stopped;
 * none can carry an errand ("Stop by at 3pm", "Cancel my appointment", "Please stop calling my mother" keep words
 * that are not here, so they are messages). Kept short on purpose: a word missing here costs a forward a person reads
 * and decides on; a word wrongly here costs a lead.
 */
const FILLER_WORDS: ReadonlySet<string> = new Set([
  // Politeness ("stop please", "stop, thank you"), French too for ARRET ("arrêt svp", "arrêt merci").
  ...['PLEASE', 'PLS', 'PLZ', 'KINDLY', 'THANKS', 'THANK', 'YOU', 'THX', 'TY', 'SVP', 'MERCI'],
  // Emphasis ("stop now", "just stop", "stop already").
  ...['NOW', 'JUST', 'ALREADY'],
  // What is to stop, and for whom: the texts themselves ("please stop texting me", "unsubscribe me", "stop sms").
  ...['ME', 'TEXT', 'TEXTS', 'TEXTING', 'MESSAGE', 'MESSAGES', 'MESSAGING', 'SMS'],
]);

/** Opt-out words that mean "stop" wherever they stand in a message (CANCEL, END, QUIT and REVOKE mid-sentence are everyday words). */
const STOP_WORDS_ANYWHERE: ReadonlySet<string> = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'OPTOUT', 'ARRET']);

export type ReplyKind = 'opt-out' | 'opt-in' | 'help' | 'message';

export interface ReplyReading {
  /** `opt-in`: START, UNSTOP or YES alone, which opts back in only a sender who had opted out (else it is a message). */
  kind: ReplyKind;
  /** The keyword recognised (for a command, or the one that makes a message possibly a request to stop). */
  keyword: string | null;
  /** A message (not a command) that holds an opt-out keyword: it may be a request to stop, which a person decides. */
  mayBeOptOut: boolean;
}

/** The text's words, letters and digits only, upper case, accents dropped: "Arrêt, ＳＴＯＰ! 🛑" -> ["ARRET", "STOP"]. */
function wordsOf(text: string): string[] {
  // NFKC folds full-width and other compatibility forms (Ｓ, ｓ, the ideographic space) into plain ones; NFD then
  // splits accented letters so their marks can be dropped (Ê -> E).
  const plain = text.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '');
  return (plain.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.toUpperCase());
}

/** A word that means "stop" wherever it stands (or "opt out" in two words), or null. */
function plainStopWordIn(words: readonly string[]): string | null {
  const plain = words.find((word) => STOP_WORDS_ANYWHERE.has(word));
  if (plain) return plain;
  return words.some((word, index) => word === 'OPT' && words[index + 1] === 'OUT') ? 'OPTOUT' : null;
}

/** Whether a text tells its reader how to opt out (it names STOP, UNSUBSCRIBE or opting out): a template that does needs no opt-out line. */
export function saysHowToOptOut(text: string): boolean {
  return plainStopWordIn(wordsOf(text)) !== null;
}

/** What a reply is: a command alone, or a message for a person. */
export function readReply(body: string): ReplyReading {
  const words = wordsOf(body);
  const whole = words.join('');
  if (OPT_OUT_WORDS.has(whole)) return { kind: 'opt-out', keyword: whole, mayBeOptOut: false };
  if (OPT_IN_WORDS.has(whole)) return { kind: 'opt-in', keyword: whole, mayBeOptOut: false };
  if (HELP_WORDS.has(whole)) return { kind: 'help', keyword: whole, mayBeOptOut: false };
  // An opt-out keyword with only fillers ("stop please", "cancel please", "opt me out"), or said again ("STOP STOP").
  const kept = words.filter((word) => !FILLER_WORDS.has(word));
  const core = kept.join('');
  if (OPT_OUT_WORDS.has(core)) return { kind: 'opt-out', keyword: core, mayBeOptOut: false };
  if (kept.length > 0 && kept.every((word) => OPT_OUT_WORDS.has(word))) return { kind: 'opt-out', keyword: kept[0]!, mayBeOptOut: false };
  // A message that may still mean "stop": it begins with an opt-out keyword, or names a plain stop word anywhere.
  const keyword = words[0] && OPT_OUT_WORDS.has(words[0]) ? words[0] : plainStopWordIn(words);
  return { kind: 'message', keyword, mayBeOptOut: keyword !== null };
}
