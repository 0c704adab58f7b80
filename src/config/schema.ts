// The configuration bundle's schema (zod/mini): the single source of the configuration types used in src/.
// Field-level rules live on the fields; rules that span the bundle (references, duplicates, loops) are the
// named checks of checks.ts, which run even when some fields are wrong (over whatever parsed), so every problem,
// field and cross-field, is reported at once with its path.
//
// Built on first use, once per process (`configSchemas`): a function that never reads configuration never builds
// it, and zod/mini's functional API keeps a function's bundle to the parts of zod these schemas use (docs/scale.md, "Fast
// functions"). The exported schemas (`bundleSchema`, `workspaceSchema`...) are z.lazy handles onto that one build.
import * as z from 'zod/mini';
import { checkTemplate } from '../templates/template';
import { builtOnce } from './built-once';
import { runChecks } from './checks';
import './zod-messages';

import {
  CALL_EVENT_TYPES,
  DEFAULT_STICKY_AGENT,
  E164_PATTERN,
  MENU_DIGIT_MESSAGE,
  MENU_DIGIT_PATTERN,
  RING_ORDERS,
  RING_SECONDS_MAX,
  RING_SECONDS_MIN,
  STIR_FAILED_ACTIONS,
  ID_MAX_LENGTH,
  ID_PATTERN,
  MESSAGING_SERVICE_SID_PATTERN,
  NOTIFICATION_EVENTS,
  TIMEOUT_MAX_SECONDS,
  TIMEOUT_MIN_SECONDS,
  WEBHOOK_SECRET_MAX_BYTES,
  WEBHOOK_SECRET_MIN_BYTES,
  WEBHOOK_SECRET_PREFIX,
  WEEKDAYS,
  type Weekday,
} from './constants';
import { checkWebhookUrl, isLoopbackHttp } from './webhook-url';
import { timeZoneProblem } from './time-zone';
import { DEFAULT_SAY_VOICE, SAY_LANGUAGE_TAGS, sayVoiceProblem } from './voices';

export {
  CALL_EVENT_TYPES,
  DEFAULT_TIMEOUT_SECONDS,
  E164_PATTERN,
  RING_GROUP_MAX_USERS,
  TIMEOUT_MAX_SECONDS,
  TIMEOUT_MIN_SECONDS,
  WEEKDAYS,
  type CallEventType,
  type Weekday,
} from './constants';

/** A new E.164 phone number schema, for a schema built apart from the configuration's (the environment's). */
export function e164Schema(): z.ZodMiniString<string> {
  return z.string().check(z.regex(E164_PATTERN, { message: 'must be an E.164 phone number such as +15551230000' }));
}

/** The problem with a Standard Webhooks secret, never quoting it (it is a secret). */
export function webhookSecretProblem(value: string): string | null {
  if (!value.startsWith(WEBHOOK_SECRET_PREFIX))
    return `must start with ${WEBHOOK_SECRET_PREFIX} followed by base64 (Standard Webhooks), e.g. ${WEBHOOK_SECRET_PREFIX} and the output of \`openssl rand -base64 32\``;
  const encoded = value.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return `must be ${WEBHOOK_SECRET_PREFIX} followed by standard base64 (A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4 characters)`;
  }
  const bytes = (encoded.length / 4) * 3 - (encoded.match(/=+$/)?.[0].length ?? 0);
  if (bytes < WEBHOOK_SECRET_MIN_BYTES || bytes > WEBHOOK_SECRET_MAX_BYTES) {
    return `must hold ${WEBHOOK_SECRET_MIN_BYTES} to ${WEBHOOK_SECRET_MAX_BYTES} random bytes after ${WEBHOOK_SECRET_PREFIX} (this one holds ${bytes}); \`openssl rand -base64 32\` makes one`;
  }
  return null;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The problem with a YYYY-MM-DD that has the right shape but may not exist (2026-02-30), or null. */
