// The local state store keeps Sync Maps' rules: TTL, and a create that fails on an existing key,
// atomically even across processes (twilio-run runs each request in its own process).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { LocalStateStore } from '../../src/state/local-store';

const freshDir = () => mkdtempSync(join(tmpdir(), 'state-'));

describe('LocalStateStore', () => {
  test('create fails on an existing key and writes nothing', async () => {
    const store = new LocalStateStore(freshDir());
    expect(await store.create('textback', '+15550100200', { sid: 'first' })).toBe(true);
    expect(await store.create('textback', '+15550100200', { sid: 'second' })).toBe(false);
    expect(await store.get('textback', '+15550100200')).toEqual({ sid: 'first' });
  });

  test('an item expires after its TTL; then the key can be created again', async () => {
    let now = 1_000_000;
    const store = new LocalStateStore(freshDir(), () => now);
    expect(await store.create('textback', 'k', { n: 1 }, 60)).toBe(true);
    now += 59_000;
    expect(await store.get('textback', 'k')).toEqual({ n: 1 });
    expect(await store.create('textback', 'k', { n: 2 }, 60)).toBe(false);
    now += 1_000;
    expect(await store.get('textback', 'k')).toBeNull();
    expect(await store.create('textback', 'k', { n: 3 }, 60)).toBe(true);
    expect(await store.get('textback', 'k')).toEqual({ n: 3 });
  });

  test('a counter is one item: counted in order whatever its count, held at ceiling + 1, started again once expired', async () => {
    let now = 0;
    const store = new LocalStateStore(freshDir(), () => now);
    const counts: number[] = [];
    for (let call = 0; call < 300; call += 1)
      counts.push(await store.countUp('callers', 'turn:+15550100100', Number.MAX_SAFE_INTEGER - 1, 3600));
    expect(counts).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect((await store.list('callers')).map((item) => [item.key, item.data])).toEqual([['turn:+15550100100', { count: 300 }]]);
    expect(await store.countUp('callers', 'guard', 2, 60)).toBe(1);
    expect(await store.countUp('callers', 'guard', 2, 60)).toBe(2);
    expect(await store.countUp('callers', 'guard', 2, 60)).toBe(3);
    expect(await store.countUp('callers', 'guard', 2, 60)).toBe(3);
    expect(await store.get('callers', 'guard')).toEqual({ count: 3 });
    now += 60_000;
    expect(await store.countUp('callers', 'guard', 2, 60)).toBe(1);
  });

  test('put replaces, remove deletes, list shows live items only', async () => {
    let now = 0;
    const store = new LocalStateStore(freshDir(), () => now);
    await store.put('calls', 'CA1', { outcome: 'missed' });
    await store.put('calls', 'CA1', { outcome: 'answered' });
    await store.put('calls', 'CA2', { outcome: 'missed' }, 10);
    await store.put('calls', 'CA3', { outcome: 'missed' });
    await store.remove('calls', 'CA3');
    expect(await store.list('calls')).toEqual([
      { key: 'CA1', data: { outcome: 'answered' }, expiresAt: null },
      { key: 'CA2', data: { outcome: 'missed' }, expiresAt: 10_000 },
    ]);
    now += 10_000;
    expect((await store.list('calls')).map((item) => item.key)).toEqual(['CA1']);
  });

  test('keys with any characters round-trip; bad map names and keys are refused', async () => {
    const store = new LocalStateStore(freshDir());
    await store.put('optout', 'acme:+1 555/../x', { optedOut: true });
    expect(await store.list('optout')).toEqual([{ key: 'acme:+1 555/../x', data: { optedOut: true }, expiresAt: null }]);
    await expect(store.put('../escape', 'k', {})).rejects.toThrow(/not a valid state map name/);
    await expect(store.put('calls', '', {})).rejects.toThrow(/1 to 256 characters/);
  });

  test('twenty processes racing to create one key: exactly one wins', async () => {
    const dir = freshDir();
    const bundle = join(dir, 'store.js');
    buildSync({
      entryPoints: [join(__dirname, '../../src/state/local-store.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    const script = `const { LocalStateStore } = require(${JSON.stringify(bundle)});
      new LocalStateStore(${JSON.stringify(join(dir, 'state'))}).create('textback', 'acme:+15550100200', { pid: process.pid }, 600)
        .then((created) => process.stdout.write(String(created)));`;
    const results = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<string>((resolve, reject) =>
            execFile(process.execPath, ['-e', script], (error, stdout) => (error ? reject(error) : resolve(stdout))),
          ),
      ),
    );
    expect(results.filter((result) => result === 'true')).toHaveLength(1);
    expect(results.filter((result) => result === 'false')).toHaveLength(19);
  });
});
