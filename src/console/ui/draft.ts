// The workspace being edited: a plain object changed by path ("numbers.0.forwardingNumber"), immutably, so each
// edit gives a new draft that the preview routes with. Also the problems for one field (its path, or below it).
import type { ConsoleProblem } from './api';

export type Draft = Record<string, unknown>;

const segments = (path: string) =>
  path
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));

export function getAt(draft: unknown, path: string): unknown {
  let value: unknown = draft;
  for (const part of segments(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

export function setAt<T>(draft: T, path: string, value: unknown): T {
  const [head, ...rest] = segments(path);
  if (head === undefined) return value as T;
  const copy: Record<string | number, unknown> = Array.isArray(draft)
    ? ([...draft] as unknown as Record<number, unknown>)
    : { ...(draft as Record<string, unknown>) };
  copy[head] = rest.length ? setAt(copy[head] ?? (typeof rest[0] === 'number' ? [] : {}), rest.join('.'), value) : value;
  return copy as T;
}

/** The problems reported at this path or inside it. */
export function problemsAt(problems: readonly ConsoleProblem[], path: string): ConsoleProblem[] {
  return problems.filter((problem) => problem.path === path || problem.path.startsWith(`${path}.`));
}

export const fieldId = (path: string) => `field-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
