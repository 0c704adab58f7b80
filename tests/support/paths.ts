// A reported path against the pattern a check declares: "workspaces.*.numbers.*.ringUsers" matches
// "workspaces.0.numbers.3.ringUsers" (each `*` one index). Shared by the configuration's and the doctor's check tables.
export const matchesPathPattern = (path: string, pattern: string): boolean =>
  new RegExp(
    `^${pattern
      .split('.')
      .map((part) => (part === '*' ? '\\d+' : part))
      .join('\\.')}$`,
  ).test(path);
