// What the contacts page and its parts exchange with console-contacts: a contact as the page shows it, the list's
// answer, and the problems a refused write names (by row for an import, by field for one contact).
import { ApiError } from './api';

export interface ShownContact {
  phone: string;
  firstName: string | null;
  lastName: string | null;
  /** Its name as people say it, or null (src/console/contact-name.ts). */
  name: string | null;
  assignedUser: string | null;
  optedOut: boolean;
}

export interface ContactsAnswer {
  contacts: ShownContact[];
  canEdit: boolean;
  readOnly: string | null;
}

export interface ServerProblem {
  row: number | null;
  field: string | null;
  message: string;
}

/** The workspace's users, by id and name: whom a contact may be assigned to. */
export type Users = readonly { id: string; name: string }[];

/** The problems a refused write named, if any. */
export const problemsOf = (error: unknown): ServerProblem[] =>
  error instanceof ApiError && Array.isArray(error.body.problems) ? (error.body.problems as ServerProblem[]) : [];
