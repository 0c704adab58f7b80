// The custom values of one call: the contact (when known), the business, the called number and the caller.
// Structural types, not the configuration's: templates are checked by the schema, so they must not import it.
import type { TemplateValues } from './template';

export interface CallFacts {
  workspace: { name: string; companyPhone: string | null };
  number: { name: string; number: string };
  contact: { phone: string; firstName: string | null; lastName: string | null } | null;
  from: string;
  to: string;
}

export function callValues({ workspace, number, contact, from, to }: CallFacts): TemplateValues {
  const fullName = [contact?.firstName, contact?.lastName].filter((part) => part?.trim()).join(' ');
  return {
    'contact.first_name': contact?.firstName,
    'contact.last_name': contact?.lastName,
    'contact.name': fullName || null,
    'contact.phone': contact?.phone,
    'business.name': workspace.name,
    'location.name': workspace.name,
    'business.phone': workspace.companyPhone,
    'number.name': number.name,
    'number.phone': number.number,
    'call.from': from,
    'call.to': to,
  };
}
