// Lookups over a validated bundle (number -> workspace, users and contacts by key), built once per bundle.
import type { Bundle, Contact, PhoneNumber, User, Workspace } from '../config/schema';

export interface WorkspaceIndex {
  workspace: Workspace;
  users: ReadonlyMap<string, User>;
  contacts: ReadonlyMap<string, Contact>;
}

export interface BundleIndex {
  numbers: ReadonlyMap<string, { number: PhoneNumber; workspace: WorkspaceIndex }>;
  /** Every number this configuration routes: ringing one of them would call back into this deployment. */
  routedNumbers: ReadonlySet<string>;
}

const cache = new WeakMap<Bundle, BundleIndex>();

/** The index for a bundle; built on first use and kept as long as the bundle object lives. */
export function indexBundle(bundle: Bundle): BundleIndex {
  const cached = cache.get(bundle);
  if (cached) return cached;
  const numbers = new Map<string, { number: PhoneNumber; workspace: WorkspaceIndex }>();
  for (const workspace of bundle.workspaces) {
    const entry: WorkspaceIndex = {
      workspace,
      users: new Map(workspace.users.map((user) => [user.id, user])),
      contacts: new Map(workspace.contacts.map((contact) => [contact.phone, contact])),
    };
    for (const number of workspace.numbers) {
      if (!numbers.has(number.number)) numbers.set(number.number, { number, workspace: entry });
    }
  }
  const index: BundleIndex = { numbers, routedNumbers: new Set(numbers.keys()) };
  cache.set(bundle, index);
  return index;
}
