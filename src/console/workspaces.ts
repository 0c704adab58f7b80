// The agency's "create a workspace": a new workspace (its name, time zone and company phone) added to the
// configuration through the console's one writer (settings.ts addWorkspace), by an agency admin only. Its id is made
// from its name ("Cedar Dental" -> "cedar-dental", then "cedar-dental-2" when that is taken).
import { ID_MAX_LENGTH } from '../config/constants';
import type { BundleInput } from '../config/types';
import { refuse, type ConsoleAction } from './handler';
import { addWorkspace, consoleStore } from './settings';

/** A workspace id made from its name: lowercase letters and digits joined by single hyphens; "workspace" when none. */
export function workspaceIdFrom(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, ID_MAX_LENGTH - 4)
      .replace(/-+$/, '') || 'workspace';
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

/** Where each field of the form is named in a problem's path, in the owner's words. */
const FIELD_WORDS: Record<string, string> = { name: 'Name', timeZone: 'Time zone', companyPhone: 'Company phone' };

/** console-create-workspace: `name`, `timeZone` (IANA, e.g. America/New_York) and `companyPhone` (E.164, or empty). */
export const createWorkspace: ConsoleAction = async (request) => {
  if (!request.session?.agency) return refuse(403, 'Only an agency admin can create a workspace.');
  const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
  if (readOnly) return refuse(409, readOnly);
  const name = (request.params.name ?? '').trim();
  if (!name) return { status: 422, json: { error: 'Give the workspace a name.', problems: [{ path: 'name', message: 'Enter a name.' }] } };
  const timeZone = (request.params.timeZone ?? '').trim() || 'UTC';
  const companyPhone = (request.params.companyPhone ?? '').trim() || null;
  const taken = new Set((await store.load()).bundle.workspaces.map((workspace) => workspace.id));
  const workspace: BundleInput['workspaces'][number] = {
    id: workspaceIdFrom(name, taken),
    name,
    timeZone,
    companyPhone,
    users: [],
    numbers: [],
  };
  const outcome = await addWorkspace(store, workspace);
  switch (outcome.status) {
    case 'added':
      request.log.info(`${request.session.sub === 'local' ? 'the local user' : 'an agency admin'} created workspace ${outcome.id}`);
      return { json: { status: 'added', id: outcome.id, name } };
    case 'exists':
    case 'raced':
      return refuse(409, 'Another workspace was created at the same moment: nothing was written. Try again.');
    default:
      return {
        status: 422,
        json: {
          error: 'Nothing was created: fix the problems shown beside the fields.',
          problems: outcome.problems.map((problem) => ({
            path: problem.path,
            message: `${FIELD_WORDS[problem.path] ?? problem.path}: ${problem.message}`,
          })),
        },
      };
  }
};
