// A workspace's settings in the console: read with a revision, and saved as a whole workspace through the same
// stores as the numbers commands (a bundle file locally, Sync's plan and apply when SYNC_SERVICE_SID is set). A save
// is validated as a whole bundle with the configuration schema; an invalid one writes nothing and reports every
// problem with its path inside the workspace; one based on an older revision is refused, not merged.
import type { ConsoleProblem } from './ui/api';
import { createHash } from 'node:crypto';
import { bundleSchema } from '../config/schema';
import { issuesFromZod } from '../config/parse';
import type { Bundle, BundleInput, Workspace } from '../config/types';
import type { ConfigIssue } from '../config/errors';
import { FileConfigurationStore, SyncConfigurationStore, type ConfigurationStore } from '../numbers/configuration';
import type { AssetMap } from '../runtime/bundle-configuration-source';
import type { Env } from '../runtime/env';
import type { Services } from '../runtime/services';
import { SyncRepository } from '../sync/repository';
import { withPhoneProblems } from './phone-fields';
import { withKeptSecrets } from './secrets';

/** Why a store cannot be written from the console, or null when it can. */
export interface ConsoleStore {
  store: ConfigurationStore;
  readOnly: string | null;
}

/** The configuration the functions serve, as a store the console reads and (where it may) writes. */
export function consoleStore(env: Env, services: Services, assets: () => AssetMap): ConsoleStore {
  if (services.mode === 'sync' && services.gateway && env.SYNC_SERVICE_SID) {
    return { store: new SyncConfigurationStore(new SyncRepository(services.gateway), env.SYNC_SERVICE_SID), readOnly: null };
  }
  if (env.CONFIG_FILE) return { store: new FileConfigurationStore(env.CONFIG_FILE), readOnly: null };
  const asset = assets()[env.CONFIG_ASSET];
  const reason = `This service serves the configuration it was deployed with (the asset ${env.CONFIG_ASSET}); set SYNC_SERVICE_SID to edit settings from the console.`;
  if (!asset) throw new Error(`No private asset ${env.CONFIG_ASSET} holds the configuration`);
  return { store: new FileConfigurationStore(asset.path, reason), readOnly: reason };
}

/**
 * A workspace's revision: a digest of its validated settings (numbers and users included). Not its contacts: CRM data
 * written by the contacts page (contacts-store.ts), which a settings save keeps as stored, so an edited contact never
 * makes an open settings page's save a conflict.
 */
export function workspaceRevision(workspace: Workspace): string {
  const { contacts: _contacts, ...settings } = workspace;
  return createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 22);
}

export interface WorkspaceSnapshot {
  workspace: Workspace;
  revision: string;
}

export async function readWorkspace(store: ConfigurationStore, workspaceId: string): Promise<WorkspaceSnapshot | null> {
  const loaded = await store.load();
  const workspace = loaded.bundle.workspaces.find((candidate) => candidate.id === workspaceId);
  return workspace ? { workspace, revision: workspaceRevision(workspace) } : null;
}

export type SaveOutcome =
  | { status: 'saved'; revision: string; changes: string[] }
  | { status: 'conflict'; revision: string }
  | { status: 'invalid'; problems: ConfigIssue[] }
  | { status: 'missing' }
  /** The workspace as stored now does not let this subject write it (access.ts: confirmMembership). */
  | { status: 'forbidden' }
  /** `draftFrom` could make no draft of the workspace as stored (its reason, and the answer's status). */
  | { status: 'refused'; httpStatus: number; error: string };

/** What `draftFrom` gives back instead of a draft when it cannot make one: the answer's status and its reason. */
export class DraftRefusal {
  constructor(
    readonly httpStatus: number,
    readonly error: string,
  ) {}
}

/** One change of a workspace, decided from one load of the configuration. */
export interface WorkspaceChange {
  /** Whether this subject may write the workspace as stored now; checked before anything else is looked at. */
  mayWrite: (workspace: Workspace) => boolean;
  /**
   * The draft of the workspace (its raw settings as stored, and the same validated), or why there is none; `stored`
   * itself when the change leaves it as it is (nothing is written).
   */
  draftFrom: (stored: BundleInput['workspaces'][number], workspace: Workspace) => unknown;
  /** Reads what a person typed into the draft (numbers in national form: ./typed-phones.ts); none for a change made in code. */
  normalize?: DraftNormalizer;
}

/** A person's draft as the configuration stores it (a typed number as E.164), with a problem for what cannot be read. */
export type DraftNormalizer = (
  draft: Record<string, unknown>,
  stored: BundleInput['workspaces'][number],
) => { draft: Record<string, unknown>; problems: ConsoleProblem[] };

/**
 * The configuration with `draft` in place of the workspace (its contacts kept, its secrets' stand-ins turned back into
 * the stored secrets: secrets.ts), validated; or every problem, with paths inside the workspace.
 */
