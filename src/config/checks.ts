// The configuration's cross-field checks, as a table: each check has an id, the path it reports and one job
// (a reference to a user, a duplicate, a destination that loops back here, a Sync document too large...). The bundle
// schema runs them all over whatever parsed, even next to field errors, so every problem is reported at once with
// its path. Adding a check is one entry in BUNDLE_CHECKS and one case in tests/config/check-cases.ts.
import { RING_GROUP_MAX_USERS } from './constants';
import { SYNC_DOCUMENT_MAX_BYTES, numberDocument, serializedSize, workspaceDocument } from './layout';
import { type RingableUser, ringGroupRingsNothing } from './ring-group';
import type { PhoneNumber, Workspace } from './types';

export type IssuePath = (string | number)[];

/** One problem a check found: the path it is about and what is wrong there. */
export interface CheckIssue {
  path: IssuePath;
  message: string;
}

// The checks read the bundle as parsed so far: with a field error somewhere it may hold any shape, so every read
// goes through these guards (a wrong part is skipped here; its field error is reported anyway).
type Loose = Record<string, unknown>;
const asObject = (value: unknown): Loose | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : null);
const objects = (value: unknown): (Loose | null)[] => (Array.isArray(value) ? value.map(asObject) : []);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const texts = (value: unknown): (string | null)[] => (Array.isArray(value) ? value.map(text) : []);

/** Each key at the index where it first appears (null keys left out). */
function firstIndexes(keys: readonly (string | null)[]): Map<string, number> {
  const first = new Map<string, number>();
  keys.forEach((key, index) => {
    if (key !== null && !first.has(key)) first.set(key, index);
  });
  return first;
}

/** The keys listed again after their first appearance: where, and where first. */
function repeats(keys: readonly (string | null)[]): { index: number; key: string; first: number }[] {
  const first = firstIndexes(keys);
  return keys.flatMap((key, index) => (key !== null && first.get(key) !== index ? [{ index, key, first: first.get(key)! }] : []));
}

/** One workspace as the checks see it, resolved once for all of them. */
export interface CheckedWorkspace {
  /** Its index in `workspaces`. */
  index: number;
  /** The workspace as parsed so far. */
  fields: Loose;
  id: string | null;
  /** The path of something in this workspace: at('numbers', 0, 'ringUsers'). */
  at(...rest: (string | number)[]): IssuePath;
  users: (Loose | null)[];
  /** Each user id, at the index of its first listing. */
  userIds: ReadonlyMap<string, number>;
  numbers: (Loose | null)[];
}

/** The bundle as the checks see it. */
export interface CheckedBundle {
  /** The workspaces that are objects (each keeps its index). */
  workspaces: CheckedWorkspace[];
  /** Each routed number (E.164) at its first listing, "workspaces.0.numbers.1". */
  routed: ReadonlyMap<string, string>;
}

export function checkedBundle(bundle: unknown): CheckedBundle {
  const workspaces = objects(asObject(bundle)?.workspaces).flatMap((fields, index) => {
    if (!fields) return [];
    const users = objects(fields.users);
    return [
      {
        index,
        fields,
        id: text(fields.id),
        at: (...rest: (string | number)[]) => ['workspaces', index, ...rest],
        users,
        userIds: firstIndexes(users.map((user) => text(user?.id))),
        numbers: objects(fields.numbers),
      },
    ];
  });
  const listings = workspaces.flatMap((workspace) =>
    workspace.numbers.map((number, n) => ({ e164: text(number?.number), path: `workspaces.${workspace.index}.numbers.${n}` })),
  );
  const first = firstIndexes(listings.map((listing) => listing.e164));
  return { workspaces, routed: new Map([...first].map(([e164, index]) => [e164, listings[index]!.path])) };
}

export interface BundleCheck {
  /** The check's name; BundleCheckId is the union of these. */
  id: string;
  /** One line for people: what it refuses and why. */
  summary: string;
  /** The path it reports, `*` for an index: "workspaces.*.numbers.*.ringUsers". */
  path: string;
  find(bundle: CheckedBundle): CheckIssue[];
}

