// The one base class for errors whose message is meant for a person as it is: bad input, a configuration or
// environment problem, Twilio refusing or unreachable. The command-line tools print such a message alone (no
// stack, no "Unexpected error") and exit 1; anything else is a bug and is reported as one.
export class UserFacingError extends Error {
  override readonly name: string = 'UserFacingError';
}
