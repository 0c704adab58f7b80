// The call's inputs the explain and simulate commands take as options, parsed once for both: `--press` (what the
// caller answers at each prompt, one character a prompt, `_` for nothing) and `--stir` (the call's StirVerstat).
import { UsageError } from './_run';

/** The keys a caller can press, and `_` for a prompt the caller lets pass. */
const PRESSES = /^[0-9*#_]{1,8}$/;
/** Twilio's StirVerstat values: TN-Validation-Passed-A, TN-Validation-Failed-B, No-TN-Validation, ... */
const STIR = /^[A-Za-z0-9-]{1,64}$/;

/** `--press 1_2`: one answer per prompt in turn ("1", "" for nothing, "2"). */
export function parsePresses(value: string): string[] {
  if (!PRESSES.test(value)) {
    throw new UsageError(
      `--press takes one character per prompt the caller answers, each a key (0-9, * or #) or _ for nothing, at most 8 (got "${value}")`,
    );
  }
  return [...value].map((key) => (key === '_' ? '' : key));
}

/** `--stir TN-Validation-Failed-B`: the call's SHAKEN/STIR verdict, as Twilio sends it in StirVerstat. */
export function parseStir(value: string): string {
  if (!STIR.test(value)) {
    throw new UsageError(`--stir takes a StirVerstat value such as TN-Validation-Passed-A or No-TN-Validation (got "${value}")`);
  }
  return value;
}
