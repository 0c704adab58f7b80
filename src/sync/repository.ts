// A whole bundle in Sync: read it back (`config pull`), and work out and apply the writes that make Sync
// match a bundle (`config push`). Writes go in an order that keeps every call routable meanwhile:
// workspaces before the numbers that point at them, the index after both, removals last.
import { isDeepStrictEqual } from 'node:util';
import { indexDocumentSchema, numberDocumentSchema, parseDocument, workspaceDocumentSchema } from '../config/documents';
import { ConfigReadError } from '../config/errors';
import {
  bundleToLayout,
  layoutToBundle,
  SYNC_DOCUMENT_MAX_BYTES,
  serializedSize,
  storedWorkspaceDocument,
  syncNames,
  type SyncLayout,
  type WorkspaceDocument,
} from '../config/layout';
import type { Bundle, Contact } from '../config/schema';
import type { SyncGateway } from './gateway';

export type Change =
  | { kind: 'create' | 'update' | 'remove'; target: 'document'; name: string; fields?: string[] }
  | { kind: 'create' | 'update' | 'remove'; target: 'contact'; map: string; key: string };

export interface PushPlan {
  changes: Change[];
  unchanged: number;
  /** The data each create or update writes, by document name or `map/key`. */
  data: Map<string, object>;
}

/** The fields a document update changes; the settings inside `workspace` or `number` are named one by one. */
function changedFields(before: object, after: object): string[] {
  const differing = (left: Record<string, unknown>, right: Record<string, unknown>) =>
    [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => !isDeepStrictEqual(left[key], right[key]));
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return differing(a, b)
    .flatMap((key) =>
      (key === 'workspace' || key === 'number') && typeof a[key] === 'object' && typeof b[key] === 'object'
        ? differing(a[key] as Record<string, unknown>, b[key] as Record<string, unknown>)
        : [key],
    )
    .sort();
}

export class SyncRepository {
  constructor(private readonly gateway: SyncGateway) {}

  /** Reads every document and contact the layout names; an empty service reads as no workspaces. */
  async readLayout(): Promise<SyncLayout> {
    return (await this.readLayoutWithRevisions()).layout;
  }

  /** The layout, and the Sync revision of each document read (by name), for conditional writes. */
  async readLayoutWithRevisions(): Promise<{ layout: SyncLayout; revisions: Map<string, string> }> {
    const revisions = new Map<string, string>();
    const fetchDocument = async (name: string) => {
      const snapshot = await this.gateway.fetchDocument(name);
      if (snapshot) revisions.set(name, snapshot.revision);
      return snapshot;
    };
    const layout = await this.readLayoutWith(fetchDocument);
    return { layout, revisions };
  }

  private async readLayoutWith(fetchDocument: (name: string) => ReturnType<SyncGateway['fetchDocument']>): Promise<SyncLayout> {
    const layout: SyncLayout = { index: { version: 1, workspaces: [] }, workspaces: new Map(), numbers: new Map(), contacts: new Map() };
    const index = await fetchDocument(syncNames.index);
    if (!index) return layout;
    layout.index = parseDocument(syncNames.index, indexDocumentSchema, index.data);
    for (const workspaceId of layout.index.workspaces) {
      const snapshot = await fetchDocument(syncNames.workspace(workspaceId));
      if (!snapshot)
        throw new ConfigReadError(`Sync's index lists workspace "${workspaceId}", but ${syncNames.workspace(workspaceId)} does not exist`);
      const workspace = parseDocument(syncNames.workspace(workspaceId), workspaceDocumentSchema, snapshot.data);
      layout.workspaces.set(workspaceId, workspace);
      for (const e164 of workspace.numbers) {
        const number = await fetchDocument(syncNames.number(e164));
        if (number) layout.numbers.set(e164, parseDocument(syncNames.number(e164), numberDocumentSchema, number.data));
      }
      const items = await this.gateway.listMapItems(syncNames.contacts(workspaceId));
      layout.contacts.set(
        workspaceId,
        items.map((item) => item.data as Contact),
      );
    }
    return layout;
  }

  /** The bundle Sync holds now (not yet validated as a whole: `config pull` does that). */
  async readBundle(): Promise<unknown> {
    return layoutToBundle(await this.readLayout());
  }

