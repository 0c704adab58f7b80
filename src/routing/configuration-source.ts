// Where the configuration for a call comes from, as routing sees it: a whole bundle (the shipped asset or a
// local file) or Twilio Sync. Either way a call gets what decide() routes with, and any warning worth logging.
// Interfaces only; the sources live with their storage (src/runtime/bundle-configuration-source.ts, src/sync/configuration-source.ts).
import type { Contact } from '../config/types';
import type { RoutingConfiguration } from './lookup';

export interface CallConfiguration {
  configuration: RoutingConfiguration;
  /** "asset /sample-config.json", "file ...", "sync", "sync (stale)". */
  source: string;
  /** Things the log should say: a stale copy served, a contact that could not be read. */
  warnings: string[];
}

/** What an earlier step of the call already read, carried on its signed URL so it is not read again. */
export interface KnownForCall {
  /** The caller's contact (null: the caller is not one), as the call's first step found it. */
  contact?: Contact | null;
}

export interface ConfigurationSource {
  forCall(call: { to: string; from: string }, known?: KnownForCall): Promise<CallConfiguration>;
  /** The ids of every workspace (for looking a call up when nothing says which workspace it belongs to). */
  workspaceIds(): Promise<string[]>;
  /** A workspace with all its numbers (no contacts): for calls that start from a user, not a number. */
  forWorkspace(workspaceId: string): Promise<CallConfiguration>;
}
