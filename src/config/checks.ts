// The configuration's cross-field checks, as a table: each check has an id, the path it reports and one job
// (a reference to a user, a duplicate, a destination that loops back here, a Sync document too large...). The bundle
// schema runs them all over whatever parsed, even next to field errors, so every problem is reported at once with
// its path. Adding a check is one entry in BUNDLE_CHECKS and one case in tests/config/check-cases.ts.
// Every function that reads configuration carries this table: it is written to stay small once minified.
import { DEFAULT_TIMEOUT_SECONDS, MENU_DIGIT_PATTERN, RING_GROUP_MAX_USERS } from './constants';
import { SYNC_DOCUMENT_MAX_BYTES, numberDocument, serializedSize, storedWorkspaceDocument, workspaceDocument } from './layout';
import { ringGroupRingsNothing } from './ring-group';
import type { PhoneNumber, Workspace } from './types';

export type IssuePath = (string | number)[];

/** One problem a check found: the path it is about and what is wrong there. */
export interface CheckIssue {
  path: IssuePath;
  message: string;
}

/** What a check's `find` says of one problem: the indices that fill its path's `*`s, and what is wrong there. */
export type Found = [at: number[], message: string];

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

/** The keys listed again after their first appearance: [where, where first]. */
function repeats(keys: readonly (string | null)[]): [index: number, first: number][] {
  const first = firstIndexes(keys);
  return keys.flatMap((key, index) => (key !== null && first.get(key) !== index ? [[index, first.get(key)!]] : []));
}

/** One workspace (an object) as the checks see it, resolved once for all of them. */
export interface CheckedWorkspace {
  /** Its index in `workspaces`. */
  index: number;
  /** The workspace as parsed so far. */
  fields: Loose;
  id: string | null;
  users: (Loose | null)[];
  /** Each user id, at the index of its first listing. */
  userIds: ReadonlyMap<string, number>;
  numbers: (Loose | null)[];
}

/** The bundle as the checks see it. */
export interface CheckedBundle {
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
        users,
        userIds: firstIndexes(users.map((user) => text(user?.id))),
        numbers: objects(fields.numbers),
      },
    ];
  });
  const listings = workspaces.flatMap((workspace) =>
    workspace.numbers.map((number) => text(number?.number)).map((e164, n) => [e164, `workspaces.${workspace.index}.numbers.${n}`] as const),
  );
  const routed = new Map([...firstIndexes(listings.map(([e164]) => e164))].map(([e164, first]) => [e164, listings[first]![1]]));
  return { workspaces, routed };
}

export interface BundleCheck {
  /** The check's name; BundleCheckId is the union of these. */
  id: string;
  /**
   * The path it reports within its workspace, `*` for an index filled from `at` ("" for the workspace itself):
   * "numbers.*.ringUsers" is reported as workspaces.0.numbers.3.ringUsers.
   */
  path: string;
  /** The problems in one workspace; `bundle` for what spans workspaces. */
  find(workspace: CheckedWorkspace, bundle: CheckedBundle): Found[];
}

type Find = BundleCheck['find'];

/** A check of each number (that is an object) of the workspace. */
const eachNumber =
  (find: (number: Loose, n: number, workspace: CheckedWorkspace, bundle: CheckedBundle) => Found[]): Find =>
  (workspace, bundle) =>
    workspace.numbers.flatMap((number, n) => (number ? find(number, n, workspace, bundle) : []));

/** A check that the users the workspace's settings name exist in it; `referencesOf` gives each name and its `at`. */
const userReference =
  (referencesOf: (workspace: CheckedWorkspace) => [at: number[], user: string | null][]): Find =>
  (workspace) =>
    referencesOf(workspace).flatMap(([at, user]) =>
      user !== null && !workspace.userIds.has(user)
        ? [[at, `refers to user "${user}", which workspace "${workspace.id ?? workspace.index}" does not have`]]
        : [],
    );

/** A check that the destinations a call is sent to are not themselves routed here (calling one would call back in). */
const loopBack =
  (destinationsOf: (workspace: CheckedWorkspace) => [at: number[], destination: unknown][]): Find =>
  (workspace, bundle) =>
    destinationsOf(workspace).flatMap(([at, destination]) => {
      const target = typeof destination === 'string' ? bundle.routed.get(destination) : undefined;
      return target === undefined
        ? []
        : [[at, `${destination} is one of this configuration's own routed numbers (${target}); calling it would loop back here`]];
    });

