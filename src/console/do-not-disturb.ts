// Do not disturb, saved where the console saves settings: the store consoleStore chooses (Sync's documents when
// SYNC_SERVICE_SID is set, else the CONFIG_FILE bundle; the shipped asset is read-only), with the same
// compare-and-set of one workspace (ConfigurationStore.updateWorkspace) and the whole bundle validated before anything
// is written (prepareEdit). Only the one user's `doNotDisturb` changes. Handed to incoming-sms by its function
// (src/replies/do-not-disturb reads `DND on` / `DND off` texts), so flows need not import the console.
import { ConfigValidationError } from '../config/errors';
import { prepareEdit } from '../numbers/configuration';
import type { DoNotDisturbSave, DoNotDisturbWriter } from '../replies/do-not-disturb';
import type { ConsoleStore } from './settings';

/** Tries again when another save of the workspace came in between (a compare-and-set that raced). */
const ATTEMPTS = 3;

export function doNotDisturbWriter(storeOf: () => ConsoleStore): DoNotDisturbWriter {
  return async (workspaceId, userId, on) => {
    try {
      const { store, readOnly } = storeOf();
      if (readOnly) return { status: 'refused', detail: readOnly };
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const update = await store.updateWorkspace<DoNotDisturbSave>(workspaceId, (loaded) => {
          const index = loaded.bundle.workspaces.findIndex((workspace) => workspace.id === workspaceId);
          const user = loaded.bundle.workspaces[index]?.users.find((candidate) => candidate.id === userId);
          if (!user) return { edit: null, result: { status: 'refused', detail: `workspace "${workspaceId}" has no user "${userId}" now` } };
          if (user.doNotDisturb === on) return { edit: null, result: { status: 'unchanged', where: store.description } };
          const edit = prepareEdit(store, loaded, (draft) => {
            const stored = draft.workspaces[index]!.users!.find((candidate) => candidate.id === userId)!;
            stored.doNotDisturb = on;
          });
          return { edit, result: { status: 'saved', where: store.description } };
        });
        if (!update.raced) return update.result;
      }
      return { status: 'failed', detail: `workspace "${workspaceId}" was saved by someone else ${ATTEMPTS} times meanwhile` };
    } catch (error) {
      if (error instanceof ConfigValidationError) return { status: 'refused', detail: error.message };
      return { status: 'failed', detail: error instanceof Error ? error.message : String(error) };
    }
  };
}
