// Whom a reply is forwarded to: the users it concerns (src/notify/recipients: the contact's assigned user, else the
// users the caller's last call rang, else the admins; or the listed recipients), never in a loop. A text from one of
// the deployment's own numbers is forwarded to nobody (a forward arriving at another of our numbers would be forwarded
// again); a user never gets their own text back; and no forward goes to a phone that is one of our numbers. Pure.
import type { Contact, User, Workspace } from '../config/types';
import { concernedUsers, type ConcernedUsers } from '../notify/recipients';

export interface ReplyRecipients {
  users: User[];
  /** The rule that chose them (src/notify), or `own-number` when the text came from one of our numbers. */
  rule: ConcernedUsers['rule'] | 'own-number';
  why: string;
}

/** Whether `phone` is one of our numbers: routed anywhere in the deployment, or one of the workspace's. */
export function isOurNumber(workspace: Pick<Workspace, 'numbers'>, routedNumbers: ReadonlySet<string>, phone: string): boolean {
  return routedNumbers.has(phone) || workspace.numbers.some((number) => number.number === phone);
}

export function replyRecipients(
  workspace: Pick<Workspace, 'users' | 'notifications' | 'numbers'>,
  routedNumbers: ReadonlySet<string>,
  sender: string,
  caller: { contact: Contact | null; rungUsers: readonly string[] },
): ReplyRecipients {
  const ours = (phone: string) => isOurNumber(workspace, routedNumbers, phone);
  if (ours(sender)) return { users: [], rule: 'own-number', why: `${sender} is one of our own numbers: never forwarded (it would loop)` };
  const concerned = concernedUsers(workspace, caller);
  const leftOut: string[] = [];
  const users = concerned.users.filter((user) => {
    if (user.phone === sender) leftOut.push(`${user.id} (the sender)`);
    else if (user.phone && ours(user.phone)) leftOut.push(`${user.id} (their phone is one of our numbers)`);
    else return true;
    return false;
  });
  return { users, rule: concerned.rule, why: `${concerned.why}${leftOut.length ? `; not forwarded to ${leftOut.join(', ')}` : ''}` };
}
