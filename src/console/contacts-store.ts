// Where the console reads and writes a workspace's contacts: the one writer of contacts outside `config push`.
// Contacts are CRM data, not settings (config/layout.ts): in Sync they are the items of the workspace's
// `contacts_<ws>` map, keyed by E.164, read and written item by item (the workspace's document is read for its users
// only, never written); in a bundle file they are the workspace's `contacts`, written under the file's lock with
// the whole bundle validated. Either way a write is all or nothing: a file is renamed over whole, and a Sync write
// that fails half-way puts back every item it had changed before it answers.
import { workspaceDocumentSchema, parseDocument } from '../config/documents';
import { ConfigValidationError } from '../config/errors';
import { syncNames } from '../config/layout';
import { contactSchema, type Contact, type User } from '../config/schema';
import type { BundleInput } from '../config/types';
import { type ConfigurationStore, FileConfigurationStore, prepareEdit } from '../numbers/configuration';
import type { SyncGateway } from '../sync/gateway';

/** A workspace as far as its contacts need it: who may write them (its users) and whom they may be assigned to. */
export interface ContactsOf {
  workspace: { id: string; name: string; users: User[] };
  contacts: Contact[];
}

/** What one write does: the contacts to create or replace (by phone), and the phones to remove. */
export interface ContactChanges {
  puts: Contact[];
  removes: string[];
}

/** Why an edit cannot be made of the contacts as stored now: the answer's status, a sentence and, for rows, each row's problem. */
export class ContactRefusal {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly problems: readonly { row: number | null; field: string | null; message: string }[] = [],
  ) {}
}

/** Decides the changes from the contacts as stored now (read again by the writer), or refuses. */
export type ContactEdit = (current: ContactsOf) => ContactChanges | ContactRefusal;

export type ContactWrite =
  | { status: 'saved'; created: number; updated: number; removed: number }
  | { status: 'refused'; refusal: ContactRefusal }
  | { status: 'missing' }
  | { status: 'forbidden' };

export interface ContactsStore {
  read(workspaceId: string): Promise<ContactsOf | null>;
  /** Runs `edit` on the contacts as stored now and writes its changes, if `mayWrite` lets the subject write the workspace. */
  write(workspaceId: string, mayWrite: (workspace: ContactsOf['workspace']) => boolean, edit: ContactEdit): Promise<ContactWrite>;
}

