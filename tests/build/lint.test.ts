// `npm test` runs `npm run lint` (Biome, biome.json) before anything else: this holds that the linter it runs
// refuses what it is there to refuse (a debugger statement, an unused import, unformatted code), and passes
// the same module once mended. The probes are written beside the tests, linted with the repository's own
// configuration, and removed.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/twilio-run';

const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

/** `biome ci` of one module with the repository's configuration: its exit code and what it printed. */
function lint(source: string): { code: number | null; output: string } {
  const probe = join(ROOT, 'tests', 'build', `lint-probe-${process.pid}.ts`);
  writeFileSync(probe, source);
  try {
    const run = spawnSync(BIOME, ['ci', '--error-on-warnings', '--colors=off', probe], { cwd: ROOT, encoding: 'utf8' });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(probe, { force: true });
  }
}

const CLEAN = "import { join } from 'node:path';\n\nexport const where = join('a', 'b');\n";

test('a clean, formatted module passes', () => {
  expect(lint(CLEAN)).toEqual(expect.objectContaining({ code: 0 }));
});

test.each([
  ['a debugger statement', `${CLEAN}debugger;\n`, 'lint/suspicious/noDebugger'],
  ['an unused import', `import { readFileSync } from 'node:fs';\n${CLEAN}`, 'lint/correctness/noUnusedImports'],
  ['an unused variable', `${CLEAN}export function f() {\n  const unused = 1;\n  return 2;\n}\n`, 'lint/correctness/noUnusedVariables'],
  ['code not formatted', CLEAN.replace("'a', 'b'", '"a",    "b"'), 'format'],
])('%s fails the lint', (_what, source, rule) => {
  const { code, output } = lint(source);
  expect(code).not.toBe(0);
  expect(output).toContain(rule);
});
