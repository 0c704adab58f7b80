// Where a function gets its configuration without Sync: the bundle shipped as a private asset (the local
// default), or, when serving locally, a bundle file named by CONFIG_FILE. Parsed once and kept while its text
// is unchanged.
import { ConfigReadError, parseBundleText, readConfigFileText, type Bundle } from '../config';
import type { CallConfiguration, ConfigurationSource } from '../routing/configuration-source';

export interface AssetMap {
  [name: string]: { path: string; open(): string } | undefined;
}

let cached: { source: string; text: string; bundle: Bundle } | undefined;

function parseCached(source: string, text: string): Bundle {
  if (cached && cached.source === source && cached.text === text) return cached.bundle;
  const bundle = parseBundleText(text, source);
  cached = { source, text, bundle };
  return bundle;
}

export function loadBundleFromAssets(assets: AssetMap, assetName: string): Bundle {
  const asset = assets[assetName];
  if (!asset) {
    const known = Object.keys(assets).join(', ') || 'none';
    throw new ConfigReadError(`No private asset ${assetName} holds the configuration (private assets: ${known})`);
  }
  return parseCached(`asset ${assetName}`, asset.open());
}

export function loadBundleFromFile(file: string): Bundle {
  return parseCached(`file ${file}`, readConfigFileText(file));
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
