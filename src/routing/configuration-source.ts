// Where the configuration for a call comes from, as routing sees it: a whole bundle (the shipped asset or a
// local file) or Twilio Sync. Either way a call gets what decide() routes with, and any warning worth logging.
// Interfaces only; the sources live with their storage (src/runtime/config-source.ts, src/sync/).
import type { RoutingConfiguration } from './lookup';

export interface CallConfiguration {
  configuration: RoutingConfiguration;
  /** "asset /sample-config.json", "file ...", "sync", "sync (stale)". */
  source: string;
  /** Things the log should say: a stale copy served, a contact that could not be read. */
  warnings: string[];
}

export interface ConfigurationSource {
  forCall(call: { to: string; from: string }): Promise<CallConfiguration>;
  /** A workspace with all its numbers (no contacts): for calls that start from a user, not a number. */
  forWorkspace(workspaceId: string): Promise<CallConfiguration>;
}
