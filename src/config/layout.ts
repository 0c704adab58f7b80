// How a bundle is laid out in Twilio Sync, and back. Pure: no I/O.
//
//   Document  deployment               { version, workspaces: [ids] }                    what `config pull` starts from
//   Document  workspace_<id>           { version, workspace: settings+users, numbers }  one per workspace
//   Document  number_<digits>          { version, workspace, number }                   one per routed number
//   Map       contacts_<workspace>     key: E.164, data: the contact                     CRM data, not settings
//
// Loading one call reads number_<digits>, then workspace_<id>, then one contacts item: 3 requests.
import type { Bundle, Contact, PhoneNumber, Workspace } from './schema';

export const LAYOUT_VERSION = 1 as const;
/** Twilio Sync's limit on one Document's data. */
export const SYNC_DOCUMENT_MAX_BYTES = 16 * 1024;

export const syncNames = {
  index: 'deployment',
  workspace: (workspaceId: string) => `workspace_${workspaceId}`,
  number: (e164: string) => `number_${e164.replace(/^\+/, '')}`,
  contacts: (workspaceId: string) => `contacts_${workspaceId}`,
};

export type WorkspaceSettings = Omit<Workspace, 'numbers' | 'contacts'>;

export interface IndexDocument {
  version: typeof LAYOUT_VERSION;
  workspaces: string[];
}

export interface WorkspaceDocument {
  version: typeof LAYOUT_VERSION;
  workspace: WorkspaceSettings;
  /** The workspace's routed numbers, so a call's slice still knows which destinations would loop. */
  numbers: string[];
}

export interface NumberDocument {
  version: typeof LAYOUT_VERSION;
  workspace: string;
  number: PhoneNumber;
}

export interface SyncLayout {
  index: IndexDocument;
  workspaces: Map<string, WorkspaceDocument>;
  numbers: Map<string, NumberDocument>;
  /** workspace id -> its contacts, keyed by E.164 in the Sync Map. */
  contacts: Map<string, Contact[]>;
}

export function workspaceDocument(workspace: Workspace): WorkspaceDocument {
  const { numbers, contacts: _contacts, ...settings } = workspace;
  return { version: LAYOUT_VERSION, workspace: settings, numbers: numbers.map((number) => number.number) };
}

/**
 * Per-user fields left out of the stored workspace document while they hold their default (the schema in documents.ts
 * restores them on every read): a large team's document stays inside Sync's 16 KiB as it was before these fields.
 */
const USER_DEFAULTS_LEFT_OUT = { doNotDisturb: false, workingHours: null } as const;

/**
 * The workspace document as written to Sync: `document` with each user's USER_DEFAULTS_LEFT_OUT fields dropped where
 * they hold the default. Read back through workspaceDocumentSchema it is `document` again, so comparisons (plan,
 * revisions) keep using workspaceDocument's whole form; only the bytes Sync stores, and the size check, use this one.
 */
export function storedWorkspaceDocument(document: WorkspaceDocument): WorkspaceDocument {
  // The size check runs this over a workspace parsed only so far: anything but a list of objects is kept as it is.
  if (!Array.isArray(document.workspace.users)) return document;
  const users = document.workspace.users.map((user) => {
    if (!user || typeof user !== 'object') return user;
    const kept: Record<string, unknown> = { ...user };
    for (const [field, value] of Object.entries(USER_DEFAULTS_LEFT_OUT)) if (kept[field] === value) delete kept[field];
    return kept as typeof user;
  });
  return { ...document, workspace: { ...document.workspace, users } };
}

export function numberDocument(workspaceId: string, number: PhoneNumber): NumberDocument {
  return { version: LAYOUT_VERSION, workspace: workspaceId, number };
}

export function bundleToLayout(bundle: Bundle): SyncLayout {
  const layout: SyncLayout = {
    index: { version: LAYOUT_VERSION, workspaces: bundle.workspaces.map((workspace) => workspace.id) },
    workspaces: new Map(),
    numbers: new Map(),
    contacts: new Map(),
  };
  for (const workspace of bundle.workspaces) {
    layout.workspaces.set(workspace.id, workspaceDocument(workspace));
    for (const number of workspace.numbers) layout.numbers.set(number.number, numberDocument(workspace.id, number));
    layout.contacts.set(workspace.id, workspace.contacts);
  }
  return layout;
}

/** Reassembles a bundle (not yet validated: the caller parses it) in the index's workspace order. */
export function layoutToBundle(layout: SyncLayout): unknown {
  return {
    workspaces: layout.index.workspaces.map((id) => {
      const document = layout.workspaces.get(id);
      if (!document) return { id };
      return {
        ...document.workspace,
        numbers: document.numbers.map((e164) => layout.numbers.get(e164)?.number ?? { number: e164 }),
        contacts: layout.contacts.get(id) ?? [],
      };
    }),
  };
}

/** The slice of configuration one call needs, shaped as a bundle so decide() takes it as it is. */
export function callSlice(
  workspace: WorkspaceDocument,
  number: NumberDocument,
  contact: Contact | null,
): Bundle & { routedNumbers: string[] } {
  return {
    // Object.assign, not a spread followed by more properties: V8 builds a new hidden class for every such
    // spread object, which costs microseconds on each call.
    workspaces: [Object.assign({}, workspace.workspace, { numbers: [number.number], contacts: contact ? [contact] : [] })],
    routedNumbers: workspace.numbers,
  };
}

/** The size Sync counts: the document's data serialized as JSON, in UTF-8 bytes. */
export function serializedSize(data: unknown): number {
  return new TextEncoder().encode(JSON.stringify(data)).length; // Buffer-free: the console runs this in the browser
}