const eachWorkspace =
  (find: (workspace: CheckedWorkspace) => CheckIssue[]) =>
  (bundle: CheckedBundle): CheckIssue[] =>
    bundle.workspaces.flatMap(find);

/** A check of each number (that is an object) of each workspace. */
const eachNumber = (find: (number: Loose, n: number, workspace: CheckedWorkspace) => CheckIssue[]) =>
  eachWorkspace((workspace) => workspace.numbers.flatMap((number, n) => (number ? find(number, n, workspace) : [])));

/** Each item of one list of each workspace that is an object, with its index. */
const itemsOf = (workspace: CheckedWorkspace, list: string) =>
  objects(workspace.fields[list]).flatMap((item, index) => (item ? [{ item, index }] : []));

/** A check that the users a workspace's settings name exist in it. */
function userReference<Id extends string>(
  id: Id,
  summary: string,
  path: string,
  referencesOf: (workspace: CheckedWorkspace) => { path: IssuePath; user: string | null }[],
): BundleCheck & { id: Id } {
  return {
    id,
    summary,
    path,
    find: eachWorkspace((workspace) =>
      referencesOf(workspace)
        .filter((reference) => reference.user !== null && !workspace.userIds.has(reference.user))
        .map((reference) => ({
          path: reference.path,
          message: `refers to user "${reference.user}", which workspace "${workspace.id ?? workspace.index}" does not have`,
        })),
    ),
  };
}

/** A check that destinations a call is sent to are not themselves routed here (calling one would call back in). */
function loopBack<Id extends string>(
  id: Id,
  summary: string,
  path: string,
  destinationsOf: (workspace: CheckedWorkspace) => { path: IssuePath; destination: unknown }[],
): BundleCheck & { id: Id } {
  return {
    id,
    summary,
    path,
    find: (bundle) =>
      bundle.workspaces.flatMap((workspace) =>
        destinationsOf(workspace).flatMap(({ path, destination }) => {
          const target = text(destination) === null ? undefined : bundle.routed.get(destination as string);
          return target === undefined
            ? []
            : [
                {
                  path,
                  message: `${destination} is one of this configuration's own routed numbers (${target}); calling it would loop back here`,
                },
              ];
        }),
      ),
  };
}

const tooLarge = (what: string, bytes: number, path: IssuePath): CheckIssue[] =>
  bytes > SYNC_DOCUMENT_MAX_BYTES
    ? [
        {
          path,
          message: `${what} would be a Sync document of ${bytes} bytes; Sync holds at most ${SYNC_DOCUMENT_MAX_BYTES} bytes (16 KiB) per document`,
        },
      ]
    : [];

const hasGreeting = (voicemail: unknown): boolean => {
  const greeting = asObject(voicemail);
  return Boolean(greeting && (text(greeting.greetingUrl) || text(greeting.greetingText)));
};

/**
 * A number's ring group that hangs up on its callers (the message, else null): it rings nothing (ring-group.ts) and no
 * voicemail greeting exists, so routing's last rule hangs up. Skipped while the parts it reads are not well-formed
 * (their own issues are reported).
 */
