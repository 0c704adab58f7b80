// One call, resolved once (issue 19), held by a scan of src/: the callback parameters on the wire are spelled in one
// module (src/calls/callback-state.ts), and the call flow neither indexes the configuration nor classifies the
// caller itself: it takes both from its call context (src/calls/call-context.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../support/twilio-run';

const SRC = join(ROOT, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

const FILES = sourceFiles(SRC).map((file) => ({ path: relative(SRC, file), text: readFileSync(file, 'utf8') }));
/** The files of src/ where `pattern` occurs. */
const spelling = (pattern: RegExp) => FILES.filter((file) => pattern.test(file.text)).map((file) => file.path);

/** The callback parameters as Twilio posts them back: the names a call in flight carries across a deploy. */
const WIRE_NAMES = [
  'crWs',
  'crShard',
  'crContact',
  'crStep',
  'crRule',
  'crConnect',
  'crGreeting',
  'crCalled',
  'crCaller',
  'crWorkspace',
  'crNumber',
  'crCallSid',
];

test('the scan sees the code (a scan that finds nothing would pass everything)', () => {
  expect(FILES.length).toBeGreaterThan(100);
  expect(spelling(/\bcrContact\b/)).toEqual(['calls/callback-state.ts']);
});

test.each(WIRE_NAMES)('%s is spelled in the callback state codec alone', (name) => {
  expect(spelling(new RegExp(`\\b${name}\\b`))).toEqual(['calls/callback-state.ts']);
});

test('the call flow takes the configuration look-up and the caller from its call context', () => {
  const flows = (pattern: RegExp) => spelling(pattern).filter((path) => path.startsWith('flows/'));
  expect(flows(/\bindexBundle\b/)).toEqual([]);
  expect(flows(/\.numbers\.get\(/)).toEqual([]);
  // The caller is classified once per request, by the call context; a flow classifies only numbers it reads from a log.
  expect(flows(/\bcallerOf\(/)).toEqual(['flows/voicemail-transcribed.ts']);
  expect(flows(/params\.To \?\? ''/)).toEqual([]);
  expect(spelling(/\bworkspace\.workspace\b/).filter((path) => path.startsWith('flows/') || path.startsWith('routing/'))).toEqual([]);
});