function calendarDateProblem(value: string): string | null {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0); // day 0 of the next month: the month's last day (years below 100 too)
  const days = lastDay.getUTCDate();
  return day > days ? `${value} is not a date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days` : null;
}

/** One endpoint that receives the workspace's call events, signed per Standard Webhooks. */
function buildWebhookSchema() {
  return z.strictObject({
    url: z.string().check(
      z.superRefine((value, ctx) => {
        const check = checkWebhookUrl(value);
        if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
      }),
    ),
    secret: z.string({ message: `must be a Standard Webhooks secret (${WEBHOOK_SECRET_PREFIX}...)` }).check(
      z.superRefine((value, ctx) => {
        const problem = webhookSecretProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ),
    /** The event types sent to this endpoint; all of them when left out. */
    events: z._default(
      z
        .array(z.enum(CALL_EVENT_TYPES, { message: `must be one of ${CALL_EVENT_TYPES.join(', ')}` }))
        .check(z.minLength(1, { message: `must list at least one event type (${CALL_EVENT_TYPES.join(', ')}), or be left out for all` })),
      [...CALL_EVENT_TYPES],
    ),
  });
}

/** Weekly hours: per weekday, intervals of HH:MM clock times (a workspace's business hours, a user's working hours). */
function buildWeeklySchema(clock: z.ZodMiniString<string>) {
  const interval = z.strictObject({ open: clock, close: clock }).check(
    z.refine((value) => value.open < value.close, {
      message: 'open must be earlier than close on the same day',
    }),
  );
  return z.strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, z._default(z.array(interval), [])])) as Record<
      Weekday,
      z.ZodMiniDefault<z.ZodMiniArray<typeof interval>>
    >,
  );
}

/** Business hours: weekly intervals of HH:MM clock times, and closed dates that exist. */
function buildBusinessHoursSchema(weekly: ReturnType<typeof buildWeeklySchema>) {
  const isoDate = z.string().check(
    z.regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, {
      message: 'must be a date YYYY-MM-DD',
    }),
    z.superRefine((value, ctx) => {
      const problem = calendarDateProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  );

  return z.strictObject({
    weekly,
    closedDates: z._default(z.array(isoDate), []),
  });
}

/** Runs the cross-field checks (checks.ts) over the bundle as parsed so far; each issue carries its check's id in `params`. */
function addCheckIssues(bundle: unknown, ctx: z.core.$RefinementCtx): void {
  for (const issue of runChecks(bundle)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { check: issue.check } });
  }
}

