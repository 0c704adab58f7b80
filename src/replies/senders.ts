// Who sent a text to a routed number, as far as forwarding is concerned: one of the deployment's own numbers (a text
// we sent, landing on another of our numbers: never passed on), a user of the texted number's workspace (staff, known
// by their own phone: their text answers a customer, never reaches their colleagues), or anyone else (a caller: their
// text is forwarded to the users it concerns). This is what keeps two auto-replying phones from ping-ponging through
// the business number: neither a user's phone nor one of our numbers is ever forwarded to other users. Pure.
import type { User, Workspace } from '../config/types';
import { isOurNumber } from './recipients';

export type TextSender = { kind: 'own-number' } | { kind: 'staff'; user: User } | { kind: 'caller' };

export function classifySender(
  workspace: Pick<Workspace, 'users' | 'numbers'>,
  routedNumbers: ReadonlySet<string>,
  from: string,
): TextSender {
  if (isOurNumber(workspace, routedNumbers, from)) return { kind: 'own-number' };
  const user = from ? workspace.users.find((candidate) => candidate.phone === from) : undefined;
  return user ? { kind: 'staff', user } : { kind: 'caller' };
}
