// The reply cases: texts a caller may send to a routed number, each with what it must be taken for, written out
// literally. Run against the pure reader (src/textback/keywords readReply) and through the served incoming-sms
// function (tests/replies/reply-keywords.test.ts). A command is the keyword alone (trimmed of spaces, punctuation,
// emoji, case and accents), or a plain stop word (STOP, UNSUBSCRIBE...) with only politeness or emphasis beside it;
// everything else is a person talking and is forwarded, marked when it may be a request to stop.

export type ReplyCaseKind = 'opt-out' | 'opt-in' | 'help' | 'message';

export interface ReplyCase {
  body: string;
  /** `opt-in`: START, UNSTOP or YES alone (it opts in a sender who had opted out; from anyone else it is a message). */
  kind: ReplyCaseKind;
  /** For a message: it holds an opt-out keyword, so the forward says it may be a request to stop. */
  mayBeOptOut?: boolean;
  why: string;
}

export const REPLY_CASES: readonly ReplyCase[] = [
  // Opt-outs: the keyword alone.
  { body: 'STOP', kind: 'opt-out', why: 'the keyword alone' },
  { body: 'Stop.', kind: 'opt-out', why: 'punctuation trimmed' },
  { body: '  stop  ', kind: 'opt-out', why: 'spaces trimmed' },
  { body: 'STOP 🛑', kind: 'opt-out', why: 'emoji trimmed' },
  { body: '🛑 stop!!!', kind: 'opt-out', why: 'emoji and punctuation on both sides' },
  { body: 'ＳＴＯＰ', kind: 'opt-out', why: 'full-width letters read as plain ones' },
  { body: 'stopall', kind: 'opt-out', why: 'STOPALL' },
  { body: 'Stop all', kind: 'opt-out', why: 'STOPALL with a space' },
  { body: 'Unsubscribe', kind: 'opt-out', why: 'UNSUBSCRIBE' },
  { body: 'cancel', kind: 'opt-out', why: 'CANCEL alone' },
  { body: 'End', kind: 'opt-out', why: 'END alone' },
  { body: 'QUIT!', kind: 'opt-out', why: 'QUIT alone' },
  { body: 'opt-out', kind: 'opt-out', why: 'OPTOUT with a hyphen' },
  { body: 'Opt out', kind: 'opt-out', why: 'OPTOUT with a space' },
  { body: 'revoke', kind: 'opt-out', why: 'REVOKE' },
  { body: 'Arrêt', kind: 'opt-out', why: 'Canadian French, with its accent' },
  { body: 'ARRET', kind: 'opt-out', why: 'Canadian French, without' },
  // Opt-outs: the keyword with politeness or emphasis only.
  { body: 'stop please', kind: 'opt-out', why: 'politeness' },
  { body: 'Please stop texting me', kind: 'opt-out', why: 'politeness and what to stop' },
  { body: 'unsubscribe me', kind: 'opt-out', why: 'for whom' },
  { body: 'STOP STOP STOP', kind: 'opt-out', why: 'the keyword said again' },
  { body: 'Stop, thank you', kind: 'opt-out', why: 'thanks' },
  { body: 'Just stop now!', kind: 'opt-out', why: 'emphasis' },
  { body: 'opt me out', kind: 'opt-out', why: 'OPT OUT around ME' },
  { body: 'Arrêt svp', kind: 'opt-out', why: 'French politeness' },
  { body: 'Unsubscribe. Stop.', kind: 'opt-out', why: 'two plain stop words' },
  // Opt-ins and HELP: alone only.
  { body: 'START', kind: 'opt-in', why: 'START alone' },
  { body: 'unstop', kind: 'opt-in', why: 'UNSTOP alone' },
  { body: 'Yes', kind: 'opt-in', why: 'YES alone (an opt-in only for someone opted out)' },
  { body: 'ｙｅｓ!', kind: 'opt-in', why: 'full-width YES' },
  { body: 'HELP', kind: 'help', why: 'HELP alone' },
  { body: 'help?', kind: 'help', why: 'HELP with punctuation' },
  { body: 'Info', kind: 'help', why: 'INFO alone' },
  // Messages that begin with or hold a keyword: a person talking, marked as possibly a request to stop.
  { body: 'Stop by at 3pm', kind: 'message', mayBeOptOut: true, why: 'STOP is the first word, not the whole' },
  { body: "Cancel my appointment tomorrow, I'll call to rebook", kind: 'message', mayBeOptOut: true, why: 'an errand after CANCEL' },
  { body: 'End of the day works', kind: 'message', mayBeOptOut: true, why: 'END begins a sentence' },
  { body: 'Quit calling me, I will call you', kind: 'message', mayBeOptOut: true, why: 'QUIT, but about calls' },
  { body: 'Please stop calling my mother', kind: 'message', mayBeOptOut: true, why: 'STOP with words that are not filler' },
  { body: "Don't stop the work on the roof", kind: 'message', mayBeOptOut: true, why: 'STOP mid-sentence' },
  { body: 'How do I opt out of the newsletter?', kind: 'message', mayBeOptOut: true, why: '"opt out" in a question' },
  { body: 'Stop 2', kind: 'message', mayBeOptOut: true, why: 'a digit is not filler' },
  { body: 'Cancel please', kind: 'opt-out', why: 'CANCEL with politeness only' },
  { body: 'End now', kind: 'opt-out', why: 'END with emphasis only' },
  { body: 'Quit texting me', kind: 'opt-out', why: 'QUIT naming the texts' },
  { body: 'cancel cancel', kind: 'opt-out', why: 'CANCEL said twice' },
  { body: 'Cancel it please', kind: 'message', mayBeOptOut: true, why: '"it" is an errand (the appointment), not a filler' },
  // Messages that begin with an opt-in or HELP word: a person talking, nothing to mark.
  { body: 'Yes please call me back at 3pm', kind: 'message', mayBeOptOut: false, why: 'YES is not alone' },
  { body: 'Start the job Monday?', kind: 'message', mayBeOptOut: false, why: 'START is not alone' },
  { body: 'Help me with my order', kind: 'message', mayBeOptOut: false, why: 'HELP is not alone' },
  { body: 'I need info on pricing', kind: 'message', mayBeOptOut: false, why: 'INFO is not alone' },
  // Plain talk, and texts with no words.
  { body: "I'll call you at the end of the day", kind: 'message', mayBeOptOut: false, why: 'END mid-sentence is an everyday word' },
  { body: 'Can you come Tuesday?', kind: 'message', mayBeOptOut: false, why: 'plain talk' },
  { body: 'please', kind: 'message', mayBeOptOut: false, why: 'filler alone is no keyword' },
  { body: '🛑', kind: 'message', mayBeOptOut: false, why: 'an emoji alone is no keyword' },
  { body: '', kind: 'message', mayBeOptOut: false, why: 'an empty text (an MMS without words)' },
  { body: 'stopping by at 5', kind: 'message', mayBeOptOut: false, why: 'STOPPING is another word' },
  // A user's command from anyone else: a caller's reply (only a user's own phone sets do not disturb: DND_CASES below).
  { body: 'DND on', kind: 'message', mayBeOptOut: false, why: "DND from a phone that is no user's is a reply, forwarded" },
];

