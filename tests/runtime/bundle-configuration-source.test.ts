// The configuration without Sync: an asset is read and parsed once per container (a deployed asset never
// changes), whatever it says; a CONFIG_FILE is read again only when it changes on disk, so an edit reaches the
// next call and an unchanged file costs a stat, not a read and a parse.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReadError, ConfigValidationError } from '../../src/config/errors';
import { loadBundleFromAssets, loadBundleFromFile, type AssetMap } from '../../src/runtime/bundle-configuration-source';
import { ROOT } from '../support/twilio-run';

const SAMPLE = readFileSync(join(ROOT, 'assets', 'sample-config.private.json'), 'utf8');
const folder = mkdtempSync(join(tmpdir(), 'config-source-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** One asset whose reads are counted, as Runtime.getAssets() gives it (a fresh map on every call). */
function countedAsset(name: string, path: string, text: string) {
  const counter = { reads: 0 };
  const assets = (): AssetMap => ({
    [name]: {
      path,
      open: () => {
        counter.reads += 1;
        return text;
      },
    },
  });
  return { assets, counter };
}

test('an asset is read and parsed once, then every request gets the same bundle', () => {
  const { assets, counter } = countedAsset('/config-once.json', join(folder, 'config-once.private.json'), SAMPLE);
  const first = loadBundleFromAssets(assets(), '/config-once.json');
  expect(first.workspaces.length).toBeGreaterThan(0);
  for (let request = 0; request < 50; request += 1) expect(loadBundleFromAssets(assets(), '/config-once.json')).toBe(first);
  expect(counter.reads).toBe(1);
});

test('an asset that is not valid is read once too, and every request gets its error', () => {
  const { assets, counter } = countedAsset('/config-bad.json', join(folder, 'config-bad.private.json'), '{ "workspaces": [] }');
  for (let request = 0; request < 3; request += 1)
    expect(() => loadBundleFromAssets(assets(), '/config-bad.json')).toThrow(ConfigValidationError);
  expect(counter.reads).toBe(1);
  expect(() => loadBundleFromAssets(assets(), '/missing.json')).toThrow(ConfigReadError);
});

test('a file is parsed again only when it changes', () => {
  const file = join(folder, 'bundle.json');
  writeFileSync(file, SAMPLE);
  const first = loadBundleFromFile(file);
  expect(loadBundleFromFile(file)).toBe(first);

  const edited = JSON.parse(SAMPLE) as { workspaces: { name: string }[] };
  edited.workspaces[0]!.name = 'Renamed while serving';
  writeFileSync(file, JSON.stringify(edited));
  // The size differs already; the time is moved too, since a coarse clock could give both writes the same one.
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const second = loadBundleFromFile(file);
  expect(second).not.toBe(first);
  expect(second.workspaces[0]!.name).toBe('Renamed while serving');
  expect(loadBundleFromFile(file)).toBe(second);

  writeFileSync(file, '{ "workspaces": [ { "id": "x" ');
  expect(() => loadBundleFromFile(file)).toThrow(ConfigReadError);
  rmSync(file);
  expect(() => loadBundleFromFile(file)).toThrow(/no such file/);
});
