// The custom values of one call: the contact (when known), the business, the called number and the caller.
import type { Contact, PhoneNumber, Workspace } from '../config/schema';
import type { TemplateValues } from './template';

export interface CallFacts {
  workspace: Pick<Workspace, 'name' | 'companyPhone'>;
  number: Pick<PhoneNumber, 'name' | 'number'>;
  contact: Contact | null;
  from: string;
  to: string;
}

export function callValues({ workspace, number, contact, from, to }: CallFacts): TemplateValues {
  const fullName = [contact?.firstName, contact?.lastName].filter((part) => part && part.trim()).join(' ');
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
