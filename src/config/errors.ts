// Typed errors of the configuration layer: each has a `name`, a readable message and the `cause` behind it.
import { UserFacingError } from '../errors/user-facing-error';

export interface ConfigIssue {
  /** Dotted path into the bundle, e.g. "workspaces.0.numbers.1.forwardingNumber"; "" for the whole bundle. */
  path: string;
  message: string;
}

/** The bundle is not valid: lists every problem, each with its path and reason. */
export class ConfigValidationError extends UserFacingError {
  override readonly name: string = 'ConfigValidationError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source?: string, options?: { cause?: unknown }) {
    const where = source ? ` in ${source}` : '';
    const lines = issues.map((issue) => `  - ${issue.path || '(bundle)'}: ${issue.message}`);
    super(
      `The configuration${where} is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
      options,
    );
    this.issues = issues;
  }
}

/** The bundle could not be read at all (missing file, not JSON). */
export class ConfigReadError extends UserFacingError {
  override readonly name: string = 'ConfigReadError';
}
