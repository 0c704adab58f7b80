// The simulated call's log: the transcript (every line, in order, also handed to onLine as it happens) and
// the steps (one per verb run, each with the lines it said, in the transcript's order), so a reader can follow
// which verb did what.
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

  /**
   * Opens the step of one verb heard by PARTY, from the document at URL. Steps stay in the transcript's order:
   * when a verb speaks again after another's step (a dial after its legs' whispers), its step continues anew.
   */
  step(party: string, verb: string, url: string): StepLog {
    let step: SimulationStep = { party, verb, from: new URL(url).pathname, lines: [] };
    this.steps.push(step);
    return {
      say: (line) => {
        if (this.steps.at(-1) !== step) {
          step = { party, verb, from: step.from, lines: [], continued: true };
          this.steps.push(step);
        }
        step.lines.push(line);
        this.note(line);
      },
    };
  }
}

/** One step as one line: `caller <Say> /incoming-call: caller hears: "..."`. */
export function describeStep(step: SimulationStep): string {
  return `${step.party} <${step.verb}> ${step.from}${step.continued ? ' (continued)' : ''}${step.lines.length ? `: ${step.lines.join(' / ')}` : ''}`;
}
