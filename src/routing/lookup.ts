// Lookups over a validated bundle (number -> workspace, users and contacts by key), built once per bundle.
import type { Bundle, Contact, PhoneNumber, User, Workspace } from '../config/types';

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

/**
 * What decide() routes with: a whole bundle, or the slice of it one call needs (one workspace, one
 * number, the caller's contact) with the other numbers it routes listed in `routedNumbers`.
 */
export type RoutingConfiguration = Bundle & { routedNumbers?: readonly string[] };

const cache = new WeakMap<RoutingConfiguration, BundleIndex>();

/** The index for a bundle; built on first use and kept as long as the bundle object lives. */
export function indexBundle(bundle: RoutingConfiguration): BundleIndex {
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
  const index: BundleIndex = { numbers, routedNumbers: new Set([...numbers.keys(), ...(bundle.routedNumbers ?? [])]) };
  cache.set(bundle, index);
  return index;
}
