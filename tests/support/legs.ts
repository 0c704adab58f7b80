// Helpers shared by the test runners: a decision's legs as the cases' labels, and a fixture file on disk.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legLabel } from '../../src/routing/legs';
import type { Decision } from '../../src/routing/types';

/** The decision's legs as the shared cases write them: a phone leg's extension digits after a colon. */
export function legLabels(decision: Pick<Decision, 'targets'>): string[] {
  return decision.targets.map(
    (target) => `${legLabel(target)}${target.kind === 'number' && target.sendDigits ? `:${target.sendDigits}` : ''}`,
  );
}

export const sorted = (values: readonly string[]) => [...values].sort();

/** Writes a JSON value into a fresh temporary directory and returns the file's path. */
export function writeTempJson(name: string, value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'call-routing-'));
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}