function ringGroupHangsUp(workspace: CheckedWorkspace, number: Loose): string | null {
  const inbound = asObject(workspace.fields.inbound);
  const listed = workspace.users.filter((user): user is Loose => user !== null && text(user.id) !== null);
  const users = new Map(listed.map((user) => [text(user.id)!, user]));
  if (!inbound || [...users.values()].some((user) => user.voicemail === undefined)) return null;
  const ringable = new Map<string, RingableUser>(
    [...users].map(([id, user]) => [id, { phone: text(user.phone), webApp: user.webApp === true, mobileApp: user.mobileApp === true }]),
  );
  const ringUsers = texts(number.ringUsers);
  const assigned = text(number.assignedUser);
  const ringsNothing = ringGroupRingsNothing(
    {
      companyPhone: text(workspace.fields.companyPhone),
      inbound: { forwardToCompanyPhone: inbound.forwardToCompanyPhone !== false, ringAssignedUser: inbound.ringAssignedUser !== false },
    },
    ringable,
    {
      ringUsers,
      mode: (number.mode ?? 'standard') === 'standard' ? 'standard' : 'other',
      status: number.status === 'inactive' ? 'inactive' : 'active',
      assignedUser: assigned,
      forwardingNumber: text(number.forwardingNumber),
    },
  );
  if (!ringsNothing) return null;
  if (hasGreeting(workspace.fields.voicemail) || (assigned !== null && hasGreeting(users.get(assigned)?.voicemail))) return null;
  return `no user of this ring group (${ringUsers.join(', ')}) can ring anything (no app, no phone, no forwarding number or company phone to fall back on) and there is no voicemail greeting: every call to ${text(number.number) ?? 'this number'} that reaches the ring group would be hung up; give a user a phone or an app, set a forwarding number, or a greeting (voicemail.greetingText)`;
}