  /** What a push of `bundle` would change. Reads Sync; writes nothing. */
  async plan(bundle: Bundle): Promise<PushPlan> {
    const current = await this.readLayout();
    const desired = bundleToLayout(bundle);
    const plan: PushPlan = { changes: [], unchanged: 0, data: new Map() };
    const document = (name: string, before: object | undefined, after: object | undefined) => {
      if (after === undefined) {
        if (before !== undefined) plan.changes.push({ kind: 'remove', target: 'document', name });
        return;
      }
      if (before === undefined) plan.changes.push({ kind: 'create', target: 'document', name });
      else if (!isDeepStrictEqual(before, after))
        plan.changes.push({ kind: 'update', target: 'document', name, fields: changedFields(before, after) });
      else {
        plan.unchanged += 1;
        return;
      }
      plan.data.set(name, after);
    };

    // Creates and updates, in a safe order: workspaces, numbers, contacts, then the index.
    for (const [id, workspace] of desired.workspaces) document(syncNames.workspace(id), current.workspaces.get(id), workspace);
    for (const [e164, number] of desired.numbers) document(syncNames.number(e164), current.numbers.get(e164), number);
    for (const [id, contacts] of desired.contacts) {
      const map = syncNames.contacts(id);
      const before = new Map((current.contacts.get(id) ?? []).map((contact) => [contact.phone, contact]));
      for (const contact of contacts) {
        const existing = before.get(contact.phone);
        if (existing && isDeepStrictEqual(existing, contact)) plan.unchanged += 1;
        else {
          plan.changes.push({ kind: existing ? 'update' : 'create', target: 'contact', map, key: contact.phone });
          plan.data.set(`${map}/${contact.phone}`, contact);
        }
        before.delete(contact.phone);
      }
      for (const phone of before.keys()) plan.changes.push({ kind: 'remove', target: 'contact', map, key: phone });
    }
    document(syncNames.index, current.index.workspaces.length ? current.index : undefined, desired.index);
    // Compared whole (as read back), written in the stored form (users' defaults left out: layout.ts).
    for (const [id, workspace] of desired.workspaces)
      if (plan.data.has(syncNames.workspace(id))) plan.data.set(syncNames.workspace(id), storedWorkspaceDocument(workspace));

    // Removals last: numbers no longer routed, then workspaces no longer listed (with their contacts).
    for (const e164 of current.numbers.keys())
      if (!desired.numbers.has(e164)) document(syncNames.number(e164), current.numbers.get(e164), undefined);
    for (const id of current.workspaces.keys()) {
      if (desired.workspaces.has(id)) continue;
      for (const contact of current.contacts.get(id) ?? [])
        plan.changes.push({ kind: 'remove', target: 'contact', map: syncNames.contacts(id), key: contact.phone });
      document(syncNames.workspace(id), current.workspaces.get(id), undefined);
    }
    return plan;
  }

  /**
   * Makes one workspace's documents what `bundle` says, from `current` (read at the workspace document's Sync
   * `revision`): the workspace's document first, with If-Match on that revision and written even when unchanged (so
   * each write moves the revision on), then the documents of its numbers, added, changed or no longer its own.
   * Contacts, the index and other workspaces are left alone. Null, with nothing written, when the workspace's
   * document is no longer at `revision`.
   */
  async writeWorkspace(bundle: Bundle, workspaceId: string, current: SyncLayout, revision: string): Promise<Change[] | null> {
    const desired = bundleToLayout(bundle);
    const name = syncNames.workspace(workspaceId);
    const before = current.workspaces.get(workspaceId);
    const after = desired.workspaces.get(workspaceId);
    if (!before || !after) return null;
    if (!(await this.gateway.updateDocumentIfMatch(name, storedWorkspaceDocument(after), revision))) return null;
    const changes: Change[] = [];
    if (!isDeepStrictEqual(before, after)) changes.push({ kind: 'update', target: 'document', name, fields: changedFields(before, after) });
    for (const e164 of after.numbers) {
      const numberName = syncNames.number(e164);
      const was = current.numbers.get(e164);
      const wanted = desired.numbers.get(e164)!;
      if (was && isDeepStrictEqual(was, wanted)) continue;
      if (was) await this.gateway.updateDocument(numberName, wanted);
      else await this.gateway.createDocument(numberName, wanted);
      changes.push(
        was
          ? { kind: 'update', target: 'document', name: numberName, fields: changedFields(was, wanted) }
          : { kind: 'create', target: 'document', name: numberName },
      );
    }
    for (const e164 of before.numbers) {
      if (after.numbers.includes(e164)) continue;
      await this.gateway.removeDocument(syncNames.number(e164));
      changes.push({ kind: 'remove', target: 'document', name: syncNames.number(e164) });
    }
    return changes;
  }

