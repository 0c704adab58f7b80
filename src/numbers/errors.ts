// Typed errors of the numbers module: each is a UserFacingError (src/cli/_run.ts prints its message as it is,
// without a stack), a message that says what to do, and the `cause` behind it where there is one.
import { UserFacingError } from '../errors/user-facing-error';

/** Input the numbers commands cannot use: a number that is not E.164, a bad country, area code or pattern. */
export class NumberInputError extends UserFacingError {
  override readonly name: string = 'NumberInputError';
}

/** A workspace that does not exist, or a number that belongs to another workspace (or to none). */
export class WorkspaceScopeError extends UserFacingError {
  override readonly name: string = 'WorkspaceScopeError';
}

/** The Twilio account does not own the number (buy it first, or check the account in the environment). */
export class NumberNotInAccountError extends UserFacingError {
  override readonly name: string = 'NumberNotInAccountError';
  constructor(
    readonly number: string,
    message: string,
  ) {
    super(message);
  }
}

/** `release` was asked for a number the configuration still refers to. */
export class NumberReferencedError extends UserFacingError {
  override readonly name: string = 'NumberReferencedError';
  constructor(
    readonly number: string,
    readonly references: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** A destructive command was not confirmed (declined, or no terminal to ask on and no --yes). */
export class ConfirmationError extends UserFacingError {
  override readonly name: string = 'ConfirmationError';
}

/** Twilio answered the request with an error (a number no longer available, a bad parameter, no permission). */
export { TwilioRequestError } from '../twilio/client';

/** One side of a two-sided change was made and the other failed: says which, and how to finish. */
export class PartialChangeError extends UserFacingError {
  override readonly name: string = 'PartialChangeError';
}
