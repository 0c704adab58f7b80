// Configuration for one call from Twilio Sync: the number's document, its workspace's document and the
// caller's contact (3 requests cold). Documents are cached for a short TTL (warm: 1 request, the contact;
// the cached documents are read without awaiting, under names built once), and when Sync fails, times out
// or rate-limits, the last good copy is served and the log says so.
import type * as z from 'zod/mini';
import { indexDocumentSchema, numberDocumentSchema, parseDocument, workspaceDocumentSchema } from '../config/documents';
import { ConfigReadError } from '../config/errors';
import { callSlice, syncNames, type NumberDocument, type WorkspaceDocument } from '../config/layout';
import { contactSchema } from '../config/schema';
import type { Contact } from '../config/types';
import { callerOf } from '../phone/caller-id';
import type { CallConfiguration, ConfigurationSource, KnownForCall } from '../routing/configuration-source';
import { SyncUnavailableError, type SyncGateway } from './gateway';

/** No configuration could be had for this call: Sync is down and nothing good was cached. */
export class ConfigUnavailableError extends Error {
  override readonly name = 'ConfigUnavailableError';
}

export interface SyncSourceOptions {
  /** How long a fetched document is used without asking Sync again. */
  cacheTtlMs: number;
  clock?: () => number;
}

interface CacheEntry {
  value: unknown | null;
  fetchedAt: number;
  /** While Sync is failing, the stale copy is served without asking again until then. */
  retryAt?: number;
}

/** How long to serve a stale copy without asking a failing Sync again. */
export const SYNC_RETRY_AFTER_MS = 5_000;

/** Names kept per cache of document names; past this many it starts again (they are numbers and workspace ids). */
export const MAX_KEPT_NAMES = 10_000;

/** Document names by what they are built from, so a warm call neither builds nor hashes them again. */
export class DocumentNames {
  private readonly names = new Map<string, string>();
  constructor(private readonly build: (key: string) => string) {}

  of(key: string): string {
    let name = this.names.get(key);
    if (name === undefined) {
      name = this.build(key);
      if (this.names.size >= MAX_KEPT_NAMES) this.names.clear();
      this.names.set(key, name);
    }
    return name;
  }
}

export class SyncConfigurationSource implements ConfigurationSource {
  private readonly fresh = new Map<string, CacheEntry>();
  private readonly numberNames = new DocumentNames(syncNames.number);
  private readonly workspaceNames = new DocumentNames(syncNames.workspace);
  private readonly contactsNames = new DocumentNames(syncNames.contacts);
  private readonly clock: () => number;

  constructor(
    private readonly gateway: SyncGateway,
    private readonly options: SyncSourceOptions,
  ) {
    this.clock = options.clock ?? (() => Date.now());
  }

  async forCall(call: { to: string; from: string }, known: KnownForCall = {}): Promise<CallConfiguration> {
    const warnings: string[] = [];
    const to = call.to.trim();
    const numberName = this.numberNames.of(to);
    const number = this.freshDocument<NumberDocument>(numberName) ?? (await this.document(numberName, numberDocumentSchema, warnings));
    if (!number) return { configuration: { workspaces: [] }, source: 'sync', warnings };
    const workspaceName = this.workspaceNames.of(number.workspace);
    const workspace =
      this.freshDocument<WorkspaceDocument>(workspaceName) ?? (await this.document(workspaceName, workspaceDocumentSchema, warnings));
    if (!workspace) {
      throw new ConfigReadError(`Sync has ${numberName} for workspace "${number.workspace}", but no document ${workspaceName}`);
    }
    // A contact an earlier step of this call read (carried on its signed URL) is not read again: one read per call.
    const contact = known.contact !== undefined ? known.contact : await this.contact(number, call.from, warnings);
    return {
      configuration: callSlice(workspace as WorkspaceDocument, number as NumberDocument, contact),
      source: warnings.length ? 'sync (stale)' : 'sync',
      warnings,
    };
  }

  async forWorkspace(workspaceId: string): Promise<CallConfiguration> {
    const warnings: string[] = [];
    const workspace = await this.document(syncNames.workspace(workspaceId), workspaceDocumentSchema, warnings);
    if (!workspace) return { configuration: { workspaces: [] }, source: 'sync', warnings };
    const numbers = [];
    for (const e164 of workspace.numbers) {
      const number = await this.document(syncNames.number(e164), numberDocumentSchema, warnings);
      if (number) numbers.push(number.number);
    }
    return {
      configuration: { workspaces: [{ ...workspace.workspace, numbers, contacts: [] }], routedNumbers: workspace.numbers },
      source: warnings.length ? 'sync (stale)' : 'sync',
      warnings,
    };
  }

  async workspaceIds(): Promise<string[]> {
    const warnings: string[] = [];
    const index = await this.document(syncNames.index, indexDocumentSchema, warnings);
    return index?.workspaces ?? [];
  }

  private isFresh(entry: CacheEntry, now: number): boolean {
    return now - entry.fetchedAt < this.options.cacheTtlMs;
  }

  /** A document the cache holds and is still fresh, at once: a warm call awaits nothing for it. Else undefined. */
  private freshDocument<T>(name: string): T | undefined {
    const cached = this.fresh.get(name);
    return cached && cached.value !== null && this.isFresh(cached, this.clock()) ? (cached.value as T) : undefined;
  }

  /** A validated document: fresh from cache, else from Sync, else (Sync failing) the last good copy. */
  private async document<S extends z.ZodMiniType>(name: string, schema: S, warnings: string[]): Promise<z.infer<S> | null> {
    const cached = this.fresh.get(name);
    const now = this.clock();
    if (cached && this.isFresh(cached, now)) return cached.value as z.infer<S> | null;
    if (cached?.retryAt !== undefined && now < cached.retryAt) {
      warnings.push(
        `Sync failed moments ago; serving the last good copy of ${name}, fetched ${Math.round((now - cached.fetchedAt) / 1000)} s ago`,
      );
      return cached.value as z.infer<S> | null;
    }
    try {
      const snapshot = await this.gateway.fetchDocument(name);
      const value = snapshot ? parseDocument(name, schema, snapshot.data) : null;
      this.fresh.set(name, { value, fetchedAt: now });
      return value;
    } catch (error) {
      if (!(error instanceof SyncUnavailableError) || !cached) {
        if (error instanceof SyncUnavailableError)
          throw new ConfigUnavailableError(`${error.message}, and no earlier copy of ${name} is cached`, { cause: error });
        throw error;
      }
      const age = Math.round((now - cached.fetchedAt) / 1000);
      this.fresh.set(name, { ...cached, retryAt: now + SYNC_RETRY_AFTER_MS });
      warnings.push(`${error.message}; serving the last good copy of ${name}, fetched ${age} s ago`);
      return cached.value as z.infer<S> | null;
    }
  }

  /** The caller's contact, never cached (assignments change). Failing, the call routes without it. */
  private async contact(number: z.infer<typeof numberDocumentSchema>, from: string, warnings: string[]): Promise<Contact | null> {
    const caller = callerOf(from);
    if (caller.withheld) return null;
    try {
      const contacts = this.contactsNames.of(number.workspace);
      const data = await this.gateway.fetchMapItem(contacts, caller.number);
      if (data === null) return null;
      const parsed = contactSchema.safeParse(data);
      if (!parsed.success) {
        warnings.push(`contact ${caller.number} in ${contacts} is not valid; routing without it`);
        return null;
      }
      return parsed.data;
    } catch (error) {
      warnings.push(`${(error as Error).message}; routing without the caller's contact`);
      return null;
    }
  }
}
