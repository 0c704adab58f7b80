// One time budget per request: a step of the call must answer Twilio within STEP_BUDGET_MS whatever its
// dependencies do, so each outgoing request (a Sync read or write) gets at most what is left of it. The
// budget of the request being served travels with its async work (AsyncLocalStorage), so the Sync gateway
// finds it without every layer between the step and the gateway passing it on.
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a step may spend waiting on its dependencies; Twilio hears the answer well inside 3 s. (The functions
 * never give a step less than one Sync request's deadline, SYNC_TIMEOUT_MS, when that is set longer.)
 */
export const STEP_BUDGET_MS = 2_000;

export class RequestBudget {
  private readonly endsAt: number;

  constructor(
    readonly totalMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.endsAt = clock() + totalMs;
  }

  /** Milliseconds left, never below 0. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock());
  }

  /** The deadline for one dependency request: its own limit, or what is left of the budget if less. */
  deadlineMs(limitMs: number): number {
    return Math.min(limitMs, this.remainingMs());
  }

  /**
   * What is left of this budget, as a scope of its own: a deliberate second attempt at something that must
   * not be lost (a key press) is not refused because this request already met a failure.
   */
  forRetry(): RequestBudget {
    return new RequestBudget(this.remainingMs(), this.clock);
  }
}

const current = new AsyncLocalStorage<RequestBudget>();

/** Runs `work` with `budget` as the budget of everything it starts. */
export function runWithBudget<T>(budget: RequestBudget, work: () => T): T {
  return current.run(budget, work);
}

/** The budget of the request being served, if any (the command-line tools have none). */
export function currentBudget(): RequestBudget | undefined {
  return current.getStore();
}
