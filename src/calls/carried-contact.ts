// The caller's contact, carried from the call's first step to the steps that need it again (the whisper,
// dial-complete), in their signed callback URLs (`crContact`): read from Sync once per call, not once per
// step. `none` says the caller is not a contact; a parameter that is absent or does not parse says nothing,
// and the step reads the contact itself.
import { contactSchema } from '../config/schema';
import type { Contact } from '../config/types';

const NOT_A_CONTACT = 'none';

export function contactQuery(contact: Contact | null): { crContact: string } {
  if (!contact) return { crContact: NOT_A_CONTACT };
  const { phone, firstName, lastName, assignedUser, optedOut } = contact;
  return { crContact: JSON.stringify({ phone, firstName, lastName, assignedUser, optedOut }) };
}

/** The carried contact; null when the caller is not one; undefined when nothing (valid) is carried. */
export function contactFromQuery(params: Readonly<Record<string, string>>): Contact | null | undefined {
  const carried = params.crContact;
  if (carried === undefined) return undefined;
  if (carried === NOT_A_CONTACT) return null;
  try {
    const parsed = contactSchema.safeParse(JSON.parse(carried));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
