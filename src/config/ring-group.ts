// Whether a number's ring group rings nothing: the one rule behind validation's refusal (no greeting either, so
// every caller is hung up) and the doctor's warning (a greeting, so every caller goes straight to voicemail).
// Zod-free, in routing's own terms (phoneOfUser), so the two read the same rule as the routing table.
import { phoneOfUser } from './constants';

/** What the rule reads of a user: the apps and the phone that can ring. */
export interface RingableUser {
  phone: string | null;
  webApp: boolean;
  mobileApp: boolean;
}

/** What the rule reads of the workspace: the fallbacks and whether the assigned user is rung. */
export interface RingGroupWorkspace {
  companyPhone: string | null;
  inbound: { forwardToCompanyPhone: boolean; ringAssignedUser: boolean };
}

/** What the rule reads of the number. */
export interface RingGroupNumber {
  ringUsers: readonly (string | null)[];
  mode: string;
  status: string;
  assignedUser: string | null;
  forwardingNumber: string | null;
}

/**
 * True when a call reaching this number's ring group rings no one: the number uses its ring group (standard mode,
 * active, a group listed), no user of the group rings anything (no app, and no phone by phoneOfUser: their own, the
 * forwarding number, the company phone), and the assigned user does not take the call either.
 */
export function ringGroupRingsNothing(
  workspace: RingGroupWorkspace,
  users: ReadonlyMap<string, RingableUser>,
  number: RingGroupNumber,
): boolean {
  if (number.ringUsers.length === 0 || number.mode !== 'standard' || number.status === 'inactive') return false;
  const rings = (id: string | null) => {
    const user = id === null ? undefined : users.get(id);
    return user !== undefined && (user.webApp || user.mobileApp || phoneOfUser(user, workspace, number) !== null);
  };
  if (number.ringUsers.some(rings)) return false;
  return !(number.assignedUser !== null && workspace.inbound.ringAssignedUser && rings(number.assignedUser));
}
