// One readable line per step of a call, prefixed with the function and the call it belongs to.
// Goes to the Functions log (console). Never given secrets: callers pass what they mean to show.

export interface StepLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

/** Writes nothing: a tool's own services that must not print the functions' step lines. */
const SILENT: Pick<Console, 'log' | 'warn' | 'error'> = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A step log that says nothing (the CLI tools and the bench, where the functions' lines would be noise). */
export function quietStepLog(functionName: string): StepLog {
  return createStepLog(functionName, undefined, SILENT);
}

export function createStepLog(functionName: string, callSid?: string, sink: Pick<Console, 'log' | 'warn' | 'error'> = console): StepLog {
  const prefix = `[${functionName}${callSid ? ` ${callSid}` : ''}]`;
  return {
    info: (message) => sink.log(`${prefix} ${message}`),
    warn: (message) => sink.warn(`${prefix} ${message}`),
    error: (message, error) => sink.error(`${prefix} ${message}${error === undefined ? '' : `: ${describeError(error)}`}`),
  };
}
