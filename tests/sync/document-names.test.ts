// The Sync source's cache of document names: each name is built once per number or workspace id, is the
// name syncNames builds, and the cache starts again past its bound instead of growing without end.
import { syncNames } from '../../src/config/layout';
import { DocumentNames, MAX_KEPT_NAMES } from '../../src/sync/configuration-source';

describe('document names, kept per key', () => {
  test('are the names syncNames builds, built once per key', () => {
    const built: string[] = [];
    const names = new DocumentNames((e164) => {
      built.push(e164);
      return syncNames.number(e164);
    });
    expect(names.of('+15550100100')).toBe('number_15550100100');
    expect(names.of('+15550100100')).toBe('number_15550100100');
    expect(names.of('+15550100200')).toBe('number_15550100200');
    expect(built).toEqual(['+15550100100', '+15550100200']);
  });

  test('past the bound, the cache starts again and its names stay right', () => {
    let builds = 0;
    const names = new DocumentNames((id) => {
      builds += 1;
      return syncNames.workspace(id);
    });
    for (let index = 0; index < MAX_KEPT_NAMES; index += 1) names.of(`ws-${index}`);
    expect(builds).toBe(MAX_KEPT_NAMES);
    expect(names.of('ws-0')).toBe('workspace_ws-0');
    expect(builds).toBe(MAX_KEPT_NAMES);
    expect(names.of('ws-new')).toBe('workspace_ws-new'); // the bound is reached: the cache starts again
    expect(names.of('ws-0')).toBe('workspace_ws-0');
    expect(builds).toBe(MAX_KEPT_NAMES + 2);
  });
});
