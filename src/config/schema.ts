// The configuration bundle's schema (zod): the single source of the configuration types used in src/.
// Field-level rules live on the fields; rules that span the bundle (references, duplicates, loops)
// live in `crossChecks`, so every problem is reported at once with its path.
import * as z from 'zod';
import { checkTemplate } from '../templates/template';
import { SYNC_DOCUMENT_MAX_BYTES, numberDocument, serializedSize, workspaceDocument } from './layout';

export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
export const TIMEOUT_MIN_SECONDS = 1;
export const TIMEOUT_MAX_SECONDS = 600;
export const RING_GROUP_MAX_USERS = 7;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export const e164 = z
  .string()
  .regex(E164_PATTERN, { message: 'must be an E.164 phone number such as +15551230000' });

const optionalE164 = e164.nullable().default(null);

export const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'must be lowercase letters and digits, optionally joined by single hyphens',
  })
  .max(40, { message: 'must be at most 40 characters' });

/** Twilio's <Dial timeout> takes whole seconds; 1-4 s is the seeds' "straight to voicemail" trick. */
export const timeoutSeconds = z
  .number({ message: 'must be a whole number of seconds' })
  .int({ message: 'must be a whole number of seconds' })
  .min(TIMEOUT_MIN_SECONDS, { message: `must be at least ${TIMEOUT_MIN_SECONDS} second` })
  .max(TIMEOUT_MAX_SECONDS, { message: `must be at most ${TIMEOUT_MAX_SECONDS} seconds (Twilio's limit)` });

const httpsUrl = z
  .string()
  .url({ message: 'must be an absolute URL' })
  .refine((value) => value.startsWith('https://'), { message: 'must be an https:// URL' });

/** Digits Twilio sends after the far end answers: 0-9, *, #, and w/W pauses. */
const extension = z
  .string()
  .regex(/^[0-9*#wW]{1,32}$/, { message: 'must be digits, * or #, with optional w/W pauses' })
  .nullable()
  .default(null);

const spokenText = z.string().trim().min(1, { message: 'must not be empty' }).max(1000, {
  message: 'must be at most 1000 characters',
});

/** Text with custom values, checked on save so a broken template never reaches a live call. */
const template = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(maxLength, { message: `must be at most ${maxLength} characters` })
    .superRefine((value, ctx) => {
      const problem = checkTemplate(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const greetingSchema = z
  .object({
    greetingUrl: httpsUrl.nullable().default(null),
    greetingText: spokenText.nullable().default(null),
  })
  .strict();

const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, {
  message: 'must be a 24-hour time HH:MM (00:00 to 24:00)',
});

const interval = z
  .object({ open: clock, close: clock })
  .strict()
  .refine((value) => value.open < value.close, {
    message: 'open must be earlier than close on the same day',
  });

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const isoDate = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, {
  message: 'must be a date YYYY-MM-DD',
});

export const businessHoursSchema = z
  .object({
    weekly: z
      .object(Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(interval).default([])])) as Record<
        Weekday,
        z.ZodDefault<z.ZodArray<typeof interval>>
      >)
      .strict(),
    closedDates: z.array(isoDate).default([]),
  })
  .strict();

const timeZone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as America/New_York' },
);

export const userSchema = z
  .object({
    id,
    name: z.string().trim().min(1, { message: 'must not be empty' }),
    phone: optionalE164,
    extension,
    webApp: z.boolean().default(false),
    mobileApp: z.boolean().default(false),
    voicemail: greetingSchema.default({ greetingUrl: null, greetingText: null }),
    /** In the console: `admin` edits the workspace; `user` sees their own calls and uses the web phone. */
    role: z.enum(['admin', 'user'], { message: 'must be "admin" or "user"' }).default('user'),
  })
  .strict();

export const afterHoursSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('voicemail') }).strict(),
  z.object({ action: z.literal('ring') }).strict(),
  z.object({ action: z.literal('forward'), forwardTo: e164 }).strict(),
]);

