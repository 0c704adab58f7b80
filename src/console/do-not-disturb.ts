// Do not disturb, saved where the console saves settings (consoleStore: Sync's documents when SYNC_SERVICE_SID is
// set, else the CONFIG_FILE bundle; the shipped asset is read-only) and only the one user's `doNotDisturb` changed,
// for both front ends: the console's switch (availability.ts: who may change whose, the revision it holds, its
// answers) and the `DND on` / `DND off` text (doNotDisturbWriter, handed to incoming-sms by its function, so flows
// need not import the console; src/replies/do-not-disturb reads the command and words the reply). The one change is
// usersWithDoNotDisturb. Through the console's compare-and-set (saveDoNotDisturb: settings.ts changeWorkspace, the
// whole bundle validated), except a text in Sync: there the workspace's document alone is read and written back with
// If-Match (SyncRepository.changeWorkspaceDocument): 2 requests, where the console's save reads every document of
// the service to validate the whole bundle, more than an SMS webhook's 2 s budget holds for an agency's many
// workspaces; a user's own flag touches no other document. Either way a console save based on the workspace before
// it is refused as a conflict (its revision digests the users), never merged over it.
import { ConfigReadError, ConfigValidationError } from '../config/errors';
import { type ConfigurationStore, SyncConfigurationStore } from '../numbers/configuration';
import type { DoNotDisturbSave, DoNotDisturbWriter } from '../replies/do-not-disturb';
import type { Env } from '../runtime/env';
import type { AssetMap } from '../runtime/bundle-configuration-source';
import type { Services } from '../runtime/services';
import { SyncRepository } from '../sync/repository';
import { changeWorkspace, consoleStore, DraftRefusal, type SaveOutcome, type WorkspaceChange } from './settings';

/** Tries again when another save of the workspace came in between (a compare-and-set that raced). */
const ATTEMPTS = 3;

/**
 * The one change every writer of do not disturb makes: `users` (as stored, or validated) with the user's
 * `doNotDisturb` set to `on`; `no-user` when there is no such user, `unchanged` when it already is (absent is off).
 */
export function usersWithDoNotDisturb<U extends { id: string; doNotDisturb?: boolean }>(
  users: readonly U[] | undefined,
  userId: string,
  on: boolean,
): U[] | 'no-user' | 'unchanged' {
  const user = users?.find((candidate) => candidate.id === userId);
  if (!users || !user) return 'no-user';
  if ((user.doNotDisturb ?? false) === on) return 'unchanged';
  return users.map((candidate) => (candidate.id === userId ? { ...candidate, doNotDisturb: on } : candidate));
}

/**
 * One user's doNotDisturb saved through the console's compare-and-set (settings.ts changeWorkspace), with the front
 * end's own check of who may change it and the revision it holds (null: none); nothing is written when it already is
 * (`unchanged`). `name`: the user's, when the workspace has them.
 */
export async function saveDoNotDisturb(
  store: ConfigurationStore,
  workspaceId: string,
  userId: string,
  on: boolean,
  guard: { baseRevision: string | null; mayWrite: WorkspaceChange['mayWrite'] },
): Promise<{ outcome: SaveOutcome; unchanged: boolean; name: string | null }> {
  let unchanged = false;
  let name: string | null = null;
  const outcome = await changeWorkspace(store, workspaceId, guard.baseRevision, {
    mayWrite: guard.mayWrite,
    draftFrom: (stored) => {
      const users = usersWithDoNotDisturb(stored.users, userId, on);
      if (users === 'no-user') return new DraftRefusal(404, 'There is no such user in this workspace: reload the page.');
      name = stored.users?.find((user) => user.id === userId)?.name ?? null;
      unchanged = users === 'unchanged';
      return users === 'unchanged' ? stored : { ...stored, users };
    },
  });
  return { outcome, unchanged, name };
}

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
    const users = usersWithDoNotDisturb(document.workspace.users, userId, on);
    found = users !== 'no-user';
    return typeof users === 'string' ? null : { ...document, workspace: { ...document.workspace, users } };
  });
  if (outcome === 'raced') return 'raced';
  if (outcome === 'missing' || !found) return noUser(workspaceId, userId);
  return { status: outcome, where };
}

/** The console's store (a bundle file): the console's compare-and-set of the workspace, the whole bundle validated. */
async function inStore(store: ConfigurationStore, workspaceId: string, userId: string, on: boolean): Promise<DoNotDisturbSave | 'raced'> {
  // Anyone may: the text came from the user's own phone (src/replies/do-not-disturb), about their own setting.
  const { outcome, unchanged } = await saveDoNotDisturb(store, workspaceId, userId, on, { baseRevision: null, mayWrite: () => true });
  if (outcome.status === 'saved') return { status: unchanged ? 'unchanged' : 'saved', where: store.description };
  if (outcome.status === 'conflict') return 'raced'; // holding no revision: only a save that came in between
  if (outcome.status === 'invalid') {
    const problems = outcome.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    return { status: 'refused', detail: `the workspace as stored is not valid: ${problems}` };
  }
  return noUser(workspaceId, userId); // no such workspace or user now
}
