// Where the configuration for a call comes from: a whole bundle (the shipped asset or a local file)
// or Twilio Sync. Either way a call gets what decide() routes with, and any warning worth logging.
import type { RoutingConfiguration } from '../routing/lookup';
import type { Bundle } from './schema';

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

/** Serves a whole bundle read by `load` (parsed and cached by the loader). */
export class BundleSource implements ConfigurationSource {
  constructor(
    private readonly label: string,
    private readonly load: () => Bundle,
  ) {}

  async forCall(): Promise<CallConfiguration> {
    return { configuration: this.load(), source: this.label, warnings: [] };
  }

  async forWorkspace(): Promise<CallConfiguration> {
    return this.forCall();
  }
}