export const numberSchema = z
  .object({
    number: e164,
    name: z.string().trim().min(1, { message: 'must not be empty' }),
    status: z.enum(['active', 'inactive']).default('active'),
    mode: z.enum(['standard', 'forward', 'voicemail']).default('standard'),
    assignedUser: id.nullable().default(null),
    forwardingNumber: optionalE164,
    passCalledNumberAsCallerId: z.boolean().default(false),
    /** "Use your verified number as caller ID for outbound calls" (seed 000): shown on the apps' outbound calls. */
    verifiedCallerId: optionalE164,
    inboundTimeout: timeoutSeconds.nullable().default(null),
    outboundTimeout: timeoutSeconds.nullable().default(null),
    callConnect: z
      .object({ enabled: z.boolean().default(false), whisper: template(1000).nullable().default(null) })
      .strict()
      .default({ enabled: false, whisper: null }),
    recording: z
      .object({ enabled: z.boolean().default(false), announcement: template(1000).nullable().default(null) })
      .strict()
      .default({ enabled: false, announcement: null }),
    ringUsers: z.array(id).default([]),
    afterHours: afterHoursSchema.default({ action: 'voicemail' }),
    /** Overrides of the workspace's text-back for this number; null inherits. */
    textBack: z
      .object({ enabled: z.boolean().nullable().default(null), message: template(1600).nullable().default(null) })
      .strict()
      .default({ enabled: null, message: null }),
    capabilities: z
      .object({ voice: z.boolean().default(true), sms: z.boolean().default(true) })
      .strict()
      .default({ voice: true, sms: true }),
  })
  .strict();

export const contactSchema = z
  .object({
    phone: e164,
    firstName: z.string().trim().nullable().default(null),
    lastName: z.string().trim().nullable().default(null),
    assignedUser: id.nullable().default(null),
    optedOut: z.boolean().default(false),
  })
  .strict();

export const workspaceSchema = z
  .object({
    id,
    name: z.string().trim().min(1, { message: 'must not be empty' }),
    timeZone: timeZone.default('UTC'),
    companyPhone: optionalE164,
    businessHours: businessHoursSchema.nullable().default(null),
    inbound: z
      .object({
        ringAssignedUser: z.boolean().default(true),
        forwardToCompanyPhone: z.boolean().default(true),
        timeout: timeoutSeconds.nullable().default(null),
        /** The abuse guard: more calls than this from one caller in a minute are rejected; 0 turns it off. */
        maxCallsPerCallerPerMinute: z.number().int().min(0).max(1000).default(10),
      })
      .strict()
      .default({ ringAssignedUser: true, forwardToCompanyPhone: true, timeout: null, maxCallsPerCallerPerMinute: 10 }),
    voicemail: greetingSchema
      .extend({
        maxLengthSeconds: z.number().int().min(5).max(3600).default(120),
      })
      .strict()
      .default({ greetingUrl: null, greetingText: null, maxLengthSeconds: 120 }),
    textBack: z
      .object({
        enabled: z.boolean().default(false),
        message: template(1600).nullable().default(null),
        /** At most one text per caller in this many minutes; 0 texts after every missed call. */
        windowMinutes: z.number().int().min(0).max(7 * 24 * 60).default(20),
        /** Numbers never texted, whoever they are. */
        doNotText: z.array(e164).default([]),
      })
      .strict()
      .default({ enabled: false, message: null, windowMinutes: 20, doNotText: [] }),
    users: z.array(userSchema).default([]),
    numbers: z.array(numberSchema).default([]),
    contacts: z.array(contactSchema).default([]),
  })
  .strict();

export const bundleSchema = z
  .object({
    $schema: z.string().optional(),
    workspaces: z.array(workspaceSchema).min(1, { message: 'must list at least one workspace' }),
  })
  .strict()
  .superRefine(crossChecks);

export type Bundle = z.infer<typeof bundleSchema>;
export type BundleInput = z.input<typeof bundleSchema>;
export type Workspace = z.infer<typeof workspaceSchema>;
export type User = z.infer<typeof userSchema>;
export type PhoneNumber = z.infer<typeof numberSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type BusinessHours = z.infer<typeof businessHoursSchema>;
export type Greeting = z.infer<typeof greetingSchema>;
export type AfterHours = z.infer<typeof afterHoursSchema>;

type Issue = { path: (string | number)[]; message: string };

