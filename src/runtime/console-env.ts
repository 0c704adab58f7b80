// The console's environment variables, spread into the functions' environment schema (./env.ts), and built with
// it (on the first request). They live in runtime, beside that schema, since src/console builds on runtime (never
// the other way round). Each one is described in .env.example.
import * as z from 'zod/mini';
import { E164_PATTERN } from '../config/constants';

const sid = (prefix: string) =>
  z.string().check(z.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), { message: `must look like ${prefix} followed by 32 hex digits` }));

export function consoleEnvShape() {
  return {
    /** Signs the console's session cookies (HMAC-SHA256). `npm start` makes a local one. */
    CONSOLE_SESSION_SECRET: z.optional(
      z.string().check(z.minLength(32, { message: 'must be at least 32 characters (e.g. openssl rand -hex 32)' })),
    ),
    /** How long a console session lasts, in minutes. */
    CONSOLE_SESSION_MINUTES: z._default(z.coerce.number().check(z.int(), z.minimum(5), z.maximum(24 * 60)), 120),
    /** Agency-wide admins: phone numbers that may sign in and administer every workspace. */
    CONSOLE_ADMINS: z._default(
      z
        .pipe(
          z.string(),
          z.transform((value) =>
            value
              .split(',')
              .map((entry) => entry.trim())
              .filter(Boolean),
          ),
        )
        .check(
          z.refine((list) => list.every((entry) => E164_PATTERN.test(entry)), { message: 'must be E.164 numbers separated by commas' }),
        ),
      [],
    ),
    /** Local serving only: the one-time token of the `Console:` link `npm start` prints. */
    CONSOLE_LOGIN_TOKEN: z.optional(z.string().check(z.minLength(16))),
    /** The Twilio Verify service that texts sign-in codes. */
    VERIFY_SERVICE_SID: z.optional(sid('VA')),
    /** An API key (and its secret) that signs the web phone's access tokens. */
    API_KEY_SID: z.optional(sid('SK')),
    API_KEY_SECRET: z.optional(z.string().check(z.minLength(1))),
    /** The TwiML App whose Voice URL is /outbound-call: the web phone's outgoing calls. */
    TWIML_APP_SID: z.optional(sid('AP')),
  };
}
