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
}

/**
 * The abuse guard's count for this call, taken before decide() (src/calls/caller-guard keeps it, in the state
 * store): the caller's calls to the called number's workspace this minute, this one included; or why it was not
 * counted. The `abuse-guard` rule judges it against the workspace's limit.
 */
export type CallerCount = { counted: true; calls: number } | { counted: false; why: string };

export type AppKind = 'web' | 'mobile';

/** Why a phone leg is rung: whose phone it is, or which fallback it came from. */
export type PhoneSource = 'user-phone' | 'forwarding-number' | 'company-phone' | 'after-hours-forward';

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

export type Action = 'dial' | 'voicemail' | 'hangup' | 'reject';

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
  trace: TraceEntry[];
  /** How the settings that are not rules were chosen (caller ID, timeout, business hours). */
  notes: string[];
}
