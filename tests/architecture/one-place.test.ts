// Logic that was written more than once (issue 19), held to its one place by a scan of src/: a caller's contact is
// found by src/phone/caller-id's contactOfCaller (none for a withheld caller), and the reasons a number is never
// texted are given by src/textback/policy's standingRefusal. The folders scanned are those whose copies were folded
// in and the call flow (the server's code; the console page in console/ui is built apart). src/routing is pure: it
// cannot import the phone metadata, so decide() matches the contact of the caller it is handed itself.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../support/twilio-run';

const SRC = join(ROOT, 'src');
const FOLDERS = ['replies', 'textback', 'notify', 'console', 'calls', 'phone', 'flows'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

const FILES = FOLDERS.flatMap((folder) => sourceFiles(join(SRC, folder))).map((file) => ({
  file: relative(SRC, file),
  text: readFileSync(file, 'utf8'),
}));

/** The files (under src/) that spell `pattern`. */
const spelledIn = (pattern: RegExp) => FILES.filter(({ text }) => pattern.test(text)).map(({ file }) => file);

test('the scan sees the code (a scan that finds nothing would pass everything)', () => {
  expect(FILES.length).toBeGreaterThan(30);
  expect(spelledIn(/\bcallerOf\(/)).toEqual(expect.arrayContaining(['textback/textback.ts', 'textback/policy.ts']));
});

test.each([
  ['a caller is matched to a contact', /\bcontacts\.(?:get|find)\(/, ['phone/caller-id.ts']],
  ['a withheld caller is named in a notice', /'a withheld number'/, ['phone/caller-id.ts']],
  ['a number on the do-not-text list is refused', /doNotText\.includes\(/, ['textback/policy.ts']],
  ['a contact marked opted out is refused', /is marked opted out/, ['textback/policy.ts']],
])('%s in one place', (_what, pattern, places) => {
  expect(spelledIn(pattern)).toEqual(places);
});
