// A request's time budget: its public surface.
export { CLEANUP_RESERVE_MS, RequestBudget, STEP_BUDGET_MS, asCleanup, currentBudget, runWithBudget } from './budget';
