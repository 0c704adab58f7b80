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
  transcript: string[];
  /** Every verb run, with the transcript lines it said, in the transcript's order. */
  steps: SimulationStep[];
}
