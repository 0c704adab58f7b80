// The shape of src/, held by a test: no cycle between folders, src/routing pure (no zod, no Twilio, no I/O,
// nothing from config but its zod-free constants and types), and flows that see the request types only.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT } from '../support/twilio-run';

const SRC = join(ROOT, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** Every import of every file in src/: the file, the specifier, and for a relative one the target under src/. */
const IMPORTS = sourceFiles(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((match) => {
    const specifier = match[1]!;
    const target = specifier.startsWith('.') ? relative(SRC, normalize(join(dirname(file), specifier))) : undefined;
    return { from: relative(SRC, file), specifier, target };
  }),
);
const folderOf = (path: string) => path.split('/')[0]!;

test('the import scan sees the code (a scan that finds nothing would pass everything)', () => {
  expect(IMPORTS.filter((entry) => entry.from.startsWith('routing/')).length).toBeGreaterThan(10);
  expect(IMPORTS.some((entry) => /^zod(?:\/|$)/.test(entry.specifier))).toBe(true);
});

test('no cycle between the folders of src/', () => {
  const edges = new Map<string, Set<string>>();
  for (const { from, target } of IMPORTS) {
    if (!target || target.startsWith('..') || folderOf(from) === folderOf(target) || !target.includes('/')) continue;
    if (!edges.has(folderOf(from))) edges.set(folderOf(from), new Set());
    edges.get(folderOf(from))!.add(folderOf(target));
  }
  const cycles: string[] = [];
  const visit = (folder: string, path: string[]) => {
    for (const next of edges.get(folder) ?? []) {
      if (next === path[0]) cycles.push([...path, next].join(' -> '));
      else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
    }
  };
  for (const folder of edges.keys()) visit(folder, [folder]);
  expect(cycles).toEqual([]);
});

test('src/routing imports no zod, no Twilio, no Node I/O, and from config only constants.ts and types.ts', () => {
  const routing = IMPORTS.filter((entry) => entry.from.startsWith('routing/'));
  const outside = routing.filter((entry) => !entry.target?.startsWith('routing/'));
  expect(
    outside.map((entry) => entry.target ?? entry.specifier).filter((target) => !['config/constants', 'config/types'].includes(target)),
  ).toEqual([]);
});

test('flows take the request types from runtime/request, never the handler factory', () => {
  expect(IMPORTS.filter((entry) => entry.from.startsWith('flows/') && entry.target === 'runtime/webhook')).toEqual([]);
});

/** Every folder under src/, at any depth. */
function foldersUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => [join(folder, entry.name), ...foldersUnder(join(folder, entry.name))]);
}

test('every import names a module, never a folder: no folder of src/ has an index.ts (one way in; a bundle takes what it names)', () => {
  const folders = foldersUnder(SRC);
  expect(folders.length).toBeGreaterThan(20);
  expect(folders.filter((folder) => existsSync(join(folder, 'index.ts'))).map((folder) => relative(SRC, folder))).toEqual([]);
  const folderImports = IMPORTS.filter(
    ({ target }) =>
      target !== undefined && !target.startsWith('..') && existsSync(join(SRC, target)) && statSync(join(SRC, target)).isDirectory(),
  );
  expect(folderImports).toEqual([]);
});

test('src/state knows nothing of Sync: the Sync-backed store, its provisioning and the migration live in src/sync', () => {
  expect(IMPORTS.filter((entry) => entry.from.startsWith('state/') && entry.target?.startsWith('sync/'))).toEqual([]);
});

test("a module imported for its effect alone is listed in package.json's sideEffects (else the build drops it)", () => {
  const listed = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { sideEffects: string[] }).sideEffects;
  const forEffect = sourceFiles(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^import\s+'(\.[^']+)';/gm)].map(
      (match) => `./${relative(ROOT, join(dirname(file), match[1]!))}.ts`,
    ),
  );
  expect(forEffect.length).toBeGreaterThan(0);
  expect(forEffect.filter((file) => !listed.includes(file))).toEqual([]);
});
