// Where the numbers commands read and change the configuration: Twilio Sync when SYNC_SERVICE_SID is set
// (changes go through SyncRepository's plan and apply, so the Sync layout stays whole), else a bundle file.
// An edit is prepared first (applied to a copy and the whole bundle validated) and saved only afterwards, so an
// edit that would make the configuration invalid writes nothing, and a purchase can wait for a valid edit.
import { renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseBundle, parseBundleText, readConfigFileText } from '../config/parse';
import type { Bundle, BundleInput } from '../config/types';
import { ConfigReadError } from '../config/errors';
import { withFileLock } from '../config/file-lock';
import { layoutToBundle, syncNames } from '../config/layout';
import { type SyncRepository, describeChange } from '../sync/repository';
import { NumberInputError } from './errors';

export interface LoadedConfiguration {
  /** The configuration as stored (a file keeps its own shape: defaults are not written out). */
  raw: BundleInput;
  /** The same, validated, with defaults. */
  bundle: Bundle;
}

/** A validated edit, ready to save. Only `prepareEdit` makes one. */
export interface PreparedEdit {
  readonly raw: BundleInput;
  readonly bundle: Bundle;
  readonly prepared: true;
}

export interface ConfigurationStore {
  /** "file /path/to/bundle.json" or "Sync service IS…". */
  readonly description: string;
  load(): Promise<LoadedConfiguration>;
  /** Throws when this store must not be written (the shipped sample); called before anything is changed. */
  assertWritable(): void;
  /** Writes a prepared edit; returns one line per change made. */
  save(edit: PreparedEdit): Promise<string[]>;
  /**
   * Compare-and-set of one workspace: loads the configuration, lets `decide` prepare an edit of workspace
   * `workspaceId` from what is stored now, and writes it only if nothing else wrote that workspace in between.
   * `raced`: something did, and nothing was written.
   */
  updateWorkspace<T>(workspaceId: string, decide: (loaded: LoadedConfiguration) => WorkspaceDecision<T>): Promise<WorkspaceUpdate<T>>;
}

/** What `decide` chose: an edit to write (or none), and the result to hand back. */
export interface WorkspaceDecision<T> {
  edit: PreparedEdit | null;
  result: T;
}

export type WorkspaceUpdate<T> = { raced: false; result: T; changes: string[] } | { raced: true };

/**
 * Applies `change` to a copy of the configuration and validates the whole result; writes nothing. `outcome` is
 * what `change` returned (e.g. whether it changed anything).
 */
export function prepareEdit<T>(
  store: ConfigurationStore,
  loaded: LoadedConfiguration,
  change: (draft: BundleInput) => T,
): PreparedEdit & { outcome: T } {
  store.assertWritable();
  const draft = structuredClone(loaded.raw);
  const outcome = change(draft);
  const bundle = parseBundle(draft, `the edited configuration (${store.description}; nothing was written)`);
  return { raw: draft, bundle, prepared: true, outcome };
}

/** How many times a change is made again on a fresher read when another write of the workspace came in between. */
const CHANGE_ATTEMPTS = 3;

/**
 * Makes `change` to workspace `workspaceId` as stored now, through the store's compare-and-set (a file under its
 * lock, Sync with If-Match on the workspace's document), so a save of the same workspace in between (an admin in
 * the console) is never overwritten and no other workspace is rewritten: raced, the change is made again on a fresh
 * read. `changed` says whether `change` changed anything (false: nothing is written).
 */
export async function changeWorkspaceConfiguration<T>(
  store: ConfigurationStore,
  workspaceId: string,
  change: (draft: BundleInput) => T,
  changed: (outcome: T) => boolean = Boolean,
): Promise<{ outcome: T; saved: string[] }> {
  for (let attempt = 1; ; attempt += 1) {
    const update = await store.updateWorkspace(workspaceId, (loaded) => {
      const edit = prepareEdit(store, loaded, change);
      return { edit: changed(edit.outcome) ? edit : null, result: edit.outcome };
    });
    if (!update.raced) return { outcome: update.result, saved: update.changes };
    if (attempt >= CHANGE_ATTEMPTS)
      throw new ConfigReadError(
        `workspace "${workspaceId}" kept changing while this change was being saved (${store.description}): try again`,
      );
  }
}

