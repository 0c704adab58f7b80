// Whether a number's ring group rings nothing: the one rule behind validation's refusal (no greeting either, so
// every caller is hung up) and the doctor's warning (a greeting, so every caller goes straight to voicemail).
// Zod-free, in routing's own terms (phoneOfUser). It reads a valid configuration (the doctor) as well as one parsed
// only so far (validation's checks, next to field errors), so every read is guarded.
import { phoneOfUser } from './constants';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * True when a call reaching this number's ring group rings no one: the number uses its ring group (standard mode,
 * active, a group listed), no user of the group rings anything (no app, and no phone by phoneOfUser: their own, the
 * forwarding number, the company phone), and the assigned user does not take the call either.
 */
export function ringGroupRingsNothing(
  workspace: { companyPhone?: unknown; inbound?: unknown },
  users: ReadonlyMap<string, { phone?: unknown; webApp?: unknown; mobileApp?: unknown }>,
  number: { ringUsers?: unknown; mode?: unknown; status?: unknown; assignedUser?: unknown; forwardingNumber?: unknown },
): boolean {
  const ringUsers: unknown[] = Array.isArray(number.ringUsers) ? number.ringUsers : [];
  if (ringUsers.length === 0 || (number.mode ?? 'standard') !== 'standard' || number.status === 'inactive') return false;
  const inbound = (workspace.inbound ?? {}) as { forwardToCompanyPhone?: unknown; ringAssignedUser?: unknown };
  const fallbacks = {
    companyPhone: text(workspace.companyPhone),
    inbound: { forwardToCompanyPhone: inbound.forwardToCompanyPhone !== false },
  };
  const forwarding = { forwardingNumber: text(number.forwardingNumber) };
  const rings = (id: unknown) => {
    const user = typeof id === 'string' ? users.get(id) : undefined;
    return (
      user !== undefined &&
      (user.webApp === true || user.mobileApp === true || phoneOfUser({ phone: text(user.phone) }, fallbacks, forwarding) !== null)
    );
  };
  if (ringUsers.some(rings)) return false;
  return !(inbound.ringAssignedUser !== false && rings(number.assignedUser));
}
