// The console's environment variables, spread into the functions' environment schema (./env.ts). They live in
// runtime, beside that schema, since src/console builds on runtime (never the other way round). Each one is
// described in .env.example.
import * as z from 'zod';
import { E164_PATTERN } from '../config/schema';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), { message: `must look like ${prefix} followed by 32 hex digits` });

export const consoleEnvShape = {
  /** Signs the console's session cookies (HMAC-SHA256). `npm start` makes a local one. */
  CONSOLE_SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters (e.g. openssl rand -hex 32)' }).optional(),
  /** How long a console session lasts, in minutes. */
  CONSOLE_SESSION_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  /** Agency-wide admins: phone numbers that may sign in and administer every workspace. */
  CONSOLE_ADMINS: z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine((list) => list.every((entry) => E164_PATTERN.test(entry)), { message: 'must be E.164 numbers separated by commas' })
    .default([]),
  /** Local serving only: the one-time token of the `Console:` link `npm start` prints. */
  CONSOLE_LOGIN_TOKEN: z.string().min(16).optional(),
  /** The Twilio Verify service that texts sign-in codes. */
  VERIFY_SERVICE_SID: sid('VA').optional(),
  /** An API key (and its secret) that signs the web phone's access tokens. */
  API_KEY_SID: sid('SK').optional(),
  API_KEY_SECRET: z.string().min(1).optional(),
  /** The TwiML App whose Voice URL is /outbound-call: the web phone's outgoing calls. */
  TWIML_APP_SID: sid('AP').optional(),
};