/** Builds every schema of the configuration; `configSchemas` runs it once. */
function buildSchemas() {
  /** `schema`, or null: null when left out. */
  const orNull = <T extends z.core.SomeType>(schema: T) => z._default(z.nullable(schema), null);
  const notEmpty = { message: 'must not be empty' } as const;
  const wholeSeconds = { message: 'must be a whole number of seconds' } as const;

  const e164 = e164Schema();

  const optionalE164 = orNull(e164);

  const id = z.string().check(
    z.regex(ID_PATTERN, {
      message: 'must be lowercase letters and digits, optionally joined by single hyphens',
    }),
    z.maxLength(ID_MAX_LENGTH, { message: `must be at most ${ID_MAX_LENGTH} characters` }),
  );

  /** Twilio's <Dial timeout> takes whole seconds; 1-4 s is the seeds' "straight to voicemail" trick. */
  const timeoutSeconds = z
    .number(wholeSeconds)
    .check(
      z.int(wholeSeconds),
      z.minimum(TIMEOUT_MIN_SECONDS, { message: `must be at least ${TIMEOUT_MIN_SECONDS} second` }),
      z.maximum(TIMEOUT_MAX_SECONDS, { message: `must be at most ${TIMEOUT_MAX_SECONDS} seconds (Twilio's limit)` }),
    );

  /** A whole number between `min` and `max` (zod's own messages). */
  const wholeNumber = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

  const httpsUrl = z.url({ message: 'must be an absolute URL' }).check(
    z.refine((value) => value.startsWith('https://') || isLoopbackHttp(value), {
      message: 'must be an https:// URL (plain http:// is allowed only to 127.0.0.1 or localhost, for local testing)',
    }),
  );

  /** Digits Twilio sends after the far end answers: 0-9, *, #, and w/W pauses. */
  const extension = z._default(
    z.nullable(z.string().check(z.regex(/^[0-9*#wW]{1,32}$/, { message: 'must be digits, * or #, with optional w/W pauses' }))),
    null,
  );

  /** A Messaging Service (A2P 10DLC) to send texts through; null: send from the number alone (or inherit). */
  const messagingServiceSid = z._default(
    z.nullable(
      z.string().check(
        z.regex(MESSAGING_SERVICE_SID_PATTERN, {
          message: 'must be a Messaging Service SID: MG followed by 32 hex digits (Console: Messaging > Services)',
        }),
      ),
    ),
    null,
  );

  const webhookSchema = buildWebhookSchema();

  const nonEmpty = () => z.string().check(z.trim(), z.minLength(1, notEmpty));

  const spokenText = z
    .string()
    .check(z.trim(), z.minLength(1, notEmpty), z.maxLength(1000, { message: 'must be at most 1000 characters' }));

  /** Text with custom values, checked on save so a broken template never reaches a live call. */
  const template = (maxLength: number) =>
    z.string().check(
      z.trim(),
      z.minLength(1, notEmpty),
      z.maxLength(maxLength, { message: `must be at most ${maxLength} characters` }),
      z.superRefine((value, ctx) => {
        const problem = checkTemplate(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    );
  const optionalTemplate = (maxLength: number) => orNull(template(maxLength));

  const flag = (value: boolean) => z._default(z.boolean(), value);

  const greetingSchema = z.strictObject({
    greetingUrl: orNull(httpsUrl),
    greetingText: orNull(spokenText),
  });

  const clock = z.string().check(
    z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, {
      message: 'must be a 24-hour time HH:MM (00:00 to 24:00)',
    }),
  );

  const weeklySchema = buildWeeklySchema(clock);
  const businessHoursSchema = buildBusinessHoursSchema(weeklySchema);

  const timeZone = z.string().check(
    z.superRefine((value, ctx) => {
      const problem = timeZoneProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  );

  const userSchema = z.strictObject({
    id,
    name: nonEmpty(),
    phone: optionalE164,
    extension,
    webApp: flag(false),
    mobileApp: flag(false),
    voicemail: z._default(greetingSchema, { greetingUrl: null, greetingText: null }),
    /** In the console: `admin` edits the workspace; `user` sees their own calls and uses the web phone. */
    role: z._default(z.enum(['admin', 'user'], { message: 'must be "admin" or "user"' }), 'user'),
    /** Never rung while on: the call goes on down the route (set in the console, or by texting "DND on" / "DND off"). */
    doNotDisturb: flag(false),
    /** When the user may be rung, in the workspace's time zone; null: whenever the route rings them. */
    workingHours: orNull(weeklySchema),
  });

  const afterHoursSchema = z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('voicemail') }),
    z.strictObject({ action: z.literal('ring') }),
    z.strictObject({ action: z.literal('forward'), forwardTo: e164 }),
  ]);

  const ringOrder = z._default(
    z.enum(RING_ORDERS, { message: `must be one of ${RING_ORDERS.map((order) => `"${order}"`).join(', ')}` }),
    'together',
  );
  const ringSeconds = wholeNumber(RING_SECONDS_MIN, RING_SECONDS_MAX);

  /** What one key of a phone menu does: ring users (in the number's ring order), take a voicemail, or forward. */
  const menuOptionSchema = z.discriminatedUnion('action', [
    z.strictObject({
      label: nonEmpty(),
      action: z.literal('ring'),
      users: z.array(id).check(z.minLength(1, { message: 'must list at least one user to ring' })),
      words: z._default(z.array(nonEmpty()), []),
    }),
    z.strictObject({ label: nonEmpty(), action: z.literal('voicemail'), user: orNull(id), words: z._default(z.array(nonEmpty()), []) }),
    z.strictObject({ label: nonEmpty(), action: z.literal('forward'), to: e164, words: z._default(z.array(nonEmpty()), []) }),
  ]);
  const menuDigit = z.string().check(z.regex(MENU_DIGIT_PATTERN, { message: MENU_DIGIT_MESSAGE }));

  /** A phone menu: a greeting, then options keyed by digit; no input or a wrong key repeats it once, then `default`. */
  const menuSchema = z.strictObject({
    greeting: z.union([z.strictObject({ text: spokenText }), z.strictObject({ url: httpsUrl })]),
    options: z
      // A bad key's own message ("must be a single digit from 1 to 9"), not zod's "Invalid key in record".
      .record(menuDigit, menuOptionSchema, { error: (issue) => (issue.code === 'invalid_key' ? MENU_DIGIT_MESSAGE : undefined) })
      // At most 9 options follows: keys are 1 to 9, and a digit written twice in the JSON text is refused (parse.ts).
      .check(z.refine((options) => Object.keys(options).length > 0, { message: 'must have at least one option' })),
    default: menuDigit,
    /** Callers may also say an option's label or words (<Gather input="dtmf speech">). */
    speech: flag(false),
  });

  const numberSchema = z.strictObject({
    number: e164,
    name: nonEmpty(),
    status: z._default(z.enum(['active', 'inactive']), 'active'),
    mode: z._default(z.enum(['standard', 'forward', 'voicemail']), 'standard'),
    assignedUser: orNull(id),
    forwardingNumber: optionalE164,
    passCalledNumberAsCallerId: flag(false),
    /** "Use your verified number as caller ID for outbound calls" (seed 000): shown on the apps' outbound calls. */
    verifiedCallerId: optionalE164,
    inboundTimeout: orNull(timeoutSeconds),
    outboundTimeout: orNull(timeoutSeconds),
    callConnect: z._default(z.strictObject({ enabled: flag(false), whisper: optionalTemplate(1000) }), { enabled: false, whisper: null }),
    recording: z._default(z.strictObject({ enabled: flag(false), announcement: optionalTemplate(1000) }), {
      enabled: false,
      announcement: null,
    }),
    ringUsers: z._default(z.array(id), []),
    /** How the ring group rings: all at once, one user at a time in order, or in order from the next user each call. */
    ringOrder,
    /** One user's turn, in-order and round-robin. */
    ringSecondsEach: z._default(ringSeconds, 15),
    /** Users rung first, alone, for `seconds`; then the ring group as ordered. */
    ringFirst: orNull(
      z.strictObject({
        users: z.array(id).check(z.minLength(1, { message: 'must list at least one user to ring first' })),
        seconds: ringSeconds,
      }),
    ),
    /** A phone menu the caller hears before the ring rules (after screening and business hours). */
    menu: orNull(menuSchema),
    afterHours: z._default(afterHoursSchema, { action: 'voicemail' }),
    /** Overrides of the workspace's text-back for this number; null inherits. */
    textBack: z._default(z.strictObject({ enabled: orNull(z.boolean()), message: optionalTemplate(1600) }), {
      enabled: null,
      message: null,
    }),
    /** Texts from this number go through this Messaging Service; null inherits the workspace's. */
    messagingServiceSid,
    capabilities: z._default(z.strictObject({ voice: flag(true), sms: flag(true) }), { voice: true, sms: true }),
  });

  const contactSchema = z.strictObject({
    phone: e164,
    firstName: orNull(z.string().check(z.trim())),
    lastName: orNull(z.string().check(z.trim())),
    assignedUser: orNull(id),
    optedOut: flag(false),
  });

  const workspaceSchema = z.strictObject({
    id,
    name: nonEmpty(),
    timeZone: z._default(timeZone, 'UTC'),
    /** The language and voice the workspace's own words are read in (greetings, whisper, announcement, menu): voices.ts. */
    speech: z._default(
      z
        .strictObject({
          language: z.enum(SAY_LANGUAGE_TAGS, { message: `must be one of ${SAY_LANGUAGE_TAGS.join(', ')}` }),
          voice: z.string(),
        })
        .check(
          z.superRefine((value, ctx) => {
            const problem = sayVoiceProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', path: ['voice'], message: problem });
          }),
        ),
      { ...DEFAULT_SAY_VOICE },
    ),
    companyPhone: optionalE164,
    businessHours: orNull(businessHoursSchema),
    inbound: z._default(
      z.strictObject({
        ringAssignedUser: flag(true),
        forwardToCompanyPhone: flag(true),
        timeout: orNull(timeoutSeconds),
        /** The abuse guard: more calls than this from one caller in a minute are rejected; 0 turns it off. */
        maxCallsPerCallerPerMinute: z._default(wholeNumber(0, 1000), 10),
        /** A caller answered by a user within `days` rings that user first, alone, for `seconds`. */
        stickyAgent: z._default(
          z.strictObject({ enabled: flag(false), days: z._default(wholeNumber(1, 365), 30), seconds: z._default(ringSeconds, 15) }),
          { ...DEFAULT_STICKY_AGENT },
        ),
        /** Spam protection: numbers refused outright, and what to do with failed caller ID checks and unknown callers. */
        screening: z._default(
          z.strictObject({
            blocked: z._default(z.array(e164), []),
            stirFailed: z._default(z.enum(STIR_FAILED_ACTIONS, { message: `must be one of ${STIR_FAILED_ACTIONS.join(', ')}` }), 'allow'),
            unknownCallers: z._default(z.enum(['allow', 'challenge'], { message: 'must be "allow" or "challenge"' }), 'allow'),
          }),
          { blocked: [], stirFailed: 'allow', unknownCallers: 'allow' },
        ),
      }),
      {
        ringAssignedUser: true,
        forwardToCompanyPhone: true,
        timeout: null,
        maxCallsPerCallerPerMinute: 10,
        stickyAgent: { ...DEFAULT_STICKY_AGENT },
        screening: { blocked: [], stirFailed: 'allow', unknownCallers: 'allow' },
      },
    ),
    /** Calls the web and mobile apps place (outbound-call). */
    outbound: z._default(
      z.strictObject({
        /**
         * ISO 3166 codes of the countries the apps may call, e.g. ["US", "CA"]; null: the countries of the
         * workspace's own numbers. Premium-rate and other high-cost numbers are refused whatever this says.
         */
        allowedCountries: z._default(
          z.nullable(
            z
              .array(z.string().check(z.regex(/^[A-Z]{2}$/, { message: 'must be a two-letter ISO 3166 country code such as US' })))
              .check(
                z.minLength(1, { message: "must name at least one country (or be null for the countries of the workspace's own numbers)" }),
              ),
          ),
          null,
        ),
      }),
      { allowedCountries: null },
    ),
    voicemail: z._default(z.extend(greetingSchema, { maxLengthSeconds: z._default(wholeNumber(5, 3600), 120) }), {
      greetingUrl: null,
      greetingText: null,
      maxLengthSeconds: 120,
    }),
    textBack: z._default(
      z.strictObject({
        enabled: flag(false),
        message: optionalTemplate(1600),
        /** At most one text per caller in this many minutes; 0 texts after every missed call. */
        windowMinutes: z._default(wholeNumber(0, 7 * 24 * 60), 20),
        /** Numbers never texted, whoever they are. */
        doNotText: z._default(z.array(e164), []),
        /** The first text a caller ever gets from the workspace ends with "Reply STOP to opt out" (src/textback/opt-out-line). */
        optOutLine: flag(true),
      }),
      { enabled: false, message: null, windowMinutes: 20, doNotText: [], optOutLine: true },
    ),
    /** Texts from the workspace's numbers go through this Messaging Service (A2P 10DLC); null: from the number alone. */
    messagingServiceSid,
    /**
     * Who hears of a missed call, a voicemail and a reply to the text-back, by SMS (src/notify). `recipients`:
     * `rung-users` (the contact's assigned user, else the users the call rang, else the workspace's admins) or a
     * list of user ids. `events`: which of `missed-call`, `voicemail`, `reply`. `quietHours`: no notification texts
     * from `start` to `end` (workspace time zone; across midnight when end < start). `transcription`: voicemails
     * are transcribed by Twilio and the transcript follows the voicemail notice.
     */
    notifications: z._default(
      z.strictObject({
        recipients: z._default(
          z.union([
            z.literal('rung-users'),
            z.array(id).check(z.minLength(1, { message: 'must list at least one user (or be "rung-users")' })),
          ]),
          'rung-users',
        ),
        events: z._default(z.array(z.enum(NOTIFICATION_EVENTS, { message: `must be one of ${NOTIFICATION_EVENTS.join(', ')}` })), [
          ...NOTIFICATION_EVENTS,
        ]),
        quietHours: orNull(z.strictObject({ start: clock, end: clock })),
        transcription: flag(true),
      }),
      { recipients: 'rung-users', events: [...NOTIFICATION_EVENTS], quietHours: null, transcription: true },
    ),
    /** Endpoints that receive the workspace's call events (src/events). */
    webhooks: z._default(z.array(webhookSchema).check(z.maxLength(10, { message: 'at most 10 webhooks per workspace' })), []),
    users: z._default(z.array(userSchema), []),
    numbers: z._default(z.array(numberSchema), []),
    contacts: z._default(z.array(contactSchema), []),
  });

  const bundleSchema = z
    .strictObject({
      $schema: z.optional(z.string()),
      workspaces: z.array(workspaceSchema).check(z.minLength(1, { message: 'must list at least one workspace' })),
    })
    // `when`: run the cross-field checks even when a field is wrong, so one pass reports everything.
    .check(z.superRefine(addCheckIssues, { when: () => true }));

  return {
    e164,
    id,
    greeting: greetingSchema,
    webhook: webhookSchema,
    businessHours: businessHoursSchema,
    weekly: weeklySchema,
    menu: menuSchema,
    menuOption: menuOptionSchema,
    user: userSchema,
    afterHours: afterHoursSchema,
    number: numberSchema,
    contact: contactSchema,
    workspace: workspaceSchema,
    bundle: bundleSchema,
  };
}

export type ConfigSchemas = ReturnType<typeof buildSchemas>;

/** The configuration's schemas, built on the first call and kept for the life of the process. */
export const configSchemas = builtOnce(buildSchemas);

export const bundleSchema = z.lazy(() => configSchemas().bundle);
export const workspaceSchema = z.lazy(() => configSchemas().workspace);
export const numberSchema = z.lazy(() => configSchemas().number);
export const contactSchema = z.lazy(() => configSchemas().contact);

export type Bundle = z.infer<ConfigSchemas['bundle']>;
export type BundleInput = z.input<ConfigSchemas['bundle']>;
export type Workspace = z.infer<ConfigSchemas['workspace']>;
export type User = z.infer<ConfigSchemas['user']>;
export type PhoneNumber = z.infer<ConfigSchemas['number']>;
export type Contact = z.infer<ConfigSchemas['contact']>;
export type BusinessHours = z.infer<ConfigSchemas['businessHours']>;
export type WeeklyHours = z.infer<ConfigSchemas['weekly']>;
export type PhoneMenu = z.infer<ConfigSchemas['menu']>;
export type MenuOption = z.infer<ConfigSchemas['menuOption']>;
export type Greeting = z.infer<ConfigSchemas['greeting']>;
export type AfterHours = z.infer<ConfigSchemas['afterHours']>;
export type WebhookEndpoint = z.infer<ConfigSchemas['webhook']>;
