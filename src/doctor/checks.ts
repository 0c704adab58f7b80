// The doctor's checks, as a table: each warns about one thing in a valid bundle that will not block it but will
// surprise someone on a call, with an id, the paths it reports and one job. Workspace checks run before the number
// checks of that workspace, each in table order. Adding a check is one entry here and one case in
// tests/doctor/doctor-cases.ts.
import { DEFAULT_TIMEOUT_SECONDS, RING_SECONDS_MIN, WEEKDAYS } from '../config/constants';
import type { ConfigIssue } from '../config/errors';
import { ringGroupRingsNothing } from '../config/ring-group';
import type { PhoneNumber, User, WeeklyHours, Workspace } from '../config/types';
import { checkWebhookUrl } from '../config/webhook-url';
import { SAY_LANGUAGES, sayLanguage } from '../config/voices';
import { isUsLongCode, phoneFacts } from '../phone/phone';
import { MAX_DIAL_LEGS, legsForUser, selectLegs } from '../routing/legs';
import { fitTiers } from '../routing/tiers';
import type { Target } from '../routing/types';
import { describeSmsCost, type SmsCost, smsCost } from '../templates/segments';
import { CARRIER_FILTERED_CODE, explainDeliveryError, UNREGISTERED_10DLC_CODE } from '../textback/delivery-errors';
import { renderTextBack } from '../textback/policy';
import { messagingServiceFor } from '../textback/sender';

/** About when a cell phone's own voicemail picks up a call that keeps ringing. */
export const CARRIER_VOICEMAIL_SECONDS = 20;
/** Below this a timeout is shorter than seed 004's recommended 10-20 s (1-4 s is seed 000's straight-to-voicemail trick). */
export const SHORT_TIMEOUT_SECONDS = 10;

/** A workspace as the checks see it, resolved once. */
export interface WorkspaceContext {
  workspace: Workspace;
  users: ReadonlyMap<string, User>;
  /** The dotted path of something in this workspace: at('numbers', 0, 'ringUsers'). */
  at(...rest: (string | number)[]): string;
}

/** A number of a workspace as the checks see it, resolved once. */
export interface NumberContext extends WorkspaceContext {
  number: PhoneNumber;
  n: number;
  assigned: User | undefined;
  /** The ring timeout that applies, and the path it is set at. */
  timeout: number;
  timeoutPath: string;
  /** Whether a voicemail greeting exists for a call to this number (the workspace's or the assigned user's). */
  greeting: boolean;
  textBack: boolean;
  /** Whether a call to this number can ring a phone (whose own voicemail may answer), by any rule. */
  ringsAPhone: boolean;
  /** The legs the ring group's users would ring, before the leg filter. */
  ringGroupLegs: Target[];
}

interface Check<Context> {
  /** The check's name; DoctorCheckId is the union of these. */
  id: string;
  /** One line for people: what it warns about. */
  summary: string;
  /** The paths it reports, `*` for an index. */
  paths: readonly string[];
  find(context: Context): ConfigIssue[];
}

export type WorkspaceCheck = Check<WorkspaceContext> & { scope: 'workspace' };
export type NumberCheck = Check<NumberContext> & { scope: 'number' };
export type DoctorCheck = WorkspaceCheck | NumberCheck;

const warn = (condition: boolean, path: string, message: () => string): ConfigIssue[] => (condition ? [{ path, message: message() }] : []);

const explained = (code: number) => `Twilio error ${code}, ${explainDeliveryError(code)!.title}`;
const hasGreeting = (owner: { voicemail: { greetingUrl: string | null; greetingText: string | null } } | undefined) =>
  Boolean(owner?.voicemail.greetingUrl || owner?.voicemail.greetingText);

function ringsAPhone(number: PhoneNumber, workspace: Workspace, users: ReadonlyMap<string, User>): boolean {
  if (number.mode === 'voicemail') return false;
  // Forward mode, the fallback phone of a user without one, or after hours.
  if (number.forwardingNumber || number.afterHours.action === 'forward') return true;
  if (workspace.companyPhone && workspace.inbound.forwardToCompanyPhone) return true;
  const rung = [number.assignedUser, ...number.ringUsers, ...workspace.contacts.map((contact) => contact.assignedUser)];
  return rung.some((id) => {
    const user = id ? users.get(id) : undefined;
    return user ? legsForUser(user, workspace, number).targets.some((target) => target.kind === 'number') : false;
  });
}

