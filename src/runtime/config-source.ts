// Where a function gets its configuration: the bundle shipped as a private asset (the local default),
// or, when serving locally, a bundle file named by CONFIG_FILE. Parsed once and kept while its text is unchanged.
import { parseBundleText, readConfigFileText, type Bundle } from '../config';
import { ConfigReadError } from '../config/errors';

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