/**
 * Texts a user sends from their own phone to one of the workspace's numbers: `DND on` / `DND off` alone (any case,
 * spaces around and between the words only) sets their do not disturb; anything else is a staff text like any other
 * (src/replies/do-not-disturb). Run against the pure reader and through the served incoming-sms function
 * (tests/replies/do-not-disturb.test.ts).
 */
export interface DndCase {
  body: string;
  /** What it sets; null: not the command (a staff text). */
  sets: boolean | null;
  why: string;
}

export const DND_CASES: readonly DndCase[] = [
  { body: 'DND on', sets: true, why: 'the command' },
  { body: 'DND off', sets: false, why: 'the command' },
  { body: 'dnd ON', sets: true, why: 'any case' },
  { body: 'Dnd Off', sets: false, why: 'any case' },
  { body: '  dnd on  ', sets: true, why: 'spaces around' },
  { body: 'DND  off\n', sets: false, why: 'two spaces between, a line break after' },
  { body: 'dnd on please', sets: null, why: 'words after it' },
  { body: 'Can you put me on DND on Friday?', sets: null, why: 'DND in a sentence' },
  { body: 'DND on.', sets: null, why: 'punctuation is not a space' },
  { body: 'DND', sets: null, why: 'no on or off' },
  { body: 'DNDon', sets: null, why: 'no space between' },
  { body: 'do not disturb on', sets: null, why: 'spelled out: not the command' },
  { body: 'DND onn', sets: null, why: 'another word' },
];
