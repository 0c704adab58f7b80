// Who may open which workspace in the console, and with which role. Users are the configuration's users, found by
// the phone they sign in with; agency-wide admins (CONSOLE_ADMINS, and the local `npm start` user) administer every
// workspace. Pure: the configuration comes in as an argument.
import type { Workspace } from '../config/schema';

export type Role = 'admin' | 'user';

export interface Membership {
  /** Workspace id. */
  workspace: string;
  role: Role;
  /** The user's id in that workspace; null for an agency admin, who is none of its users. */
  user: string | null;
}

export type WorkspaceUsers = Pick<Workspace, 'id' | 'name' | 'users'>;

/** Every workspace where a user has this phone, with that user's role. */
export function membershipsFor(phone: string, workspaces: readonly WorkspaceUsers[]): Membership[] {
  const found: Membership[] = [];
  for (const workspace of workspaces) {
    const user = workspace.users.find((candidate) => candidate.phone === phone);
    if (user) found.push({ workspace: workspace.id, role: user.role, user: user.id });
  }
  return found;
}

export interface Subject {
  agency: boolean;
  memberships: readonly Membership[];
}

/** The subject's membership of a workspace, or null: an agency admin is an admin of every workspace. */
export function membershipOf(subject: Subject, workspaceId: string): Membership | null {
  if (subject.agency) return { workspace: workspaceId, role: 'admin', user: null };
  return subject.memberships.find((membership) => membership.workspace === workspaceId) ?? null;
}

/**
 * A membership checked again against the configuration as it is now: a user removed, or whose phone or role
 * changed since they signed in, loses what they no longer have.
 */
export function confirmMembership(subject: Subject & { sub: string }, workspace: WorkspaceUsers): Membership | null {
  if (subject.agency) return { workspace: workspace.id, role: 'admin', user: null };
  const remembered = membershipOf(subject, workspace.id);
  if (!remembered) return null;
  const user = workspace.users.find((candidate) => candidate.id === remembered.user && candidate.phone === subject.sub);
  return user ? { workspace: workspace.id, role: user.role, user: user.id } : null;
}

export const canWrite = (membership: Membership | null): boolean => membership?.role === 'admin';