export function numberContext(context: WorkspaceContext, number: PhoneNumber, n: number): NumberContext {
  const { workspace, users, at } = context;
  const assigned = number.assignedUser ? users.get(number.assignedUser) : undefined;
  return {
    ...context,
    number,
    n,
    assigned,
    timeout: number.inboundTimeout ?? workspace.inbound.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    timeoutPath: number.inboundTimeout !== null ? at('numbers', n, 'inboundTimeout') : at('inbound', 'timeout'),
    greeting: hasGreeting(workspace) || hasGreeting(assigned),
    textBack: number.textBack.enabled ?? workspace.textBack.enabled,
    ringsAPhone: ringsAPhone(number, workspace, users),
    ringGroupLegs: number.ringUsers.flatMap((id) => {
      const user = users.get(id);
      return user ? legsForUser(user, workspace, number).targets : [];
    }),
  };
}

/** The groups of users a call to the number may ring together: its ring group, and each phone menu option that rings users. */
function ringGroupsOf({ number, n, at }: NumberContext): { users: string[]; path: string; what: string }[] {
  const groups = number.ringUsers.length ? [{ users: number.ringUsers, path: at('numbers', n, 'ringUsers'), what: 'the ring group' }] : [];
  for (const [digit, option] of Object.entries(number.menu?.options ?? {}))
    if (option.action === 'ring')
      groups.push({ users: option.users, path: at('numbers', n, 'menu', 'options', digit, 'users'), what: `menu option ${digit}` });
  return groups;
}

/** Whether a user's working hours meet the business hours on some weekday (null business hours: open all week). */
function worksInBusinessHours(hours: WeeklyHours, business: WeeklyHours | null): boolean {
  return WEEKDAYS.some((day) =>
    hours[day].some((shift) => !business || business[day].some((open) => shift.open < open.close && open.open < shift.close)),
  );
}

/**
 * An in-order or round-robin group's users that a call never reaches: its turns (after `ringFirst`) fitted into the
 * inbound timeout by routing's own fitTiers (a later tier that would get under RING_SECONDS_MIN is not rung).
 */
function unreachedTurns({ number, users, timeout }: NumberContext): { reached: number; names: string[] } | null {
  if (number.ringOrder === 'together' || number.ringUsers.length < 2) return null;
  const group = number.ringUsers.filter((id) => users.has(id));
  const first = number.ringFirst ? [{ legs: [], users: number.ringFirst.users, label: '', seconds: number.ringFirst.seconds }] : [];
  const turns = group.map((id) => ({ legs: [], users: [id], label: id, seconds: number.ringSecondsEach }));
  const names = fitTiers([...first, ...turns], timeout).notReached;
  return names.length ? { reached: group.length - names.length, names } : null;
}

/** A cell phone's own voicemail may answer before the timeout runs out. */
const cellVoicemailAnswers = (context: NumberContext) => context.ringsAPhone && context.timeout > CARRIER_VOICEMAIL_SECONDS;
/** Seed 000's trap: the phone's own voicemail answers, Twilio bridges it, and the call counts as answered. */
const voicemailTakesTextBack = (context: NumberContext) =>
  cellVoicemailAnswers(context) && context.textBack && !context.number.callConnect.enabled;

/**
 * The configured text-back templates that cost more than one segment per missed call (UCS-2 halves a segment): each
 * rendered as it is sent (renderTextBack) to a caller who is not a contact, from every number that uses it; the
 * costliest rendering is reported once, at the template's path.
 */