/** Rules that span more than one field. Each pushes an issue with the path it is about. */
function crossChecks(bundle: { workspaces: Workspace[] }, ctx: z.RefinementCtx): void {
  const issues: Issue[] = [];
  const routed = new Map<string, string>(); // E.164 -> "workspaces.N.numbers.M"
  const workspaceIds = new Map<string, number>();

  bundle.workspaces.forEach((workspace, w) => {
    const at = (...rest: (string | number)[]) => ['workspaces', w, ...rest];
    const seenWorkspace = workspaceIds.get(workspace.id);
    if (seenWorkspace !== undefined) {
      issues.push({ path: at('id'), message: `duplicate workspace id "${workspace.id}" (also workspaces.${seenWorkspace})` });
    } else {
      workspaceIds.set(workspace.id, w);
    }

    const userIds = new Map<string, number>();
    workspace.users.forEach((user, u) => {
      const seen = userIds.get(user.id);
      if (seen !== undefined) {
        issues.push({ path: at('users', u, 'id'), message: `duplicate user id "${user.id}" (also users.${seen})` });
      } else {
        userIds.set(user.id, u);
      }
    });
    const knownUser = (ref: string | null, path: (string | number)[]) => {
      if (ref !== null && !userIds.has(ref)) {
        issues.push({ path, message: `refers to user "${ref}", which workspace "${workspace.id}" does not have` });
      }
    };

    workspace.numbers.forEach((number, n) => {
      const elsewhere = routed.get(number.number);
      if (elsewhere !== undefined) {
        issues.push({
          path: at('numbers', n, 'number'),
          message: `${number.number} is already configured at ${elsewhere}; a number belongs to one workspace once`,
        });
      } else {
        routed.set(number.number, `workspaces.${w}.numbers.${n}`);
      }
      knownUser(number.assignedUser, at('numbers', n, 'assignedUser'));
      if (number.ringUsers.length > RING_GROUP_MAX_USERS) {
        issues.push({
          path: at('numbers', n, 'ringUsers'),
          message: `a ring group has at most ${RING_GROUP_MAX_USERS} users; this one has ${number.ringUsers.length}`,
        });
      }
      const ringSeen = new Set<string>();
      number.ringUsers.forEach((user, r) => {
        knownUser(user, at('numbers', n, 'ringUsers', r));
        if (ringSeen.has(user)) {
          issues.push({ path: at('numbers', n, 'ringUsers', r), message: `user "${user}" is listed twice` });
        }
        ringSeen.add(user);
      });
      if (number.mode === 'forward' && number.forwardingNumber === null) {
        issues.push({
          path: at('numbers', n, 'forwardingNumber'),
          message: 'is required when mode is "forward"',
        });
      }
    });

    const contactPhones = new Map<string, number>();
    workspace.contacts.forEach((contact, c) => {
      const seen = contactPhones.get(contact.phone);
      if (seen !== undefined) {
        issues.push({ path: at('contacts', c, 'phone'), message: `duplicate contact ${contact.phone} (also contacts.${seen})` });
      } else {
        contactPhones.set(contact.phone, c);
      }
      knownUser(contact.assignedUser, at('contacts', c, 'assignedUser'));
    });
  });

  // Destinations that are themselves routed here would call back into this deployment: a loop.
  const loopCheck = (value: string | null, path: (string | number)[]) => {
    if (value === null) return;
    const target = routed.get(value);
    if (target !== undefined) {
      issues.push({
        path,
        message: `${value} is one of this configuration's own routed numbers (${target}); calling it would loop back here`,
      });
    }
  };
  bundle.workspaces.forEach((workspace, w) => {
    loopCheck(workspace.companyPhone, ['workspaces', w, 'companyPhone']);
    workspace.users.forEach((user, u) => loopCheck(user.phone, ['workspaces', w, 'users', u, 'phone']));
    workspace.numbers.forEach((number, n) => {
      loopCheck(number.forwardingNumber, ['workspaces', w, 'numbers', n, 'forwardingNumber']);
      if (number.afterHours.action === 'forward') {
        loopCheck(number.afterHours.forwardTo, ['workspaces', w, 'numbers', n, 'afterHours', 'forwardTo']);
      }
    });
  });

  // Each workspace and number is one Sync document: it must fit Sync's 16 KiB.
  const tooLarge = (what: string, bytes: number, path: (string | number)[]) => {
    if (bytes > SYNC_DOCUMENT_MAX_BYTES) {
      issues.push({ path, message: `${what} would be a Sync document of ${bytes} bytes; Sync holds at most ${SYNC_DOCUMENT_MAX_BYTES} bytes (16 KiB) per document` });
    }
  };
  bundle.workspaces.forEach((workspace, w) => {
    tooLarge(`workspace "${workspace.id}"`, serializedSize(workspaceDocument(workspace)), ['workspaces', w]);
    workspace.numbers.forEach((number, n) =>
      tooLarge(`number ${number.number}`, serializedSize(numberDocument(workspace.id, number)), ['workspaces', w, 'numbers', n]),
    );
  });

  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}
