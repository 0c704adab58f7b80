// The simulated call's log: the transcript (every line, in order, also handed to onLine as it happens) and
// the steps (one per verb run, each with the lines it said), so a reader can follow which verb did what.
import type { SimulationStep } from './call-types';

/** Where one verb writes its lines. */
export interface StepLog {
  say(line: string): void;
}

export class CallTrace {
  readonly transcript: string[] = [];
  readonly steps: SimulationStep[] = [];

  constructor(private readonly onLine?: (line: string) => void) {}

  /** A line said outside any verb (the call's start and end). */
  note(line: string): void {
    this.transcript.push(line);
    this.onLine?.(line);
  }

  /** Opens the step of one verb heard by PARTY, from the document at URL. */
  step(party: string, verb: string, url: string): StepLog {
    const step: SimulationStep = { party, verb, from: new URL(url).pathname, lines: [] };
    this.steps.push(step);
    return {
      say: (line) => {
        step.lines.push(line);
        this.note(line);
      },
    };
  }
}

/** One step as one line: `caller <Say> /incoming-call: caller hears: "..."`. */
export function describeStep(step: SimulationStep): string {
  return `${step.party} <${step.verb}> ${step.from}${step.lines.length ? `: ${step.lines.join(' / ')}` : ''}`;
}
