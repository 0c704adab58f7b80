// Typed errors of the numbers module: each has a `name` the CLI recognises (src/cli/_run.ts prints its message
// as it is, without a stack), a message that says what to do, and the `cause` behind it where there is one.

/** Input the numbers commands cannot use: a number that is not E.164, a bad country, area code or pattern. */
export class NumberInputError extends Error {
  override readonly name = 'NumberInputError';
}

/** A workspace that does not exist, or a number that belongs to another workspace (or to none). */
export class WorkspaceScopeError extends Error {
  override readonly name = 'WorkspaceScopeError';
}

/** The Twilio account does not own the number (buy it first, or check the account in the environment). */
export class NumberNotInAccountError extends Error {
  override readonly name = 'NumberNotInAccountError';
  constructor(
    readonly number: string,
    message: string,
  ) {
    super(message);
  }
}

/** `release` was asked for a number the configuration still refers to. */
export class NumberReferencedError extends Error {
  override readonly name = 'NumberReferencedError';
  constructor(
    readonly number: string,
    readonly references: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** A destructive command was not confirmed (declined, or no terminal to ask on and no --yes). */
export class ConfirmationError extends Error {
  override readonly name = 'ConfirmationError';
}

/** Twilio answered the request with an error (a number no longer available, a bad parameter, no permission). */
export { TwilioRequestError } from '../twilio/client';

/** One side of a two-sided change was made and the other failed: says which, and how to finish. */
export class PartialChangeError extends Error {
  override readonly name = 'PartialChangeError';
}

/** Names of the errors above, for the CLI's set of errors whose message is meant for the user. */
export const NUMBERS_USER_ERRORS = ['NumberInputError', 'WorkspaceScopeError', 'NumberNotInAccountError', 'NumberReferencedError', 'ConfirmationError', 'TwilioRequestError', 'PartialChangeError'] as const;