/** A write of Sync items failed half-way: what failed; every item written before it was put back (`restored`) or not. */
export class ContactWriteError extends Error {
  override readonly name = 'ContactWriteError';
  constructor(
    message: string,
    readonly restored: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const countOf = (changes: ContactChanges, before: ReadonlyMap<string, Contact>) => {
  const created = changes.puts.filter((contact) => !before.has(contact.phone)).length;
  return { created, updated: changes.puts.length - created, removed: changes.removes.filter((phone) => before.has(phone)).length };
};

/** The contacts `list` (as stored: raw or validated) with `changes` made: replaced in place, new ones at the end, removed ones gone. */
export function withChanges<C extends { phone: string }>(
  list: readonly C[],
  changes: ContactChanges,
  toStored: (contact: Contact) => C,
): C[] {
  const puts = new Map(changes.puts.map((contact) => [contact.phone, contact]));
  const removes = new Set(changes.removes);
  const kept = list
    .filter((contact) => !removes.has(contact.phone))
    .map((contact) => {
      const put = puts.get(contact.phone);
      if (!put) return contact;
      puts.delete(contact.phone);
      return toStored(put);
    });
  return [...kept, ...[...puts.values()].map(toStored)];
}

/** A bundle file (CONFIG_FILE): read with the configuration, written under its lock with the whole bundle validated. */
export class FileContactsStore implements ContactsStore {
  constructor(private readonly store: ConfigurationStore) {}

  async read(workspaceId: string): Promise<ContactsOf | null> {
    const workspace = (await this.store.load()).bundle.workspaces.find((candidate) => candidate.id === workspaceId);
    return workspace ? { workspace, contacts: workspace.contacts } : null;
  }

  async write(workspaceId: string, mayWrite: (workspace: ContactsOf['workspace']) => boolean, edit: ContactEdit): Promise<ContactWrite> {
    const update = await this.store.updateWorkspace<ContactWrite>(workspaceId, (loaded) => {
      const index = loaded.bundle.workspaces.findIndex((candidate) => candidate.id === workspaceId);
      const workspace = loaded.bundle.workspaces[index];
      if (!workspace) return { edit: null, result: { status: 'missing' } };
      if (!mayWrite(workspace)) return { edit: null, result: { status: 'forbidden' } };
      const changes = edit({ workspace, contacts: workspace.contacts });
      if (changes instanceof ContactRefusal) return { edit: null, result: { status: 'refused', refusal: changes } };
      try {
        const prepared = prepareEdit(this.store, loaded, (draft: BundleInput) => {
          const stored = draft.workspaces[index]!;
          stored.contacts = withChanges(stored.contacts ?? [], changes, (contact) => ({ ...contact }));
        });
        const before = new Map(workspace.contacts.map((contact) => [contact.phone, contact]));
        return { edit: prepared, result: { status: 'saved', ...countOf(changes, before) } };
      } catch (error) {
        if (!(error instanceof ConfigValidationError)) throw error;
        const problems = error.issues.map((issue) => ({ row: null, field: null, message: `${issue.path}: ${issue.message}` }));
        return {
          edit: null,
          result: { status: 'refused', refusal: new ContactRefusal(422, 'Nothing was saved: the contacts would not be valid.', problems) },
        };
      }
    });
    // A file's compare-and-set never races: it holds the lock from read to write.
    return update.raced
      ? { status: 'refused', refusal: new ContactRefusal(409, 'Someone else saved meanwhile: try again.') }
      : update.result;
  }
}

/** How many Sync item writes run at once: the map is one Sync object (20 writes a second, with a burst). */
const WRITES_AT_ONCE = 4;

/** The workspace's Sync document (for its users) and its `contacts_<ws>` map, item by item. */
export class SyncContactsStore implements ContactsStore {
  constructor(
    private readonly gateway: SyncGateway,
    private readonly warn: (message: string) => void,
  ) {}

  async read(workspaceId: string): Promise<ContactsOf | null> {
    const name = syncNames.workspace(workspaceId);
    const snapshot = await this.gateway.fetchDocument(name);
    if (!snapshot) return null;
    const document = parseDocument(name, workspaceDocumentSchema, snapshot.data);
    const map = syncNames.contacts(workspaceId);
    const contacts: Contact[] = [];
    for (const item of await this.gateway.listMapItems(map)) {
      const parsed = contactSchema.safeParse(item.data);
      if (parsed.success) contacts.push(parsed.data);
      else this.warn(`contact ${item.key} in ${map} is not valid; left out`);
    }
    return { workspace: { id: workspaceId, name: document.workspace.name, users: document.workspace.users }, contacts };
  }

  async write(workspaceId: string, mayWrite: (workspace: ContactsOf['workspace']) => boolean, edit: ContactEdit): Promise<ContactWrite> {
    const current = await this.read(workspaceId);
    if (!current) return { status: 'missing' };
    if (!mayWrite(current.workspace)) return { status: 'forbidden' };
    const changes = edit(current);
    if (changes instanceof ContactRefusal) return { status: 'refused', refusal: changes };
    const before = new Map(current.contacts.map((contact) => [contact.phone, contact]));
    const map = syncNames.contacts(workspaceId);
    await this.gateway.ensureMap(map);
    // Each step and how to undo it; the undo of every step done runs when a later one fails.
    const undo: (() => Promise<void>)[] = [];
    const steps: (() => Promise<void>)[] = [
      ...changes.puts.map((contact) => async () => {
        const was = before.get(contact.phone);
        if (was) {
          if (!(await this.gateway.updateMapItem(map, contact.phone, contact))) await this.gateway.putMapItem(map, contact.phone, contact);
          undo.push(() => this.gateway.putMapItem(map, contact.phone, was));
        } else {
          if (!(await this.gateway.createMapItem(map, contact.phone, contact)))
            throw new ContactRefusalError(
              new ContactRefusal(409, `${contact.phone} was added by someone else meanwhile: nothing was saved; reload and try again.`),
            );
          undo.push(() => this.gateway.removeMapItem(map, contact.phone));
        }
      }),
      ...changes.removes.map((phone) => async () => {
        const was = before.get(phone);
        await this.gateway.removeMapItem(map, phone);
        if (was) undo.push(() => this.gateway.putMapItem(map, phone, was));
      }),
    ];
    try {
      for (let start = 0; start < steps.length; start += WRITES_AT_ONCE) {
        const results = await Promise.allSettled(steps.slice(start, start + WRITES_AT_ONCE).map((step) => step()));
        const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
        if (failed) throw failed.reason;
      }
    } catch (error) {
      let restored = true;
      for (const step of undo.reverse()) {
        try {
          await step();
        } catch (undoError) {
          restored = false;
          this.warn(`could not put back a contact of ${map}: ${(undoError as Error).message}`);
        }
      }
      if (error instanceof ContactRefusalError && restored) return { status: 'refused', refusal: error.refusal };
      throw new ContactWriteError(
        restored
          ? `Sync failed while saving the contacts, and every contact written was put back as it was: nothing was saved (${(error as Error).message}).`
          : `Sync failed while saving the contacts, and some could not be put back: reload the page and check them (${(error as Error).message}).`,
        restored,
        { cause: error },
      );
    }
    return { status: 'saved', ...countOf(changes, before) };
  }
}

/** A refusal found while writing (a contact created meanwhile): thrown to stop the other writes, answered as a refusal. */
class ContactRefusalError extends Error {
  override readonly name = 'ContactRefusalError';
  constructor(readonly refusal: ContactRefusal) {
    super(refusal.error);
  }
}

/** The contacts store of the configuration `store` (consoleStore's): Sync's map when it is Sync, else the bundle file. */
export function contactsStoreFor(
  store: ConfigurationStore,
  gateway: SyncGateway | undefined,
  warn: (message: string) => void,
): ContactsStore {
  if (store instanceof FileConfigurationStore || !gateway) return new FileContactsStore(store);
  return new SyncContactsStore(gateway, warn);
}
