// A request's time budget: its public surface.
export { RequestBudget, STEP_BUDGET_MS, currentBudget, runWithBudget } from './budget';