function costlyTextBacks({ workspace, at }: WorkspaceContext): ConfigIssue[] {
  const worst = new Map<string, { cost: SmsCost; number: string }>();
  for (const [n, number] of workspace.numbers.entries()) {
    if (!(number.textBack.enabled ?? workspace.textBack.enabled) || !number.capabilities.sms) continue;
    const path =
      number.textBack.message !== null
        ? at('numbers', n, 'textBack', 'message')
        : workspace.textBack.message !== null
          ? at('textBack', 'message')
          : null;
    if (path === null) continue;
    const cost = smsCost(renderTextBack(workspace, number, null, number.number));
    const seen = worst.get(path);
    if (!seen || cost.segments > seen.cost.segments) worst.set(path, { cost, number: number.number });
  }
  return [...worst.entries()]
    .filter(([, { cost }]) => cost.segments > 1)
    .map(([path, { cost, number }]) => ({
      path,
      message: `the text-back from ${number} to a caller who is not a contact costs ${describeSmsCost(cost)}, on every missed call (a contact's name adds its length)${cost.nonGsmCharacter ? `; without "${cost.nonGsmCharacter}" and other non-GSM characters it is sent as GSM-7` : ''}`,
    }));
}

/** The doctor's checks, in the order their warnings are listed (workspace checks, then each number's). */
/** The language most callers of a country speak, where it is not English (a country with two, such as Canada, is left out). */
const COUNTRY_LANGUAGE: Readonly<Record<string, string>> = {
  MX: 'es',
  ES: 'es',
  AR: 'es',
  CO: 'es',
  CL: 'es',
  PE: 'es',
  FR: 'fr',
  BE: 'fr',
  BR: 'pt',
  PT: 'pt',
  DE: 'de',
  AT: 'de',
  IT: 'it',
  NL: 'nl',
};

/** Spoken prompts read in a language the callers of every one of the workspace's numbers are unlikely to speak. */
function speechOfAnotherLanguage({ workspace, at }: WorkspaceContext): ConfigIssue[] {
  const countries = [...new Set(workspace.numbers.map((number) => phoneFacts(number.number)?.country ?? ''))];
  const spoken = countries.map((country) => COUNTRY_LANGUAGE[country]);
  const language = spoken[0];
  if (!language || spoken.some((other) => other !== language) || workspace.speech.language.startsWith(`${language}-`)) return [];
  const suggested =
    SAY_LANGUAGES.find((entry) => countries.some((country) => entry.language === `${language}-${country}`)) ??
    SAY_LANGUAGES.find((entry) => entry.language.startsWith(`${language}-`));
  if (!suggested) return [];
  const now = sayLanguage(workspace.speech.language)?.label ?? workspace.speech.language;
  return warn(
    true,
    at('speech'),
    () =>
      `greetings, whisper, announcement and menu are read in ${now} (${workspace.speech.voice}), but the workspace's numbers are in ${countries.join(', ')}: ` +
      `set speech to { "language": "${suggested.language}", "voice": "${suggested.voices[0]!.voice}" } (${suggested.label}) if the callers speak it`,
  );
}