/** A Sync document over Sync's 16 KiB. */
const tooLarge = (what: string, bytes: number, at: number[]): Found[] =>
  bytes > SYNC_DOCUMENT_MAX_BYTES
    ? [
        [
          at,
          `${what} would be a Sync document of ${bytes} bytes; Sync holds at most ${SYNC_DOCUMENT_MAX_BYTES} bytes (16 KiB) per document`,
        ],
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
  const users = new Map(workspace.users.flatMap((user) => (user && text(user.id) !== null ? [[user.id as string, user]] : [])));
  if (!asObject(workspace.fields.inbound) || [...users.values()].some((user) => user.voicemail === undefined)) return null;
  if (!ringGroupRingsNothing(workspace.fields, users, number)) return null;
  const assigned = text(number.assignedUser);
  if (hasGreeting(workspace.fields.voicemail) || (assigned !== null && hasGreeting(users.get(assigned)?.voicemail))) return null;
  return `no user of this ring group (${texts(number.ringUsers).join(', ')}) can ring anything (no app, no phone, no forwarding number or company phone to fall back on) and there is no voicemail greeting: every call to ${text(number.number) ?? 'this number'} that reaches the ring group would be hung up; give a user a phone or an app, set a forwarding number, or a greeting (voicemail.greetingText)`;
}

/** A number's phone menu options that are objects, with their digit as a number (the `*` of a path): [digit, option]. */
function menuOptions(number: Loose): [digit: number, option: Loose][] {
  const options = asObject(asObject(number.menu)?.options);
  return options
    ? Object.entries(options).flatMap(([digit, option]) => {
        const fields = asObject(option);
        return fields && MENU_DIGIT_PATTERN.test(digit) ? [[Number(digit), fields] as [number, Loose]] : [];
      })
    : [];
}

/** How long the whole ring of a call to `number` may last, and where that is set (the number's, the workspace's, the default). */
function inboundTimeoutOf(workspace: Loose, number: Loose): { seconds: number; where: string } {
  if (typeof number.inboundTimeout === 'number') return { seconds: number.inboundTimeout, where: 'its inboundTimeout' };
  const timeout = asObject(workspace.inbound)?.timeout;
  return typeof timeout === 'number'
    ? { seconds: timeout, where: "the workspace's inbound.timeout" }
    : { seconds: DEFAULT_TIMEOUT_SECONDS, where: 'the default inbound timeout' };
}

