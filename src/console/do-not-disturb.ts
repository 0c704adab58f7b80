// Do not disturb, saved where the console saves settings (consoleStore: Sync's documents when SYNC_SERVICE_SID is
// set, else the CONFIG_FILE bundle; the shipped asset is read-only) and only the one user's `doNotDisturb` changed.
// A bundle file goes through the console's own compare-and-set (ConfigurationStore.updateWorkspace, the whole bundle
// validated by prepareEdit under the file's lock). In Sync the workspace's document alone is read and written back with
// If-Match (SyncRepository.changeWorkspaceDocument): 2 requests, where the console's save reads every document of
// the service to validate the whole bundle, more than an SMS webhook's 2 s budget holds for an agency's many
// workspaces; a user's own flag touches no other document. Either way a console save based on the workspace before
// it is refused as a conflict (its revision digests the users), never merged over it. Handed to incoming-sms by its
// function (src/replies/do-not-disturb reads `DND on` / `DND off`), so flows need not import the console.
import { ConfigReadError, ConfigValidationError } from '../config/errors';
import { prepareEdit, SyncConfigurationStore } from '../numbers/configuration';
import type { DoNotDisturbSave, DoNotDisturbWriter } from '../replies/do-not-disturb';
import type { Env } from '../runtime/env';
import type { AssetMap } from '../runtime/bundle-configuration-source';
import type { Services } from '../runtime/services';
import { SyncRepository } from '../sync/repository';
import { consoleStore } from './settings';

/** Tries again when another save of the workspace came in between (a compare-and-set that raced). */
const ATTEMPTS = 3;

const noUser = (workspaceId: string, userId: string): DoNotDisturbSave => ({
  status: 'refused',
  detail: `workspace "${workspaceId}" has no user "${userId}" now`,
});

export function doNotDisturbWriter(env: Env, services: Services, assets: () => AssetMap): DoNotDisturbWriter {
  return async (workspaceId, userId, on) => {
    try {
      const { store, readOnly } = consoleStore(env, services, assets);
      if (readOnly) return { status: 'refused', detail: readOnly };
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const result =
          store instanceof SyncConfigurationStore && services.gateway
            ? await inSync(new SyncRepository(services.gateway), store.description, workspaceId, userId, on)
            : await inStore(store, workspaceId, userId, on);
        if (result !== 'raced') return result;
      }
      return { status: 'failed', detail: `workspace "${workspaceId}" was saved by someone else ${ATTEMPTS} times meanwhile` };
    } catch (error) {
      if (error instanceof ConfigValidationError || error instanceof ConfigReadError) return { status: 'refused', detail: error.message };
      return { status: 'failed', detail: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** The workspace's Sync document alone, compare-and-set. */
async function inSync(
  repository: SyncRepository,
  where: string,
  workspaceId: string,
  userId: string,
  on: boolean,
): Promise<DoNotDisturbSave | 'raced'> {
  let found = false;
  const outcome = await repository.changeWorkspaceDocument(workspaceId, (document) => {
    const user = document.workspace.users.find((candidate) => candidate.id === userId);
    found = user !== undefined;
    if (!user || user.doNotDisturb === on) return null;
    const users = document.workspace.users.map((candidate) => (candidate.id === userId ? { ...candidate, doNotDisturb: on } : candidate));
    return { ...document, workspace: { ...document.workspace, users } };
  });
  if (outcome === 'raced') return 'raced';
  if (outcome === 'missing' || !found) return noUser(workspaceId, userId);
  return { status: outcome, where };
}

/** The console's store (a bundle file): its compare-and-set of the workspace, the whole bundle validated. */
async function inStore(
  store: ReturnType<typeof consoleStore>['store'],
  workspaceId: string,
  userId: string,
  on: boolean,
): Promise<DoNotDisturbSave | 'raced'> {
  const update = await store.updateWorkspace<DoNotDisturbSave>(workspaceId, (loaded) => {
    const index = loaded.bundle.workspaces.findIndex((workspace) => workspace.id === workspaceId);
    const user = loaded.bundle.workspaces[index]?.users.find((candidate) => candidate.id === userId);
    if (!user) return { edit: null, result: noUser(workspaceId, userId) };
    if (user.doNotDisturb === on) return { edit: null, result: { status: 'unchanged', where: store.description } };
    const edit = prepareEdit(store, loaded, (draft) => {
      draft.workspaces[index]!.users!.find((candidate) => candidate.id === userId)!.doNotDisturb = on;
    });
    return { edit, result: { status: 'saved', where: store.description } };
  });
  return update.raced ? 'raced' : update.result;
}
