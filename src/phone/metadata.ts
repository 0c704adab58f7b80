// libphonenumber-js's `min` metadata, read and parsed once per process. In a Function it is the private asset the
// build copies from the package (assets/phone-metadata.private.json, served as /phone-metadata.json), so the
// 83 KB of JSON is not bundled into outbound-call; elsewhere (the CLIs, the tests) it is the package's own file.
import { readFileSync } from 'node:fs';
import type { MetadataJson } from 'libphonenumber-js/core';
import { builtOnce } from '../config/built-once';

/** The asset's name as Runtime.getAssets() gives it. */
export const PHONE_METADATA_ASSET = '/phone-metadata.json';

/** The metadata is not where it should be: a deploy made without building first. */
export class PhoneMetadataError extends Error {
  override readonly name: string = 'PhoneMetadataError';
}

type Assets = Record<string, { open(): string } | undefined>;

function functionAssets(): Assets | undefined {
  const runtime = (globalThis as { Runtime?: { getAssets(): Assets } }).Runtime;
  return runtime ? runtime.getAssets() : undefined;
}

function readMetadata(): MetadataJson {
  const assets = functionAssets();
  if (assets) {
    const asset = assets[PHONE_METADATA_ASSET];
    if (!asset)
      throw new PhoneMetadataError(
        `no private asset ${PHONE_METADATA_ASSET} holds libphonenumber-js's metadata: build (npm run build) before serving or deploying`,
      );
    return JSON.parse(asset.open()) as MetadataJson;
  }
  return JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.min.json'), 'utf8')) as MetadataJson;
}

export const phoneMetadata = builtOnce(readMetadata);
