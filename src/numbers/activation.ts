// `numbers activate` and `deactivate`: flip a number's status in its workspace's configuration. An inactive
// number is still owned and still bound; the routing rejects its calls (rule `inactive-number`).
import { changeWorkspaceConfiguration } from './configuration';
import { setNumberStatus } from './edits';
import { numberInWorkspace } from './scope';
import type { NumbersServices } from './services';

export interface StatusResult {
  number: string;
  workspace: string;
  status: 'active' | 'inactive';
  /** False when the number already had that status: nothing was written. */
  changed: boolean;
  saved: string[];
}

export async function setStatus(
  services: NumbersServices,
  request: { number: string; workspace: string; status: 'active' | 'inactive' },
): Promise<StatusResult> {
  const loaded = await services.store.load();
  numberInWorkspace(loaded.bundle, request.workspace, request.number);
  const { outcome, saved } = await changeWorkspaceConfiguration(services.store, request.workspace, (draft) =>
    setNumberStatus(draft, request.workspace, request.number, request.status),
  );
  return { ...request, changed: outcome, saved };
}
