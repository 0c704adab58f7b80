// A contact's name as people say it ("Dana Whitfield"), for the console's pages and answers alike; null when the
// contact has no name (then the number stands for it). Pure: the page (browser) and the functions share it.
import type { Contact } from '../config/schema';

export function contactName(contact: Pick<Contact, 'firstName' | 'lastName'> | null | undefined): string | null {
  const name = [contact?.firstName, contact?.lastName]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  return name || null;
}

/** The name of each contact that has one, by E.164: how a caller is named on every page. */
export function contactNames(contacts: readonly Pick<Contact, 'phone' | 'firstName' | 'lastName'>[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const contact of contacts) {
    const name = contactName(contact);
    if (name) names.set(contact.phone, name);
  }
  return names;
}