export function bundleWithDraft(
  loaded: { raw: unknown },
  index: number,
  draft: unknown,
  normalize?: DraftNormalizer,
): { status: 'valid'; raw: BundleInput; bundle: Bundle } | { status: 'invalid'; problems: ConfigIssue[] } {
  if (typeof draft !== 'object' || draft === null || Array.isArray(draft))
    return { status: 'invalid', problems: [{ path: '', message: 'must be a workspace object' }] };
  const raw = structuredClone(loaded.raw) as BundleInput;
  const stored = raw.workspaces[index]!;
  const kept = withKeptSecrets(draft, stored);
  if (kept.problems.length) return { status: 'invalid', problems: kept.problems };
  const phones = normalize
    ? normalize(kept.draft as Record<string, unknown>, stored)
    : { draft: kept.draft as Record<string, unknown>, problems: [] };
  // Contacts as stored (none written where the workspace stores none): a draft's are never taken.
  const { contacts: _drafted, ...drafted } = phones.draft as BundleInput['workspaces'][number];
  raw.workspaces[index] = { ...drafted, id: stored.id, ...(stored.contacts ? { contacts: stored.contacts } : {}) };
  const parsed = bundleSchema.safeParse(raw);
  if (parsed.success && !phones.problems.length) return { status: 'valid', raw, bundle: parsed.data };
  if (parsed.success) return { status: 'invalid', problems: phones.problems };
  const prefix = `workspaces.${index}.`;
  const problems = issuesFromZod(parsed.error).map((issue) =>
    issue.path.startsWith(prefix)
      ? { ...issue, path: issue.path.slice(prefix.length) }
      : issue.path === `workspaces.${index}`
        ? { ...issue, path: '' }
        : issue,
  );
  return { status: 'invalid', problems: withPhoneProblems(problems, phones.problems) };
}

/**
 * Replaces the workspace with the draft `change.draftFrom` makes of the workspace as stored (its raw settings), if
 * `change.mayWrite` lets the subject write it and the stored revision is still `baseRevision` (null: a change made
 * only from the workspace as stored, such as one user's do not disturb, needs no revision): all decided from the
 * one load the compare-and-set makes, so a save reads the configuration once. A compare-and-set (the store's updateWorkspace: a lock around
 * read-check-write for a file, If-Match for Sync), so of two saves based on one revision exactly one is saved and
 * the other is a conflict, whatever their timing; saves of other workspaces are never undone by it. The draft cannot
 * rename the workspace, and contacts (CRM data the console does not edit) are kept as stored. Problems come back with
 * paths relative to the workspace ("numbers.0.forwardingNumber"); one about another workspace keeps its full path.
 */
export async function changeWorkspace(
  store: ConfigurationStore,
  workspaceId: string,
  baseRevision: string | null,
  change: WorkspaceChange,
): Promise<SaveOutcome> {
  const update = await store.updateWorkspace<SaveOutcome>(workspaceId, (loaded) => {
    const index = loaded.bundle.workspaces.findIndex((candidate) => candidate.id === workspaceId);
    if (index < 0) return { edit: null, result: { status: 'missing' } };
    const workspace = loaded.bundle.workspaces[index]!;
    if (!change.mayWrite(workspace)) return { edit: null, result: { status: 'forbidden' } };
    const draft = change.draftFrom(loaded.raw.workspaces[index]!, workspace);
    if (draft instanceof DraftRefusal)
      return { edit: null, result: { status: 'refused', httpStatus: draft.httpStatus, error: draft.error } };
    const current = workspaceRevision(workspace);
    if (baseRevision !== null && current !== baseRevision) return { edit: null, result: { status: 'conflict', revision: current } };
    // A draft that is the stored workspace itself changes nothing: saved as it is, nothing written.
    if (draft === loaded.raw.workspaces[index]) return { edit: null, result: { status: 'saved', revision: current, changes: [] } };
    const checked = bundleWithDraft(loaded, index, draft, change.normalize);
    if (checked.status === 'invalid') return { edit: null, result: checked };
    return {
      edit: { raw: checked.raw, bundle: checked.bundle, prepared: true },
      result: { status: 'saved', revision: workspaceRevision(checked.bundle.workspaces[index]!), changes: [] },
    };
  });
  if (update.raced) return { status: 'conflict', revision: (await readWorkspace(store, workspaceId))?.revision ?? '' };
  return update.result.status === 'saved' ? { ...update.result, changes: update.changes } : update.result;
}

export type AddOutcome =
  | { status: 'added'; id: string; changes: string[] }
  | { status: 'exists'; id: string }
  /** Another workspace was added or changed in between (Sync's index): nothing was written; try again. */
  | { status: 'raced'; id: string }
  | { status: 'invalid'; problems: ConfigIssue[] };

/**
 * Adds a new workspace (its raw settings, with its id) to the configuration through the same compare-and-set as every
 * change of a workspace (the store's updateWorkspace, keyed by the new id): the whole bundle is validated first and
 * nothing is written when it is invalid, or when a workspace with that id exists (two adds of one id: one is added).
 * Problems come back with paths inside the new workspace ("companyPhone").
 */
export async function addWorkspace(store: ConfigurationStore, workspace: BundleInput['workspaces'][number]): Promise<AddOutcome> {
  const update = await store.updateWorkspace<AddOutcome>(workspace.id, (loaded) => {
    if (loaded.bundle.workspaces.some((candidate) => candidate.id === workspace.id))
      return { edit: null, result: { status: 'exists', id: workspace.id } };
    const raw = structuredClone(loaded.raw) as BundleInput;
    raw.workspaces.push(workspace);
    const parsed = bundleSchema.safeParse(raw);
    if (!parsed.success) {
      const prefix = `workspaces.${raw.workspaces.length - 1}.`;
      const problems = issuesFromZod(parsed.error).map((issue) =>
        issue.path.startsWith(prefix) ? { ...issue, path: issue.path.slice(prefix.length) } : issue,
      );
      return { edit: null, result: { status: 'invalid', problems } };
    }
    return { edit: { raw, bundle: parsed.data, prepared: true }, result: { status: 'added', id: workspace.id, changes: [] } };
  });
  if (update.raced) return { status: 'raced', id: workspace.id };
  return update.result.status === 'added' ? { ...update.result, changes: update.changes } : update.result;
}
