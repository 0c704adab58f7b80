// The preview's caller, by name: under the Caller field, who the number typed is (a contact of the workspace, and
// whom they are assigned to) or that it is nobody the workspace knows. The number is read as typed, in the
// workspace's country (format.ts).
import type { Workspace } from '../../config/schema';
import { contactName } from '../contact-name';
import { formatPhone, localeOf, parsePhone } from './format';

export const KNOWN_CALLER_ID = 'preview-from-known';

/** The caller as the router reads them: a number typed in the workspace's format as E.164; anything else as typed. */
export function typedCaller(from: string, workspace: Pick<Workspace, 'numbers' | 'timeZone'>): string {
  const parsed = parsePhone(from, localeOf(workspace));
  return 'e164' in parsed ? parsed.e164 : from;
}

export function KnownCaller({
  from,
  workspace,
}: {
  from: string;
  workspace: Pick<Workspace, 'contacts' | 'users' | 'numbers' | 'timeZone'>;
}) {
  const locale = localeOf(workspace);
  const parsed = parsePhone(from, locale);
  const contact = 'e164' in parsed ? workspace.contacts.find((candidate) => candidate.phone === parsed.e164) : undefined;
  const assigned = contact?.assignedUser ? workspace.users.find((user) => user.id === contact.assignedUser) : undefined;
  return (
    <p class="hint" id={KNOWN_CALLER_ID}>
      {contact
        ? `${contactName(contact) ?? formatPhone(contact.phone, locale)}, a contact${assigned ? ` assigned to ${assigned.name}` : ''}${contact.optedOut ? ' (opted out of texts)' : ''}`
        : 'e164' in parsed
          ? 'Not one of your contacts'
          : ''}
    </p>
  );
}
