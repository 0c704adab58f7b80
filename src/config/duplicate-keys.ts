// Keys written twice in one JSON object. JSON.parse keeps the last and drops the first without a word, so a phone
// menu with two options on one digit would lose one silently; parse.ts reports each such key with its path instead.
// Reads text that JSON.parse has already accepted (so it is well-formed JSON); pure.
import type { ConfigIssue } from './errors';

/** Where the scan is: an object (its keys so far, the key whose value is being read) or an array (the index). */
type Frame = { kind: 'object'; keys: Set<string>; key: string; expectingKey: boolean } | { kind: 'array'; index: number };

const MENU_OPTIONS_PATH = /^workspaces\.\d+\.numbers\.\d+\.menu\.options$/;

function messageFor(objectPath: string, key: string): string {
  return MENU_OPTIONS_PATH.test(objectPath)
    ? `digit "${key}" is used for two options: JSON keeps only the last one, so the first would be lost silently; give each option its own digit`
    : `"${key}" is written twice in this object: JSON keeps only the last one, so the first would be lost silently; write it once`;
}

/** Every key written again in the same object of `text` (valid JSON), at the path of the key: "workspaces.0.numbers.1.menu.options.2". */
export function duplicateKeyIssues(text: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const stack: Frame[] = [];
  const pathOf = (frames: Frame[]) => frames.map((frame) => (frame.kind === 'object' ? frame.key : String(frame.index)));
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expectingKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          const objectPath = pathOf(stack.slice(0, -1)).join('.');
          issues.push({ path: [objectPath, key].filter(Boolean).join('.'), message: messageFor(objectPath, key) });
        }
        top.keys.add(key);
        top.key = key;
        top.expectingKey = false;
      }
      i = end;
    } else if (char === '{') stack.push({ kind: 'object', keys: new Set(), key: '', expectingKey: true });
    else if (char === '[') stack.push({ kind: 'array', index: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',' && top) {
      if (top.kind === 'object') top.expectingKey = true;
      else top.index += 1;
    }
  }
  return issues;
}
