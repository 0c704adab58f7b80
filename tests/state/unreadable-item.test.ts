// An item the local store cannot read (a truncated or hand-edited file) counts as absent and is moved aside:
// it never blocks a create, a get or a listing again, and the store says what it did.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStateStore } from '../../src/state/local-store';

function storeWithBrokenItem(content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'unreadable-'));
  mkdirSync(join(dir, 'textback-window'));
  const file = join(dir, 'textback-window', `${encodeURIComponent('acme:+15550100200')}.json`);
  writeFileSync(file, content);
  const notices: string[] = [];
  return { dir, file, notices, store: new LocalStateStore(dir, () => Date.now(), { notice: (message) => notices.push(message) }) };
}

test.each([
  ['truncated JSON', '{"data":{"callSid":"CA'],
  ['valid JSON of the wrong shape', '["not", "an", "item"]'],
  ['an empty file', ''],
])('%s: a create succeeds, and the file is moved aside', async (_title, content) => {
  const { dir, file, notices, store } = storeWithBrokenItem(content);
  expect(await store.create('textback-window', 'acme:+15550100200', { callSid: 'CA1' }, 60)).toBe(true);
  expect(await store.get('textback-window', 'acme:+15550100200')).toEqual({ callSid: 'CA1' });
  expect(existsSync(file)).toBe(true);
  expect(readdirSync(join(dir, 'textback-window')).filter((name) => name.includes('.unreadable-'))).toHaveLength(1);
  expect(notices).toEqual([expect.stringMatching(/could not be read; counted as absent and moved aside/)]);
});

test('get and list count it as absent', async () => {
  const { store } = storeWithBrokenItem('{');
  expect(await store.list('textback-window')).toEqual([]);
  expect(await store.get('textback-window', 'acme:+15550100200')).toBeNull();
});

test('list with a prefix gives only the keys that start with it', async () => {
  const store = new LocalStateStore(mkdtempSync(join(tmpdir(), 'prefix-')));
  for (const key of ['CA1:route', 'CA1:leg:CA9', 'CA10:route', 'CA2:route']) await store.put('calls', key, { key });
  expect((await store.list('calls', 'CA1:')).map((item) => item.key)).toEqual(['CA1:leg:CA9', 'CA1:route']);
});
