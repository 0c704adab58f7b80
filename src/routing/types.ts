// The routing decision's vocabulary: what goes in (a call), what comes out (a plan with its trace).

import type { CallerNumber } from './caller';

/** Twilio's `To` and `From` of a call, as given. */
export interface CalledPair {
  to: string;
  from: string;
}

/** One inbound call as the decision sees it: Twilio's `To` and `From`, and who the caller is. */
export interface CallInput extends CalledPair {
  /**
   * The caller as src/phone/caller-id's callerOf classified `from` (routing is pure and cannot read the phone
   * metadata, so every caller of decide() passes it; the console's page, without the metadata, passes classifyCaller's).
   */
  caller: CallerNumber;
  /** What the abuse guard counted before deciding (absent: not counted, as in explain or the console's preview). */
  callerCount?: CallerCount;
  /** Twilio's `StirVerstat` of the call (SHAKEN/STIR), as sent; absent when Twilio sent none. */
  stir?: string;
  /**
   * What the caller answered at each prompt so far, in order (the spam challenge, then the phone menu): a key
   * (`"1"`), spoken words (`"sales please"`), or `""` for nothing. Each prompt takes exactly one answer; a decision
   * that needs the next one asks for it (action `gather`).
   */
  presses?: readonly string[];
  /** The round-robin turn of the called number (absent: not counted, the group starts at its first user). */
  rotation?: Rotation;
  /** The user who last answered this caller, for the sticky agent (absent: not looked up, or nobody). */
  lastAnswered?: LastAnswered;
}

/** A number's round-robin turn: the call's place in the rotation, counted in the state shards, or drawn at random. */
export type Rotation = { turn: number; source: 'counter' } | { turn: number; source: 'random'; why: string };

/** An earlier call of the same caller that a user answered. */
export interface LastAnswered {
  user: string;
  callSid: string;
  /** ISO-8601 instant of that call. */
  at: string;
}

/** Inputs a decision could use but was not given (decide again with them: incoming-call reads them only when asked). */
export type WantedInput = 'rotation' | 'lastAnswered';

/**
 * The abuse guard's count for this call, taken before decide() (src/calls/caller-guard keeps it, in the state
 * store): the caller's calls to the called number's workspace this minute, this one included; or why it was not
 * counted. The `abuse-guard` rule judges it against the workspace's limit.
 */
export type CallerCount = { counted: true; calls: number } | { counted: false; why: string };

export type AppKind = 'web' | 'mobile';

/** Why a phone leg is rung: whose phone it is, or which fallback it came from. */
export type PhoneSource = 'user-phone' | 'forwarding-number' | 'company-phone' | 'after-hours-forward' | 'menu-forward';

export interface NumberTarget {
  kind: 'number';
  number: string;
  /** Digits sent after the far end answers (a user's extension, with pauses). */
  sendDigits?: string;
  /** The user this leg rings for, when it rings for one. */
  user?: string;
  source: PhoneSource;
}

export interface ClientTarget {
  kind: 'client';
  identity: string;
  user: string;
  app: AppKind;
}

export type Target = NumberTarget | ClientTarget;

/** A destination the decision would have rung but did not, and why. */
export interface DroppedTarget {
  target: Target;
  reason: 'duplicate' | 'loop' | 'leg-limit' | 'caller';
  detail: string;
}

import type { RuleId } from './rules';

export type { RuleId };

/** One line of the trace: a rule that was considered, whether it decided, and why. */
export interface TraceEntry {
  rule: RuleId;
  applied: boolean;
  reason: string;
}

/** What the caller hears before recording a voicemail; `default` means a spoken default text. */
export type VoicemailGreeting =
  | { kind: 'audio'; url: string; owner: string }
  | { kind: 'text'; text: string; owner: string }
  | { kind: 'default'; text: string; owner: 'default' };

export interface RecordSettings {
  enabled: boolean;
  announcement: string | null;
}

export interface CallConnectSettings {
  enabled: boolean;
  whisper: string | null;
}