/** A bundle file on disk. The shipped sample is read-only: editing it would change what every checkout serves. */
export class FileConfigurationStore implements ConfigurationStore {
  readonly description: string;
  readonly file: string;

  constructor(
    file: string,
    private readonly readOnlyReason?: string,
  ) {
    this.file = resolve(file);
    this.description = `file ${file}`;
  }

  async load(): Promise<LoadedConfiguration> {
    const text = readConfigFileText(this.file);
    const bundle = parseBundleText(text, this.file);
    return { raw: JSON.parse(text) as BundleInput, bundle };
  }

  assertWritable(): void {
    if (this.readOnlyReason) throw new NumberInputError(this.readOnlyReason);
  }

  /** Writes the whole file at once (a temporary file renamed over it), so a reader never sees half of it. */
  async save(edit: PreparedEdit): Promise<string[]> {
    this.assertWritable();
    const temporary = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.tmp`);
    writeFileSync(temporary, `${JSON.stringify(edit.raw, null, 2)}\n`);
    renameSync(temporary, this.file);
    return [`wrote ${this.file}`];
  }

  /** Read, check and write under the file's lock (config/file-lock), so no other writer comes in between. */
  async updateWorkspace<T>(
    _workspaceId: string,
    decide: (loaded: LoadedConfiguration) => WorkspaceDecision<T>,
  ): Promise<WorkspaceUpdate<T>> {
    this.assertWritable();
    return withFileLock(this.file, async () => {
      const { edit, result } = decide(await this.load());
      return { raced: false, result, changes: edit ? await this.save(edit) : [] };
    });
  }
}

/** The configuration held in a Sync service, read and written as a whole bundle. */
export class SyncConfigurationStore implements ConfigurationStore {
  readonly description: string;

  constructor(
    private readonly repository: SyncRepository,
    serviceSid: string,
  ) {
    this.description = `Sync service ${serviceSid}`;
  }

  async load(): Promise<LoadedConfiguration> {
    return this.loaded(await this.repository.readBundle());
  }

  assertWritable(): void {}

  async save(edit: PreparedEdit): Promise<string[]> {
    const plan = await this.repository.plan(edit.bundle);
    await this.repository.apply(plan);
    return plan.changes.map(describeChange);
  }

  /**
   * Writes only the workspace's own documents (its document, its numbers'), the workspace's document first and
   * with If-Match on the revision read: a write of the same workspace in between makes it `raced`, and another
   * workspace's documents are never rewritten from this read. A workspace not in the index yet is added (addWorkspace).
   */
  async updateWorkspace<T>(
    workspaceId: string,
    decide: (loaded: LoadedConfiguration) => WorkspaceDecision<T>,
  ): Promise<WorkspaceUpdate<T>> {
    const read = await this.repository.readLayoutWithRevisions();
    const { edit, result } = decide(this.loaded(layoutToBundle(read.layout)));
    if (!edit) return { raced: false, result, changes: [] };
    const revision = read.revisions.get(syncNames.workspace(workspaceId));
    // A workspace the index does not list yet is added (the console's "create a workspace"), the index compared-and-set.
    const indexRevision = read.revisions.get(syncNames.index);
    const adding = !read.layout.workspaces.has(workspaceId) && indexRevision !== undefined;
    const changes = adding
      ? await this.repository.addWorkspace(edit.bundle, workspaceId, read.layout, indexRevision)
      : revision === undefined
        ? null
        : await this.repository.writeWorkspace(edit.bundle, workspaceId, read.layout, revision);
    return changes === null ? { raced: true } : { raced: false, result, changes: changes.map(describeChange) };
  }

  private loaded(pulled: unknown): LoadedConfiguration {
    if ((pulled as { workspaces: unknown[] }).workspaces.length === 0) {
      throw new ConfigReadError(`${this.description} holds no configuration yet: push a bundle first (npm run config -- push FILE)`);
    }
    const bundle = parseBundle(pulled, this.description);
    return { raw: bundle, bundle };
  }
}