/** The cross-field checks, in the order their problems are listed; each entry's comment says what it refuses. */
export const BUNDLE_CHECKS = [
  // Two workspaces with one id.
  {
    id: 'duplicate-workspace-id',
    path: 'id',
    find: (workspace, bundle) => {
      const first = workspace.id === null ? workspace.index : bundle.workspaces.find((other) => other.id === workspace.id)!.index;
      return first === workspace.index ? [] : [[[], `duplicate workspace id "${workspace.id}" (also workspaces.${first})`]];
    },
  },
  // Two users of one workspace with one id.
  {
    id: 'duplicate-user-id',
    path: 'users.*.id',
    find: ({ users }) => {
      const ids = users.map((user) => text(user?.id));
      return repeats(ids).map(([u, first]) => [[u], `duplicate user id "${ids[u]}" (also users.${first})`]);
    },
  },
  // A notification recipient who is not a user of the workspace.
  {
    id: 'unknown-recipient',
    path: 'notifications.recipients.*',
    find: userReference(({ fields }) => {
      const recipients = asObject(fields.notifications)?.recipients;
      return Array.isArray(recipients) ? texts(recipients).map((user, r) => [[r], user]) : [];
    }),
  },
  // Listed notification recipients none of whom has a phone: every notice would be texted to no one.
  {
    id: 'recipients-without-phone',
    path: 'notifications.recipients',
    find: ({ fields, users }) => {
      const notifications = asObject(fields.notifications);
      const recipients = notifications?.recipients;
      if (!Array.isArray(recipients)) return [];
      const listed = users.filter((user): user is Loose => user !== null && text(user.id) !== null && recipients.includes(user.id));
      const events = Array.isArray(notifications!.events) ? notifications!.events : [];
      return listed.length === 0 || events.length === 0 || listed.some((user) => text(user.phone))
        ? []
        : [
            [
              [],
              `no listed recipient has a phone (${listed.map((user) => user.id).join(', ')}): every ${events.join(', ')} notice would be texted to no one; give one of them a phone, or use "rung-users"`,
            ],
          ];
    },
  },
  // A phone number listed twice, in one workspace or two: a number belongs to one workspace once.
  {
    id: 'number-in-two-places',
    path: 'numbers.*.number',
    find: eachNumber((number, n, workspace, bundle) => {
      const e164 = text(number.number);
      const first = e164 === null ? undefined : bundle.routed.get(e164);
      return first === undefined || first === `workspaces.${workspace.index}.numbers.${n}`
        ? []
        : [[[n], `${e164} is already configured at ${first}; a number belongs to one workspace once`]];
    }),
  },
  // A number's assigned user who is not a user of the workspace.
  {
    id: 'unknown-assigned-user',
    path: 'numbers.*.assignedUser',
    find: userReference(({ numbers }) => numbers.flatMap((number, n) => (number ? [[[n], text(number.assignedUser)]] : []))),
  },
  // A ring group of more than RING_GROUP_MAX_USERS users.
  {
    id: 'ring-group-too-large',
    path: 'numbers.*.ringUsers',
    find: eachNumber((number, n) => {
      const size = texts(number.ringUsers).length;
      return size > RING_GROUP_MAX_USERS ? [[[n], `a ring group has at most ${RING_GROUP_MAX_USERS} users; this one has ${size}`]] : [];
    }),
  },
  // A ring group member who is not a user of the workspace.
  {
    id: 'unknown-ring-user',
    path: 'numbers.*.ringUsers.*',
    find: userReference(({ numbers }) =>
      numbers.flatMap((number, n) => (number ? texts(number.ringUsers).map((user, r) => [[n, r], user] as [number[], string | null]) : [])),
    ),
  },
  // A user listed twice in one ring group.
  {
    id: 'ring-user-listed-twice',
    path: 'numbers.*.ringUsers.*',
    find: eachNumber((number, n) => {
      const ringUsers = texts(number.ringUsers);
      return repeats(ringUsers).map(([r]) => [[n, r], `user "${ringUsers[r]}" is listed twice`]);
    }),
  },
  // A ring group that rings nothing while no voicemail greeting exists: every caller it reaches is hung up.
  {
    id: 'ring-group-hangs-up',
    path: 'numbers.*.ringUsers',
    find: eachNumber((number, n, workspace) => {
      const message = ringGroupHangsUp(workspace, number);
      return message ? [[[n], message]] : [];
    }),
  },
  // A user rung first who is not a user of the workspace.
  {
    id: 'unknown-ring-first-user',
    path: 'numbers.*.ringFirst.users.*',
    find: userReference(({ numbers }) =>
      numbers.flatMap((number, n) =>
        texts(asObject(number?.ringFirst)?.users).map((user, r) => [[n, r], user] as [number[], string | null]),
      ),
    ),
  },
  // A first tier as long as the whole ring (the inbound timeout): the ring group after it would never ring.
  {
    id: 'ring-first-outlasts-timeout',
    path: 'numbers.*.ringFirst.seconds',
    find: eachNumber((number, n, workspace) => {
      const seconds = asObject(number.ringFirst)?.seconds;
      const timeout = inboundTimeoutOf(workspace.fields, number);
      return typeof seconds === 'number' && seconds >= timeout.seconds
        ? [
            [
              [n],
              `rings the first users for ${seconds} s, but the whole ring of a call to ${text(number.number) ?? 'this number'} lasts ${timeout.seconds} s (${timeout.where}): the ring group would never ring; make it shorter than ${timeout.seconds} s`,
            ],
          ]
        : [];
    }),
  },
  // The person who helped last, rung for as long as the whole ring of a number: nobody else would ever ring.
  {
    id: 'sticky-agent-outlasts-timeout',
    path: 'inbound.stickyAgent.seconds',
    find: ({ fields, numbers }) => {
      const sticky = asObject(asObject(fields.inbound)?.stickyAgent);
      if (sticky?.enabled !== true || typeof sticky.seconds !== 'number') return [];
      const seconds = sticky.seconds;
      const outlasted = numbers.flatMap((number) => {
        if (!number) return [];
        const timeout = inboundTimeoutOf(fields, number);
        return seconds >= timeout.seconds ? [`${text(number.number) ?? '?'} (${timeout.seconds} s, ${timeout.where})`] : [];
      });
      return outlasted.length
        ? [
            [
              [],
              `rings the person who helped last for ${seconds} s, as long as or longer than the whole ring of calls to ${outlasted.join(', ')}: nobody else would ever ring there; make it shorter than the shortest inbound timeout`,
            ],
          ]
        : [];
    },
  },
  // A phone menu's ring option naming someone who is not a user of the workspace.
  {
    id: 'unknown-menu-user',
    path: 'numbers.*.menu.options.*.users.*',
    find: userReference(({ numbers }) =>
      numbers.flatMap((number, n) =>
        number
          ? menuOptions(number).flatMap(([digit, option]) =>
              option.action === 'ring' ? texts(option.users).map((user, u) => [[n, digit, u], user] as [number[], string | null]) : [],
            )
          : [],
      ),
    ),
  },
  // A phone menu's voicemail option taking the greeting of someone who is not a user of the workspace.
  {
    id: 'unknown-menu-voicemail-user',
    path: 'numbers.*.menu.options.*.user',
    find: userReference(
      ({ numbers }) =>
        numbers.flatMap((number, n) =>
          number
            ? menuOptions(number).flatMap(([digit, option]) => (option.action === 'voicemail' ? [[[n, digit], text(option.user)]] : []))
            : [],
        ) as [number[], string | null][],
    ),
  },
  // A phone menu's ring option whose users (all of them workspace users) can ring nothing: the caller who picks it rings no one.
  {
    id: 'menu-option-rings-nothing',
    path: 'numbers.*.menu.options.*.users',
    find: eachNumber((number, n, workspace) => {
      const users = new Map(workspace.users.flatMap((user) => (user && text(user.id) !== null ? [[user.id as string, user]] : [])));
      return menuOptions(number).flatMap(([digit, option]): Found[] => {
        const listed = texts(option.users);
        if (option.action !== 'ring' || listed.length === 0 || listed.some((user) => user === null || !users.has(user))) return [];
        // The option rings its users alone (the number's assigned user is not part of it); off-standard modes never reach the menu.
        return !ringGroupRingsNothing(workspace.fields, users, { ...number, ringUsers: listed, assignedUser: null })
          ? []
          : [
              [
                [n, digit],
                `no user of option ${digit} (${listed.join(', ')}) can ring anything (no app, no phone, no forwarding number or company phone to fall back on): a caller who presses ${digit} would ring no one; give one of them a phone or an app, set a forwarding number, or make it a voicemail option`,
              ],
            ];
      });
    }),
  },
  // A phone menu whose default (taken after no input or a wrong key twice) is not one of its options.
  {
    id: 'menu-default-not-an-option',
    path: 'numbers.*.menu.default',
    find: eachNumber((number, n) => {
      const menu = asObject(number.menu);
      const fallback = text(menu?.default);
      const options = asObject(menu?.options);
      if (!options || fallback === null || !MENU_DIGIT_PATTERN.test(fallback) || fallback in options) return [];
      return [
        [
          [n],
          `"${fallback}" is not one of the menu's options (${Object.keys(options).join(', ') || 'none'}): a caller who presses nothing would have nowhere to go; name one of them`,
        ],
      ];
    }),
  },
  // A phone menu's forward to one of the routed numbers.
  {
    id: 'menu-forward-loops',
    path: 'numbers.*.menu.options.*.to',
    find: loopBack(
      ({ numbers }) =>
        numbers.flatMap((number, n) =>
          number ? menuOptions(number).flatMap(([digit, option]) => (option.action === 'forward' ? [[[n, digit], option.to]] : [])) : [],
        ) as [number[], unknown][],
    ),
  },
  // A number in forward mode with no forwarding number.
  {
    id: 'forward-mode-without-number',
    path: 'numbers.*.forwardingNumber',
    find: eachNumber((number, n) =>
      number.mode === 'forward' && (number.forwardingNumber ?? null) === null ? [[[n], 'is required when mode is "forward"']] : [],
    ),
  },
  // Two webhooks of one workspace with one URL.
  {
    id: 'duplicate-webhook-url',
    path: 'webhooks.*.url',
    find: ({ fields }) =>
      repeats(objects(fields.webhooks).map((webhook) => text(webhook?.url))).map(([h, first]) => [
        [h],
        `the same URL as webhooks.${first}: list it once, with every event type it takes`,
      ]),
  },
  // An event type listed twice for one webhook.
  {
    id: 'webhook-event-listed-twice',
    path: 'webhooks.*.events.*',
    find: ({ fields }) =>
      objects(fields.webhooks).flatMap((webhook, h): Found[] => {
        const events = texts(webhook?.events);
        return repeats(events).map(([e]) => [[h, e], `"${events[e]}" is listed twice`]);
      }),
  },
  // Two contacts of one workspace with one phone.
  {
    id: 'duplicate-contact',
    path: 'contacts.*.phone',
    find: ({ fields }) => {
      const phones = objects(fields.contacts).map((contact) => text(contact?.phone));
      return repeats(phones).map(([c, first]) => [[c], `duplicate contact ${phones[c]} (also contacts.${first})`]);
    },
  },
  // A contact's assigned user who is not a user of the workspace.
  {
    id: 'unknown-contact-owner',
    path: 'contacts.*.assignedUser',
    find: userReference(({ fields }) => objects(fields.contacts).map((contact, c) => [[c], text(contact?.assignedUser)])),
  },
  // A company phone that is one of the routed numbers.
  { id: 'company-phone-loops', path: 'companyPhone', find: loopBack(({ fields }) => [[[], fields.companyPhone]]) },
  // A user's phone that is one of the routed numbers.
  { id: 'user-phone-loops', path: 'users.*.phone', find: loopBack(({ users }) => users.map((user, u) => [[u], user?.phone])) },
  // A number's forwarding number that is one of the routed numbers.
  {
    id: 'forwarding-number-loops',
    path: 'numbers.*.forwardingNumber',
    find: loopBack(({ numbers }) => numbers.map((number, n) => [[n], number?.forwardingNumber])),
  },
  // An after-hours forward to one of the routed numbers.
  {
    id: 'after-hours-forward-loops',
    path: 'numbers.*.afterHours.forwardTo',
    find: loopBack(({ numbers }) =>
      numbers.flatMap((number, n) => {
        const afterHours = asObject(number?.afterHours);
        return afterHours?.action === 'forward' ? [[[n], afterHours.forwardTo]] : [];
      }),
    ),
  },
  // A workspace whose Sync document would exceed Sync's 16 KiB.
  {
    id: 'workspace-document-too-large',
    path: '',
    find: ({ fields, numbers, id, index }) => {
      const shaped = { ...fields, numbers: numbers.filter((number) => number !== null) } as unknown as Workspace;
      return tooLarge(`workspace "${id ?? index}"`, serializedSize(storedWorkspaceDocument(workspaceDocument(shaped))), []);
    },
  },
  // A number whose Sync document would exceed Sync's 16 KiB.
  {
    id: 'number-document-too-large',
    path: 'numbers.*',
    find: eachNumber((number, n, workspace) =>
      tooLarge(`number ${text(number.number) ?? n}`, serializedSize(numberDocument(workspace.id ?? '', number as unknown as PhoneNumber)), [
        n,
      ]),
    ),
  },
] as const satisfies readonly BundleCheck[];

export type BundleCheckId = (typeof BUNDLE_CHECKS)[number]['id'];

/** A check's path in a workspace, its `*`s filled from `at` in order: ("users.*.id", 0, [2]) -> workspaces.0.users.2.id. */
function pathOf(pattern: string, workspace: number, at: readonly number[]): IssuePath {
  let next = 0;
  return ['workspaces', workspace, ...(pattern ? pattern.split('.').map((part) => (part === '*' ? at[next++]! : part)) : [])];
}

/** Every issue the checks find in a bundle as parsed so far (all of them, or the ones given), each with its check's id. */
export function runChecks(bundle: unknown, checks: readonly BundleCheck[] = BUNDLE_CHECKS): (CheckIssue & { check: string })[] {
  const checked = checkedBundle(bundle);
  return checks.flatMap((check) =>
    checked.workspaces.flatMap((workspace) =>
      check.find(workspace, checked).map(([at, message]) => ({ path: pathOf(check.path, workspace.index, at), message, check: check.id })),
    ),
  );
}