export type Action = 'dial' | 'voicemail' | 'hangup' | 'reject' | 'gather';

/**
 * One `<Dial>` of a ring: the legs it rings together and for how long. A route rings its tiers one after another
 * (a later tier is the previous `<Dial>`'s action), and their seconds never add up past the inbound timeout.
 */
export interface Tier {
  legs: Target[];
  seconds: number;
  /** The users this tier rings for (in order), for the trace and the history. */
  users: string[];
  /** Why this tier rings, for people: "ring first: alice", "in order: bob (2 of 3)", "together". */
  label: string;
}

/** A prompt the caller answers (action `gather`): the spam challenge, or the phone menu. */
export interface GatherPrompt {
  purpose: 'challenge' | 'menu';
  /** What the caller hears. */
  prompt: { kind: 'text'; text: string } | { kind: 'audio'; url: string };
  /** 1 the first time, 2 when repeated after no input or a wrong key. */
  attempt: number;
  /** Listen for speech as well as keys, with these hints. */
  speech: boolean;
  hints: string[];
}

/** A number's phone menu as the call went through it (explain's `menu`, the call history's choice). */
export interface MenuPath {
  options: { digit: string; label: string; action: 'ring' | 'voicemail' | 'forward' }[];
  /** What the caller answered at each attempt ("" for nothing). */
  answers: string[];
  /** The option taken, when one was; null while the caller is still being asked. */
  chose: string | null;
  /** How it was taken. */
  how: 'pressed' | 'said' | 'default' | null;
}

/** What spam protection did with the call, when it acted. */
export interface ScreeningResult {
  verdict: 'blocked' | 'challenge' | 'passed' | 'failed' | 'voicemail' | 'reject';
  /** Why screening looked at the call: a blocked number, a failed caller ID check, an unknown caller. */
  why: string;
}

/** How a rejected call is turned away (Twilio's `<Reject reason>`): "rejected" plays not-in-service, "busy" a busy signal. */
export type RejectReason = 'rejected' | 'busy';

/**
 * The rule a call's route names (src/calls/call-log's RouteEntry): one of the table's, or `outbound` for a call the
 * apps place (src/flows/outbound-call), which the table does not decide.
 */
export type RouteRule = RuleId | 'outbound';

/**
 * The decision for one call. Flat on purpose: it is also the `explain --json` object.
 * For `reject` the number-level fields are null because no number was found (or it is inactive).
 */
export interface Decision {
  action: Action;
  rule: RuleId;
  /** For `reject`, how the caller is turned away; null otherwise. */
  rejectReason: RejectReason | null;
  to: string;
  from: string;
  /** The instant the decision was made for, ISO-8601 UTC. */
  at: string;
  workspace: string | null;
  targets: Target[];
  dropped: DroppedTarget[];
  callerId: string | null;
  timeout: number | null;
  record: RecordSettings;
  callConnect: CallConnectSettings;
  /** The greeting for voicemail: taken at once (action voicemail) or when nobody answers (action dial). */
  voicemail: (VoicemailGreeting & { maxLengthSeconds: number }) | null;
  /** Whether the caller's number is withheld (anonymous, restricted, empty, not a phone number). */
  callerWithheld: boolean;
  /**
   * What rings, in order: one `<Dial>` per tier (one tier for a route that rings everyone at once; none when nothing
   * rings). `targets` is every leg of every tier, each once.
   */
  tiers: Tier[];
  /** For action `gather`: what the caller is asked. */
  gather: GatherPrompt | null;
  /** The number's phone menu, when the call reached it. */
  menu: MenuPath | null;
  /** What spam protection did, when it acted. */
  screening: ScreeningResult | null;
  /** Inputs this decision could have used but was not given (round-robin turn, last answered). */
  wants: WantedInput[];
  /** Whether a caller who is not answered is texted back (false for a screened call: spam is never texted). */
  textBack: boolean;
  trace: TraceEntry[];
  /** How the settings that are not rules were chosen (caller ID, timeout, business hours). */
  notes: string[];
}