/** The cross-field checks, in the order their problems are listed. */
export const BUNDLE_CHECKS = [
  {
    id: 'duplicate-workspace-id',
    summary: 'Two workspaces with one id.',
    path: 'workspaces.*.id',
    find: (bundle) =>
      repeats(bundle.workspaces.map((workspace) => workspace.id)).map(({ index, key, first }) => ({
        path: bundle.workspaces[index]!.at('id'),
        message: `duplicate workspace id "${key}" (also workspaces.${bundle.workspaces[first]!.index})`,
      })),
  },
  {
    id: 'duplicate-user-id',
    summary: 'Two users of one workspace with one id.',
    path: 'workspaces.*.users.*.id',
    find: eachWorkspace((workspace) =>
      repeats(workspace.users.map((user) => text(user?.id))).map(({ index, key, first }) => ({
        path: workspace.at('users', index, 'id'),
        message: `duplicate user id "${key}" (also users.${first})`,
      })),
    ),
  },
  userReference(
    'unknown-recipient',
    'A notification recipient that is not a user of the workspace.',
    'workspaces.*.notifications.recipients.*',
    (workspace) => {
      const recipients = asObject(workspace.fields.notifications)?.recipients;
      return Array.isArray(recipients)
        ? texts(recipients).map((user, r) => ({ path: workspace.at('notifications', 'recipients', r), user }))
        : [];
    },
  ),
  {
    id: 'recipients-without-phone',
    summary: 'Listed notification recipients none of whom has a phone: every notice would be texted to no one.',
    path: 'workspaces.*.notifications.recipients',
    find: eachWorkspace((workspace) => {
      const notifications = asObject(workspace.fields.notifications);
      if (!notifications || !Array.isArray(notifications.recipients)) return [];
      const recipients: unknown[] = notifications.recipients;
      const listed = workspace.users.filter(
        (user): user is Loose => user !== null && text(user.id) !== null && recipients.includes(user.id),
      );
      const events = Array.isArray(notifications.events) ? notifications.events : [];
      if (listed.length === 0 || events.length === 0 || listed.some((user) => text(user.phone))) return [];
      return [
        {
          path: workspace.at('notifications', 'recipients'),
          message: `no listed recipient has a phone (${listed.map((user) => user.id).join(', ')}): every ${events.join(', ')} notice would be texted to no one; give one of them a phone, or use "rung-users"`,
        },
      ];
    }),
  },
  {
    id: 'number-in-two-places',
    summary: 'A phone number listed twice, in one workspace or two: a number belongs to one workspace once.',
    path: 'workspaces.*.numbers.*.number',
    find: (bundle) =>
      eachNumber((number, n, workspace) => {
        const e164 = text(number.number);
        const first = e164 === null ? undefined : bundle.routed.get(e164);
        const here = `workspaces.${workspace.index}.numbers.${n}`;
        return first === undefined || first === here
          ? []
          : [
              {
                path: workspace.at('numbers', n, 'number'),
                message: `${e164} is already configured at ${first}; a number belongs to one workspace once`,
              },
            ];
      })(bundle),
  },
  userReference(
    'unknown-assigned-user',
    "A number's assigned user that is not a user of the workspace.",
    'workspaces.*.numbers.*.assignedUser',
    (workspace) =>
      workspace.numbers.flatMap((number, n) =>
        number ? [{ path: workspace.at('numbers', n, 'assignedUser'), user: text(number.assignedUser) }] : [],
      ),
  ),
  {
    id: 'ring-group-too-large',
    summary: `A ring group of more than ${RING_GROUP_MAX_USERS} users.`,
    path: 'workspaces.*.numbers.*.ringUsers',
    find: eachNumber((number, n, workspace) => {
      const size = texts(number.ringUsers).length;
      return size > RING_GROUP_MAX_USERS
        ? [
            {
              path: workspace.at('numbers', n, 'ringUsers'),
              message: `a ring group has at most ${RING_GROUP_MAX_USERS} users; this one has ${size}`,
            },
          ]
        : [];
    }),
  },
  userReference(
    'unknown-ring-user',
    'A ring group member that is not a user of the workspace.',
    'workspaces.*.numbers.*.ringUsers.*',
    (workspace) =>
      workspace.numbers.flatMap((number, n) =>
        number ? texts(number.ringUsers).map((user, r) => ({ path: workspace.at('numbers', n, 'ringUsers', r), user })) : [],
      ),
  ),
  {
    id: 'ring-user-listed-twice',
    summary: 'A user listed twice in one ring group.',
    path: 'workspaces.*.numbers.*.ringUsers.*',
    find: eachNumber((number, n, workspace) =>
      repeats(texts(number.ringUsers)).map(({ index, key }) => ({
        path: workspace.at('numbers', n, 'ringUsers', index),
        message: `user "${key}" is listed twice`,
      })),
    ),
  },
  {
    id: 'ring-group-hangs-up',
    summary: 'A ring group that rings nothing while no voicemail greeting exists: every caller it reaches is hung up.',
    path: 'workspaces.*.numbers.*.ringUsers',
    find: eachNumber((number, n, workspace) => {
      const message = ringGroupHangsUp(workspace, number);
      return message ? [{ path: workspace.at('numbers', n, 'ringUsers'), message }] : [];
    }),
  },
  {
    id: 'forward-mode-without-number',
    summary: 'A number in forward mode with no forwarding number.',
    path: 'workspaces.*.numbers.*.forwardingNumber',
    find: eachNumber((number, n, workspace) =>
      number.mode === 'forward' && (number.forwardingNumber === null || number.forwardingNumber === undefined)
        ? [{ path: workspace.at('numbers', n, 'forwardingNumber'), message: 'is required when mode is "forward"' }]
        : [],
    ),
  },
  {
    id: 'duplicate-webhook-url',
    summary: 'Two webhooks of one workspace with one URL.',
    path: 'workspaces.*.webhooks.*.url',
    find: eachWorkspace((workspace) => {
      const webhooks = itemsOf(workspace, 'webhooks');
      return repeats(webhooks.map(({ item }) => text(item.url))).map(({ index, first }) => ({
        path: workspace.at('webhooks', webhooks[index]!.index, 'url'),
        message: `the same URL as webhooks.${webhooks[first]!.index}: list it once, with every event type it takes`,
      }));
    }),
  },
  {
    id: 'webhook-event-listed-twice',
    summary: 'An event type listed twice for one webhook.',
    path: 'workspaces.*.webhooks.*.events.*',
    find: eachWorkspace((workspace) =>
      itemsOf(workspace, 'webhooks').flatMap(({ item, index: h }) =>
        repeats(texts(item.events)).map(({ index, key }) => ({
          path: workspace.at('webhooks', h, 'events', index),
          message: `"${key}" is listed twice`,
        })),
      ),
    ),
  },
  {
    id: 'duplicate-contact',
    summary: 'Two contacts of one workspace with one phone.',
    path: 'workspaces.*.contacts.*.phone',
    find: eachWorkspace((workspace) => {
      const contacts = itemsOf(workspace, 'contacts');
      return repeats(contacts.map(({ item }) => text(item.phone))).map(({ index, key, first }) => ({
        path: workspace.at('contacts', contacts[index]!.index, 'phone'),
        message: `duplicate contact ${key} (also contacts.${contacts[first]!.index})`,
      }));
    }),
  },
  userReference(
    'unknown-contact-owner',
    "A contact's assigned user that is not a user of the workspace.",
    'workspaces.*.contacts.*.assignedUser',
    (workspace) =>
      itemsOf(workspace, 'contacts').map(({ item, index }) => ({
        path: workspace.at('contacts', index, 'assignedUser'),
        user: text(item.assignedUser),
      })),
  ),
  loopBack('company-phone-loops', 'A company phone that is a routed number.', 'workspaces.*.companyPhone', (workspace) => [
    { path: workspace.at('companyPhone'), destination: workspace.fields.companyPhone },
  ]),
  loopBack('user-phone-loops', "A user's phone that is a routed number.", 'workspaces.*.users.*.phone', (workspace) =>
    workspace.users.map((user, u) => ({ path: workspace.at('users', u, 'phone'), destination: user?.phone })),
  ),
  loopBack(
    'forwarding-number-loops',
    "A number's forwarding number that is a routed number.",
    'workspaces.*.numbers.*.forwardingNumber',
    (workspace) =>
      workspace.numbers.map((number, n) => ({
        path: workspace.at('numbers', n, 'forwardingNumber'),
        destination: number?.forwardingNumber,
      })),
  ),
  loopBack(
    'after-hours-forward-loops',
    'An after-hours forward to a routed number.',
    'workspaces.*.numbers.*.afterHours.forwardTo',
    (workspace) =>
      workspace.numbers.flatMap((number, n) => {
        const afterHours = asObject(number?.afterHours);
        return afterHours?.action === 'forward'
          ? [{ path: workspace.at('numbers', n, 'afterHours', 'forwardTo'), destination: afterHours.forwardTo }]
          : [];
      }),
  ),
  {
    id: 'workspace-document-too-large',
    summary: "A workspace whose Sync document would exceed Sync's 16 KiB.",
    path: 'workspaces.*',
    find: eachWorkspace((workspace) => {
      const shaped = {
        ...workspace.fields,
        numbers: workspace.numbers.filter((number): number is Loose => number !== null),
      } as unknown as Workspace;
      return tooLarge(`workspace "${workspace.id ?? workspace.index}"`, serializedSize(workspaceDocument(shaped)), workspace.at());
    }),
  },
  {
    id: 'number-document-too-large',
    summary: "A number whose Sync document would exceed Sync's 16 KiB.",
    path: 'workspaces.*.numbers.*',
    find: eachNumber((number, n, workspace) =>
      tooLarge(
        `number ${text(number.number) ?? n}`,
        serializedSize(numberDocument(workspace.id ?? '', number as unknown as PhoneNumber)),
        workspace.at('numbers', n),
      ),
    ),
  },
] as const satisfies readonly BundleCheck[];

export type BundleCheckId = (typeof BUNDLE_CHECKS)[number]['id'];

/** Every issue the checks find in a bundle as parsed so far (all of them, or the ones given), each with its check's id. */
export function runChecks(bundle: unknown, checks: readonly BundleCheck[] = BUNDLE_CHECKS): (CheckIssue & { check: string })[] {
  const checked = checkedBundle(bundle);
  return checks.flatMap((check) => check.find(checked).map((issue) => ({ ...issue, check: check.id })));
}