  /**
   * Adds a workspace the index does not list yet: its document, then the index with If-Match on the revision read
   * (`indexRevision`), then its numbers' documents. Null (raced) when the index was written in between: the document
   * made is removed and the index is as it was, so two adds at once never lose one another's workspace.
   */
  async addWorkspace(bundle: Bundle, workspaceId: string, current: SyncLayout, indexRevision: string): Promise<Change[] | null> {
    const desired = bundleToLayout(bundle);
    const after = desired.workspaces.get(workspaceId);
    if (!after || current.workspaces.has(workspaceId)) return null;
    const name = syncNames.workspace(workspaceId);
    await this.gateway.createDocument(name, storedWorkspaceDocument(after));
    const index = { ...current.index, workspaces: [...current.index.workspaces, workspaceId] };
    if (!(await this.gateway.updateDocumentIfMatch(syncNames.index, index, indexRevision))) {
      await this.gateway.removeDocument(name);
      return null;
    }
    const changes: Change[] = [
      { kind: 'create', target: 'document', name },
      { kind: 'update', target: 'document', name: syncNames.index, fields: ['workspaces'] },
    ];
    for (const e164 of after.numbers) {
      await this.gateway.createDocument(syncNames.number(e164), desired.numbers.get(e164)!);
      changes.push({ kind: 'create', target: 'document', name: syncNames.number(e164) });
    }
    return changes;
  }

  /**
   * Changes one workspace's own document alone: 2 requests (read it, then write it with If-Match on the revision read),
   * however many workspaces the service holds, for a change no other document depends on (a user's own setting,
   * such as doNotDisturb; a whole push or console save reads every document to validate the bundle). `change` gets the
   * document as read and returns the new one, or null to leave it; the new one must be a valid workspace document and
   * fit in Sync's 16 KiB (a ConfigReadError says why not). `raced`: the document was written in between, nothing was.
   */
  async changeWorkspaceDocument(
    workspaceId: string,
    change: (document: WorkspaceDocument) => WorkspaceDocument | null,
  ): Promise<'saved' | 'unchanged' | 'missing' | 'raced'> {
    const name = syncNames.workspace(workspaceId);
    const snapshot = await this.gateway.fetchDocument(name);
    if (!snapshot) return 'missing';
    const next = change(parseDocument(name, workspaceDocumentSchema, snapshot.data));
    if (next === null) return 'unchanged';
    const stored = storedWorkspaceDocument(parseDocument(name, workspaceDocumentSchema, next));
    const bytes = serializedSize(stored);
    if (bytes > SYNC_DOCUMENT_MAX_BYTES)
      throw new ConfigReadError(`${name} would be ${bytes} bytes; Sync holds at most ${SYNC_DOCUMENT_MAX_BYTES} bytes per document`);
    return (await this.gateway.updateDocumentIfMatch(name, stored, snapshot.revision)) ? 'saved' : 'raced';
  }

  /** Applies a plan's changes in order. */
  async apply(plan: PushPlan): Promise<void> {
    const ensured = new Set<string>();
    for (const change of plan.changes) {
      if (change.target === 'document') {
        const data = plan.data.get(change.name);
        if (change.kind === 'remove') await this.gateway.removeDocument(change.name);
        else if (change.kind === 'create') await this.gateway.createDocument(change.name, data!);
        else await this.gateway.updateDocument(change.name, data!);
        continue;
      }
      if (change.kind === 'remove') {
        await this.gateway.removeMapItem(change.map, change.key);
        continue;
      }
      if (!ensured.has(change.map)) {
        await this.gateway.ensureMap(change.map);
        ensured.add(change.map);
      }
      await this.gateway.putMapItem(change.map, change.key, plan.data.get(`${change.map}/${change.key}`)!);
    }
  }
}

export function describeChange(change: Change): string {
  const sign = change.kind === 'create' ? '+' : change.kind === 'update' ? '~' : '-';
  if (change.target === 'document') {
    return `${sign} ${change.kind} document ${change.name}${change.fields?.length ? ` (${change.fields.join(', ')})` : ''}`;
  }
  return `${sign} ${change.kind} contact ${change.key} in map ${change.map}`;
}