export const DOCTOR_CHECKS = [
  {
    id: 'speech-language-of-numbers',
    scope: 'workspace',
    summary: "Spoken prompts read in a language other than that of every country the workspace's numbers are in.",
    paths: ['workspaces.*.speech'],
    find: speechOfAnotherLanguage,
  },
  {
    id: 'unregistered-text-back',
    scope: 'workspace',
    summary: 'US long codes that text back without a Messaging Service (A2P 10DLC): carriers block or filter the texts.',
    paths: ['workspaces.*.messagingServiceSid'],
    find: ({ workspace, at }) => {
      const numbers = workspace.numbers.filter(
        (number) =>
          (number.textBack.enabled ?? workspace.textBack.enabled) &&
          number.capabilities.sms &&
          isUsLongCode(number.number) &&
          !messagingServiceFor(workspace, number),
      );
      return warn(
        numbers.length > 0,
        at('messagingServiceSid'),
        () =>
          `text-back from ${numbers.map((number) => number.number).join(', ')} (US long code${numbers.length > 1 ? 's' : ''}) has no Messaging Service: US carriers block texts from 10DLC numbers ` +
          `not registered for A2P 10DLC (${explained(UNREGISTERED_10DLC_CODE)}) or filter them (${explained(CARRIER_FILTERED_CODE)}), while the text looks sent. ` +
          `Register a brand and campaign (Console: Messaging > Regulatory Compliance), add the numbers to the campaign's Messaging Service, and set messagingServiceSid here (or on each number)`,
      );
    },
  },
  {
    id: 'costly-text-back',
    scope: 'workspace',
    summary: 'A text-back template that costs more than one SMS segment per missed call.',
    paths: ['workspaces.*.textBack.message', 'workspaces.*.numbers.*.textBack.message'],
    find: costlyTextBacks,
  },
  {
    id: 'webhook-local-only',
    scope: 'workspace',
    summary: 'A webhook URL that works only while the functions are served locally (not https://).',
    paths: ['workspaces.*.webhooks.*.url'],
    find: ({ workspace, at }) =>
      workspace.webhooks.flatMap((webhook, h) =>
        warn(
          !checkWebhookUrl(webhook.url, true).ok,
          at('webhooks', h, 'url'),
          () => `${webhook.url} works only while the functions are served locally: deployed, call events are sent to https:// URLs only`,
        ),
      ),
  },
  {
    id: 'user-unreachable',
    scope: 'workspace',
    summary: 'A user with no phone and no app.',
    paths: ['workspaces.*.users.*'],
    find: ({ workspace, at }) =>
      workspace.users.flatMap((user, u) =>
        warn(
          !user.phone && !user.webApp && !user.mobileApp,
          at('users', u),
          () => `user "${user.id}" has no phone and no app: they can only be reached through a fallback phone`,
        ),
      ),
  },
  {
    id: 'assigned-user-rings-nothing',
    scope: 'number',
    summary: 'A number assigned to a user who can ring nothing.',
    paths: ['workspaces.*.numbers.*.assignedUser'],
    find: ({ workspace, number, n, assigned, at }) =>
      warn(
        assigned !== undefined && legsForUser(assigned, workspace, number).targets.length === 0,
        at('numbers', n, 'assignedUser'),
        () =>
          `${number.number} is assigned to "${assigned!.id}", who can ring nothing (no app, no phone, no forwarding number or company phone to fall back on)`,
      ),
  },
  {
    id: 'voicemail-takes-text-back',
    scope: 'number',
    summary: "Seed 000's trap: text-back on, call connect off, a phone ringing past the ~20 s after which its own voicemail answers.",
    paths: ['workspaces.*.numbers.*.inboundTimeout', 'workspaces.*.inbound.timeout'],
    find: (context) =>
      warn(
        voicemailTakesTextBack(context),
        context.timeoutPath,
        () =>
          `${context.number.number} rings a phone for ${context.timeout} s with text-back on and call connect off: a cell phone's own voicemail answers after about ${CARRIER_VOICEMAIL_SECONDS} s, the call then counts as answered and the caller gets no text${context.greeting ? ' (nor your greeting)' : ''}; ring for 10-20 s, or turn call connect on`,
      ),
  },
  {
    id: 'voicemail-before-greeting',
    scope: 'number',
    summary: 'A phone ringing past the ~20 s after which its own voicemail answers, while a greeting of ours waits (the trap aside).',
    paths: ['workspaces.*.numbers.*.inboundTimeout', 'workspaces.*.inbound.timeout'],
    find: (context) =>
      warn(
        cellVoicemailAnswers(context) && context.greeting && !voicemailTakesTextBack(context),
        context.timeoutPath,
        () =>
          `${context.number.number} rings for ${context.timeout} s with a voicemail greeting set: a cell phone's own voicemail usually answers after about ${CARRIER_VOICEMAIL_SECONDS} s, so callers may never reach yours`,
      ),
  },
  {
    id: 'short-timeout',
    scope: 'number',
    summary: `A ring timeout under ${SHORT_TIMEOUT_SECONDS} s.`,
    paths: ['workspaces.*.numbers.*.inboundTimeout', 'workspaces.*.inbound.timeout'],
    find: (context) =>
      warn(
        context.timeout < SHORT_TIMEOUT_SECONDS,
        context.timeoutPath,
        () =>
          `${context.number.number} rings for only ${context.timeout} s: few people reach the phone that fast (fine if you mean calls to go straight to voicemail)`,
      ),
  },
  {
    id: 'voice-off',
    scope: 'number',
    summary: 'A number that cannot take calls.',
    paths: ['workspaces.*.numbers.*.capabilities.voice'],
    find: ({ number, n, at }) =>
      warn(
        !number.capabilities.voice,
        at('numbers', n, 'capabilities', 'voice'),
        () =>
          `${number.number} cannot take calls (capabilities.voice is false): no call to it reaches these functions, so its routing never applies`,
      ),
  },
  {
    id: 'text-back-without-sms',
    scope: 'number',
    summary: 'Text-back on for a number that cannot send SMS.',
    paths: ['workspaces.*.numbers.*.capabilities.sms'],
    find: ({ number, n, at, textBack }) =>
      warn(
        textBack && !number.capabilities.sms,
        at('numbers', n, 'capabilities', 'sms'),
        () => `text-back is on, but ${number.number} cannot send SMS: its missed callers get no text`,
      ),
  },
  {
    id: 'recording-without-announcement',
    scope: 'number',
    summary: 'Calls recorded without an announcement.',
    paths: ['workspaces.*.numbers.*.recording.announcement'],
    find: ({ number, n, at }) =>
      warn(
        number.recording.enabled && !number.recording.announcement,
        at('numbers', n, 'recording', 'announcement'),
        () => `${number.number} records calls without an announcement; most places require telling the caller`,
      ),
  },
  {
    id: 'ring-group-over-leg-limit',
    scope: 'number',
    summary: `A ring group that would ring more than Twilio's ${MAX_DIAL_LEGS} legs at once.`,
    paths: ['workspaces.*.numbers.*.ringUsers'],
    find: ({ workspace, number, n, at, ringGroupLegs }) => {
      if (number.ringUsers.length === 0) return [];
      const { kept, dropped } = selectLegs(ringGroupLegs, number.number, new Set(workspace.numbers.map((other) => other.number)));
      const overLimit = dropped.filter((drop) => drop.reason === 'leg-limit').length;
      return warn(
        overLimit > 0,
        at('numbers', n, 'ringUsers'),
        () =>
          `the ring group would ring ${kept.length + overLimit} legs; Twilio rings at most ${MAX_DIAL_LEGS} at once, so ${overLimit} will not ring`,
      );
    },
  },
  {
    // With no greeting validation refuses this (every caller hung up); with one, callers only ever reach voicemail.
    id: 'ring-group-to-voicemail',
    scope: 'number',
    summary: 'A ring group that can ring nothing: every call that reaches it goes straight to voicemail.',
    paths: ['workspaces.*.numbers.*.ringUsers'],
    find: ({ workspace, users, number, n, at }) =>
      warn(
        ringGroupRingsNothing(workspace, users, number),
        at('numbers', n, 'ringUsers'),
        () =>
          `no user of the ring group (${number.ringUsers.join(', ')}) can ring anything (no app, no phone, no forwarding number or company phone to fall back on): every call to ${number.number} that reaches the ring group goes straight to voicemail`,
      ),
  },
  {
    id: 'ring-group-outside-business-hours',
    scope: 'number',
    summary: "A ring group (or a menu option's) whose users all have working hours that never meet the business hours.",
    paths: ['workspaces.*.numbers.*.ringUsers', 'workspaces.*.numbers.*.menu.options.*.users'],
    find: (context) =>
      ringGroupsOf(context).flatMap(({ users, path, what }) => {
        const people = users.map((id) => context.users.get(id));
        return warn(
          people.every(
            (user) => user?.workingHours && !worksInBusinessHours(user.workingHours, context.workspace.businessHours?.weekly ?? null),
          ),
          path,
          () =>
            `the working hours of every user of ${what} (${users.join(', ')}) are outside the business hours: in business hours ${what} never rings anyone, and those calls go on as if it were empty`,
        );
      }),
  },
  {
    id: 'ring-group-all-do-not-disturb',
    scope: 'number',
    summary: "A ring group (or a menu option's) whose users are all on do not disturb.",
    paths: ['workspaces.*.numbers.*.ringUsers', 'workspaces.*.numbers.*.menu.options.*.users'],
    find: (context) =>
      ringGroupsOf(context).flatMap(({ users, path, what }) =>
        warn(
          users.every((id) => context.users.get(id)?.doNotDisturb === true),
          path,
          () =>
            `every user of ${what} (${users.join(', ')}) is on do not disturb: it rings no one until one of them turns it off (in the console, or by texting DND off)`,
        ),
      ),
  },
  {
    id: 'turns-outlast-timeout',
    scope: 'number',
    summary: 'An in-order or round-robin ring group whose turns do not all fit in the ring: some users are never reached.',
    paths: ['workspaces.*.numbers.*.ringSecondsEach'],
    find: (context) => {
      const { number, n, at, timeout } = context;
      const unreached = unreachedTurns(context);
      if (!unreached) return [];
      const first = number.ringFirst ? `, after ${number.ringFirst.users.join(', ')} rung first for ${number.ringFirst.seconds} s` : '';
      const who =
        number.ringOrder === 'round-robin'
          ? `on every call the last ${unreached.names.length} in turn are never reached (${unreached.reached} of ${unreached.reached + unreached.names.length} ring)`
          : `${unreached.names.join(', ')} ${unreached.names.length === 1 ? 'is' : 'are'} never reached`;
      return warn(
        true,
        at('numbers', n, 'ringSecondsEach'),
        () =>
          `${number.number} rings its group one at a time for ${number.ringSecondsEach} s each, within a ring of ${timeout} s${first}: ${who}; shorten each turn or lengthen the ring`,
      );
    },
  },
  {
    id: 'ring-first-leaves-group-unrung',
    scope: 'number',
    summary: `A first tier that leaves an all-at-once ring group under ${RING_SECONDS_MIN} s of the ring: the group never rings.`,
    paths: ['workspaces.*.numbers.*.ringFirst.seconds'],
    find: ({ number, n, at, timeout, users }) => {
      const first = number.ringFirst;
      if (!first || number.ringOrder !== 'together' || number.ringUsers.length === 0) return [];
      const group = number.ringUsers.filter((id) => users.has(id));
      const { notReached } = fitTiers(
        [
          { legs: [], users: first.users, label: 'first', seconds: first.seconds },
          { legs: [], users: group, label: 'group', seconds: null },
        ],
        timeout,
      );
      return warn(
        notReached.length > 0,
        at('numbers', n, 'ringFirst', 'seconds'),
        () =>
          `${number.number} rings ${first.users.join(', ')} first for ${first.seconds} s within a ring of ${timeout} s: the ring group would be left ${Math.max(0, timeout - first.seconds)} s, under ${RING_SECONDS_MIN} s, so it never rings; shorten the first tier or lengthen the ring`,
      );
    },
  },
  {
    id: 'sticky-agent-squeezes-ring-group',
    scope: 'number',
    summary: `A sticky agent's seconds and a ring group's first tier leave the ring group under ${RING_SECONDS_MIN} s.`,
    paths: ['workspaces.*.inbound.stickyAgent.seconds'],
    find: ({ workspace, number, at, timeout }) => {
      const sticky = workspace.inbound.stickyAgent;
      if (!sticky.enabled || number.ringUsers.length === 0 || number.mode !== 'standard') return [];
      const left = Math.max(0, timeout - sticky.seconds - (number.ringFirst?.seconds ?? 0));
      const first = number.ringFirst ? ` and ${number.ringFirst.users.join(', ')} for ${number.ringFirst.seconds} s` : '';
      return warn(
        left < RING_SECONDS_MIN,
        at('inbound', 'stickyAgent', 'seconds'),
        () =>
          `a caller to ${number.number} who was helped before rings that person first for ${sticky.seconds} s${first}: the ring group would be left ${left} s of the ${timeout} s ring, under ${RING_SECONDS_MIN} s, so it never rings for them`,
      );
    },
  },
] as const satisfies readonly DoctorCheck[];

export type DoctorCheckId = (typeof DOCTOR_CHECKS)[number]['id'];
