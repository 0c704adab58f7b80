// Lookups over a validated bundle (number -> workspace, users and contacts by key), built once per bundle.
// A call's slice from Sync is a new, small object on every call: its own index is a few entries, built
// when asked and not kept (keeping one WeakMap entry per call costs more than building it), while its
// workspace's users and routed numbers (the arrays of the cached Sync documents, the same on every call)
// are indexed once per array. So a warm container never indexes more than the slice's number and contact.
import type { Bundle, Contact, PhoneNumber, User, Workspace } from '../config/types';

/** A routed number and its workspace: the workspace itself, its users by id and its contacts by phone. */
export interface NumberEntry {
  number: PhoneNumber;
  workspace: Workspace;
  users: ReadonlyMap<string, User>;
  contacts: ReadonlyMap<string, Contact>;
}

export interface BundleIndex {
  numbers: ReadonlyMap<string, NumberEntry>;
  /** Every number this configuration routes: ringing one of them would call back into this deployment. */
  routedNumbers: ReadonlySet<string>;
}

/**
 * What decide() routes with: a whole bundle, or the slice of it one call needs (one workspace, one
 * number, the caller's contact) with the other numbers it routes listed in `routedNumbers`.
 * Configuration objects are never changed once indexed: a new configuration is a new object.
 */
export type RoutingConfiguration = Bundle & { routedNumbers?: readonly string[] };

const bundleIndexes = new WeakMap<RoutingConfiguration, BundleIndex>();
const userIndexes = new WeakMap<readonly User[], ReadonlyMap<string, User>>();
const routedIndexes = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A workspace's users by id, once per users array (shared by every slice cut from one workspace document). */
function usersById(users: readonly User[]): ReadonlyMap<string, User> {
  let index = userIndexes.get(users);
  if (!index) {
    index = new Map(users.map((user) => [user.id, user]));
    userIndexes.set(users, index);
  }
  return index;
}

/** The listed routed numbers as a set, once per list (a workspace document's `numbers`). */
function routedSet(listed: readonly string[]): ReadonlySet<string> {
  let set = routedIndexes.get(listed);
  if (!set) {
    set = new Set(listed);
    routedIndexes.set(listed, set);
  }
  return set;
}

/** The configured numbers plus the listed ones; the listed set as it is when it already holds them all. */
function routedNumbersOf(numbers: ReadonlyMap<string, unknown>, listed: readonly string[] | undefined): ReadonlySet<string> {
  if (listed) {
    const set = routedSet(listed);
    let complete = true;
    for (const number of numbers.keys()) {
      if (!set.has(number)) {
        complete = false;
        break;
      }
    }
    if (complete) return set;
  }
  return new Set([...numbers.keys(), ...(listed ?? [])]);
}

/** The last configuration indexed: a call's slice is usually indexed twice in a row (abuse guard, decision). */
let lastConfiguration: RoutingConfiguration | null = null;
let lastIndex: BundleIndex | null = null;

/**
 * The index for a configuration. A whole bundle's is built on first use and kept as long as the bundle
 * object lives; a slice's (it lists `routedNumbers`) is rebuilt when asked, from its cached parts.
 */
export function indexBundle(bundle: RoutingConfiguration): BundleIndex {
  if (bundle === lastConfiguration && lastIndex) return lastIndex;
  const cached = bundleIndexes.get(bundle);
  if (cached) return cached;
  const numbers = new Map<string, NumberEntry>();
  for (const workspace of bundle.workspaces) {
    const contacts = new Map<string, Contact>();
    for (const contact of workspace.contacts) contacts.set(contact.phone, contact);
    const users = usersById(workspace.users);
    for (const number of workspace.numbers) {
      if (!numbers.has(number.number)) numbers.set(number.number, { number, workspace, users, contacts });
    }
  }
  const index: BundleIndex = { numbers, routedNumbers: routedNumbersOf(numbers, bundle.routedNumbers) };
  if (!bundle.routedNumbers) bundleIndexes.set(bundle, index);
  lastConfiguration = bundle;
  lastIndex = index;
  return index;
}
