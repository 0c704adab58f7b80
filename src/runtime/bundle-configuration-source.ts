// Where a function gets its configuration without Sync: the bundle shipped as a private asset (the local
// default), or, when serving locally, a bundle file named by CONFIG_FILE. An asset is read and parsed once per
// container: a deployed asset never changes, so no request reads or compares it again. A file is read again only
// when its size or modification time changes (one stat per request), so an edit reaches the next call.
import { statSync } from 'node:fs';
import { ConfigReadError } from '../config/errors';
import { parseBundleText, readConfigFileText } from '../config/parse';
import type { Bundle } from '../config/types';
import type { CallConfiguration, ConfigurationSource } from '../routing/configuration-source';

export interface AssetMap {
  [name: string]: { path: string; open(): string } | undefined;
}

/** A parse's outcome, kept: an asset that is not valid stays so, and each request gets the same error at once. */
type Parsed = { ok: true; bundle: Bundle } | { ok: false; error: unknown };

function parse(text: string, source: string): Parsed {
  try {
    return { ok: true, bundle: parseBundleText(text, source) };
  } catch (error) {
    return { ok: false, error };
  }
}

function unwrap(parsed: Parsed): Bundle {
  if (parsed.ok) return parsed.bundle;
  throw parsed.error;
}

/** By asset name and the file behind it. */
const parsedAssets = new Map<string, Parsed>();

export function loadBundleFromAssets(assets: AssetMap, assetName: string): Bundle {
  const asset = assets[assetName];
  if (!asset) {
    const known = Object.keys(assets).join(', ') || 'none';
    throw new ConfigReadError(`No private asset ${assetName} holds the configuration (private assets: ${known})`);
  }
  const key = `${assetName}\0${asset.path}`;
  let parsed = parsedAssets.get(key);
  if (!parsed) {
    // A failed read is not kept (the next request tries again); what the text says is.
    parsed = parse(asset.open(), `asset ${assetName}`);
    parsedAssets.set(key, parsed);
  }
  return unwrap(parsed);
}

let parsedFile: { file: string; version: string; parsed: Parsed } | undefined;

/** What changes when the file is written: its identity, size and modification time. */
function fileVersion(file: string): string | undefined {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return undefined; // readConfigFileText says why
  }
}

export function loadBundleFromFile(file: string): Bundle {
  const version = fileVersion(file);
  if (version !== undefined && parsedFile?.file === file && parsedFile.version === version) return unwrap(parsedFile.parsed);
  const parsed = parse(readConfigFileText(file), `file ${file}`);
  if (version !== undefined) parsedFile = { file, version, parsed };
  return unwrap(parsed);
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

  async workspaceIds(): Promise<string[]> {
    return this.load().workspaces.map((workspace) => workspace.id);
  }
}
