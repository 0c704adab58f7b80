// The simulated call's shapes: what a rehearsal is asked to do (SimulationOptions) and what it found
// (SimulationResult, with the transcript and the trace of every verb it ran).
import type { AnswerChoice } from './answers';

export interface SimulationOptions {
  baseUrl: string;
  authToken: string;
  /** Where the token came from (AUTH_TOKEN, or the local signing token's file), for the error on a 403. */
  authTokenSource?: string;
  accountSid: string;
  from: string;
  to: string;
  answer: AnswerChoice;
  /** A person answering a phone leg with no `:no-key` presses a key after the whisper (default true). */
  pressKey?: boolean;
  /** ISO-8601; sent as SimulatedAt (the server must allow it). */
  at?: string;
  /**
   * What the caller answers at each prompt (<Gather>) in turn: a key, words (said, where the prompt listens for
   * speech), or "" for nothing (as `--press 1_2`: `_` is nothing).
   */
  presses?: string[];
  /** Past the last of `presses`, the caller presses nothing at a prompt (default), or hangs up without answering. */
  afterPresses?: 'nothing' | 'hang-up';
  /** The call's SHAKEN/STIR verdict, sent as StirVerstat (absent: Twilio sends none). */
  stir?: string;
  /** Each line of the transcript as it happens. */
  onLine?: (line: string) => void;
}

export interface SimulatedLeg {
  /** `number:+1555...` or `client:<identity>`. */
  leg: string;
  sendDigits?: string;
  whisper: boolean;
}

export type SimulatedOutcome = 'answered' | 'missed' | 'rejected';

/** One <Dial> as it was rung: its legs (labels as SimulatedLeg's) and its timeout; a later one rings when one ends unanswered. */
export interface RungDial {
  legs: string[];
  seconds: number;
}

/** One prompt the caller heard (<Gather>), and what they answered ("" for nothing; null: they hung up instead). */
export interface SimulatedPrompt {
  prompt: string;
  answer: string | null;
}

/** One verb the simulator ran: who heard it (`caller`, or a leg's label), where it came from, what happened. */
export interface SimulationStep {
  party: string;
  verb: string;
  /** The path of the URL whose answer held this verb, e.g. `/incoming-call`. */
  from: string;
  lines: string[];
  /** The verb's step goes on after another's (a dial's, after the whisper on a leg that picked up). */
  continued?: boolean;
}

export interface SimulationResult {
  callSid: string;
  legs: SimulatedLeg[];
  /** The leg a person answered on, when the functions counted the call answered. */
  answeredBy: string | null;
  outcome: SimulatedOutcome;
  voicemail: boolean;
  /** HTTP requests made to the functions for this call. */
  requests: number;
  /** Each <Dial> rung, in order (a route with tiers rings one after another). */
  dials: RungDial[];
  /** Each prompt heard, in order, with the caller's answer. */
  prompts: SimulatedPrompt[];
  transcript: string[];
  /** Every verb run, with the transcript lines it said, in the transcript's order. */
  steps: SimulationStep[];
}
