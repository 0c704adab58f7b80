// `numbers activate` and `deactivate`: flip a number's status in its workspace's configuration. An inactive
// number is still owned and still bound; the routing rejects its calls (rule `inactive-number`).
import { prepareEdit } from './configuration';
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
  const edit = prepareEdit(services.store, loaded, (draft) => setNumberStatus(draft, request.workspace, request.number, request.status));
  const saved = edit.outcome ? await services.store.save(edit) : [];
  return { ...request, changed: edit.outcome, saved };
}
