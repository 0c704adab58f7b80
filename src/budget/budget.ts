// One time budget per request: a step of the call must answer Twilio within STEP_BUDGET_MS whatever its
// dependencies do, so each outgoing request (a Sync read or write) gets at most what is left of it. A small
// reserve past it is kept for cleanup that must not be skipped (releasing a text-back claim after a failure),
// so ordinary work can never starve it. The budget of the request being served travels with its async work
// (AsyncLocalStorage), so the Sync gateway finds it without every layer in between passing it on.
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a step may spend waiting on its dependencies; Twilio hears the answer well inside 3 s. (The functions
 * never give a step less than one Sync request's deadline, SYNC_TIMEOUT_MS, when that is set longer.)
 */
export const STEP_BUDGET_MS = 2_000;
/** Past the budget, for cleanup only (see forCleanup). */
export const CLEANUP_RESERVE_MS = 400;

export class RequestBudget {
  private readonly endsAt: number;

  /** `workMs` for ordinary work, then `reserveMs` more that only a cleanup scope may use. */
  constructor(
    workMs: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly reserveMs = 0,
  ) {
    this.endsAt = clock() + workMs + reserveMs;
  }

  /** Milliseconds left for ordinary work, never below 0. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - this.reserveMs - this.clock());
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
    return new RequestBudget(this.remainingMs(), this.clock, this.reserveMs);
  }

  /** What is left including the reserve, as a scope of its own: for cleanup after a failure. */
  forCleanup(): RequestBudget {
    return new RequestBudget(Math.max(0, this.endsAt - this.clock()), this.clock);
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

/** Runs cleanup with what is left of the current budget's reserve too (as it is, without a budget). */
export function asCleanup<T>(work: () => Promise<T>): Promise<T> {
  const budget = currentBudget();
  return budget ? runWithBudget(budget.forCleanup(), work) : work();
}
