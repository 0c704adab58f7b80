// Who a caller concerns (src/notify): the people told of a missed call or a voicemail, and sent the caller's replies
// to the text-back. With `notifications.recipients` = `rung-users` (the default): the user the caller's contact is
// assigned to; else the users the call rang (for a reply: the caller's last call); else the workspace's admins.
// With a list of user ids: those users. Only users with a phone can be texted; the others are left out, and
// `why` says whom the rule chose and why, for the log and the call history. Pure: no I/O.
import type { Contact, User, Workspace } from '../config/types';

export interface ConcernedUsers {
  /** Users to text, each with a phone, in the workspace's order, never twice. */
  users: User[];
  /** The rule that chose them: `assigned`, `rung`, `admins` or `listed`. */
  rule: 'assigned' | 'rung' | 'admins' | 'listed';
  /** Why, in a sentence, naming who was left out for having no phone. */
  why: string;
  /** Ids of the users the rule chose who have no phone (so cannot be texted). */
  unreachable: string[];
}

export interface CallerContext {
  contact: Contact | null;
  /** Ids of the users the call (for a reply: the caller's last call) rang; empty when none or unknown. */
  rungUsers: readonly string[];
}

function reachable(workspace: Pick<Workspace, 'users'>, ids: readonly string[]): { users: User[]; unreachable: string[] } {
  const wanted = new Set(ids);
  const users = workspace.users.filter((user) => wanted.has(user.id));
  return { users: users.filter((user) => user.phone), unreachable: users.filter((user) => !user.phone).map((user) => user.id) };
}

export function concernedUsers(workspace: Pick<Workspace, 'users' | 'notifications'>, caller: CallerContext): ConcernedUsers {
  const choose = (rule: ConcernedUsers['rule'], ids: readonly string[], because: string): ConcernedUsers => {
    const { users, unreachable } = reachable(workspace, ids);
    const leftOut = unreachable.length ? `; left out (no phone): ${unreachable.join(', ')}` : '';
    return { users, rule, why: `${because}${leftOut}`, unreachable };
  };
  const { recipients } = workspace.notifications;
  if (recipients !== 'rung-users') return choose('listed', recipients, `the workspace's listed recipients (${recipients.join(', ')})`);
  const assigned = caller.contact?.assignedUser;
  if (assigned && workspace.users.some((user) => user.id === assigned))
    return choose('assigned', [assigned], `the user the caller's contact is assigned to (${assigned})`);
  if (caller.rungUsers.length) return choose('rung', caller.rungUsers, `the users the call rang (${caller.rungUsers.join(', ')})`);
  const admins = workspace.users.filter((user) => user.role === 'admin').map((user) => user.id);
  return choose(
    'admins',
    admins,
    admins.length
      ? `nobody was assigned or rung: the workspace's admins (${admins.join(', ')})`
      : 'nobody was assigned or rung, and the workspace has no admin',
  );
}
