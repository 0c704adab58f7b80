// Workspace scoping: every command that shows or changes a number names its workspace, and a number that
// another workspace's configuration holds is never touched from here. Pure: reads a validated bundle.
import type { Bundle, PhoneNumber, Workspace } from '../config/types';
import { WorkspaceScopeError } from './errors';

/** The workspace with this id, or a WorkspaceScopeError listing the ones that exist. */
export function workspaceById(bundle: Bundle, workspaceId: string): Workspace {
  const workspace = bundle.workspaces.find((candidate) => candidate.id === workspaceId);
  if (!workspace) {
    const known = bundle.workspaces.map((candidate) => candidate.id).join(', ');
    throw new WorkspaceScopeError(`There is no workspace "${workspaceId}" in the configuration (workspaces: ${known})`);
  }
  return workspace;
}

/** The id of the workspace whose configuration routes this number, if any. */
export function workspaceOfNumber(bundle: Bundle, e164: string): string | undefined {
  return bundle.workspaces.find((workspace) => workspace.numbers.some((number) => number.number === e164))?.id;
}

/**
 * Checks the workspace exists and the number is not another workspace's. Returns the workspace and the number's
 * entry in it, if it has one.
 */
export function scopeNumber(bundle: Bundle, workspaceId: string, e164: string): { workspace: Workspace; entry: PhoneNumber | undefined } {
  const workspace = workspaceById(bundle, workspaceId);
  const owner = workspaceOfNumber(bundle, e164);
  if (owner !== undefined && owner !== workspaceId) {
    throw new WorkspaceScopeError(
      `${e164} belongs to workspace "${owner}", not "${workspaceId}": a number is in one workspace only, and this command changes nothing in another`,
    );
  }
  return { workspace, entry: workspace.numbers.find((number) => number.number === e164) };
}

/** Like scopeNumber, but the workspace must already route the number. */
export function numberInWorkspace(bundle: Bundle, workspaceId: string, e164: string): { workspace: Workspace; entry: PhoneNumber } {
  const { workspace, entry } = scopeNumber(bundle, workspaceId, e164);
  if (!entry)
    throw new WorkspaceScopeError(
      `${e164} is not one of workspace "${workspaceId}"'s numbers (add it with: npm run numbers -- bind ${e164} --workspace ${workspaceId})`,
    );
  return { workspace, entry };
}
