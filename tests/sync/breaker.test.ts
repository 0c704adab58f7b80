// The Sync breaker and the request budget: the breaker's rules on their own, then the gateway against the API
// double with Sync hanging: a request ends at what is left of its budget, a request that met a hang does not
// ask again, other requests probe one at a time, and the first answer closes the breaker.
import { RequestBudget, runWithBudget } from '../../src/budget/budget';
import { FAILURES_TO_OPEN, SyncBreaker } from '../../src/sync/breaker';
import { SyncStateStore } from '../../src/sync/state-store';
import { createSyncService, gatewayFor } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';

describe('SyncBreaker', () => {
  const admitted = (breaker: SyncBreaker, scope?: object) => {
    const result = breaker.admit(scope);
    if (!result.admitted) throw new Error(`refused: ${result.reason}`);
    return result.admission;
  };

  test('a deadline met opens it; then one probe at a time, and the first answer closes it', () => {
    const breaker = new SyncBreaker();
    breaker.failed(admitted(breaker), 'timeout');
    expect(breaker.state).toBe('open');
    const probe = admitted(breaker);
    expect(probe.probe).toBe(true);
    expect(breaker.admit(undefined)).toMatchObject({
      admitted: false,
      reason: expect.stringMatching(/another request is already checking/),
    });
    breaker.succeeded(probe);
    expect(breaker.state).toBe('closed');
    expect(admitted(breaker).probe).toBe(false);
  });

  test(`fast failures open it only ${FAILURES_TO_OPEN} in a row; an answer in between resets the count`, () => {
    const breaker = new SyncBreaker();
    for (let i = 1; i < FAILURES_TO_OPEN; i += 1) breaker.failed(admitted(breaker), 'server-error');
    breaker.succeeded(admitted(breaker));
    for (let i = 1; i < FAILURES_TO_OPEN; i += 1) breaker.failed(admitted(breaker), 'rate-limited');
    expect(breaker.state).toBe('closed');
    breaker.failed(admitted(breaker), 'network');
    expect(breaker.state).toBe('open');
  });

  test('a request whose maps hung asks them no more; a fast failure does not stop it; its documents and other requests are not stopped by it', () => {
    const breaker = new SyncBreaker();
    const request = {};
    breaker.failed(admitted(breaker, request), 'server-error');
    breaker.succeeded(admitted(breaker, request));
    breaker.failed(admitted(breaker, request), 'timeout');
    expect(breaker.admit(request, 'maps')).toMatchObject({
      admitted: false,
      reason: expect.stringMatching(/maps already hung during this request/),
    });
    const documents = breaker.admit(request, 'documents');
    expect(documents).toMatchObject({ admitted: true, admission: { probe: true } });
    expect(breaker.admit({}, 'maps')).toMatchObject({
      admitted: false,
      reason: expect.stringMatching(/another request is already checking/),
    });
  });
});

describe('RequestBudget', () => {
  test('gives each request its own limit or what is left, and a retry scope with what is left', () => {
    let now = 0;
    const budget = new RequestBudget(2000, () => now);
    expect(budget.deadlineMs(1500)).toBe(1500);
    now = 1500;
    expect(budget.deadlineMs(1500)).toBe(500);
    const retry = budget.forRetry();
    expect(retry).not.toBe(budget);
    expect(retry.remainingMs()).toBe(500);
    now = 2500;
    expect(budget.remainingMs()).toBe(0);
  });

  test('keeps a reserve that only a cleanup scope may spend', () => {
    let now = 0;
    const budget = new RequestBudget(2000, () => now, 400);
    now = 2100;
    expect(budget.deadlineMs(1500)).toBe(0);
    expect(budget.forRetry().remainingMs()).toBe(0);
    expect(budget.forCleanup().deadlineMs(1500)).toBe(300);
  });
});

describe('the gateway with Sync hanging', () => {
  const api = useTwilioApi({ clearFaults: true });

  test("a request ends at what is left of its budget, asks no more after a hang, and the next request's probe finds Sync back", async () => {
    const serviceSid = await createSyncService(api);
    // Ends by the budget: 600 ms left, the gateway's own deadline 1500 ms.
    const gateway = gatewayFor(api, serviceSid, 1500);
    const store = new SyncStateStore(gateway);
    await store.put('calls', 'warm-up', {});
    api.double.faults.set({ kind: 'hang', product: 'sync' });
    const ended = await runWithBudget(new RequestBudget(600), () => store.get('calls', 'a').catch((error: unknown) => error));
    expect(ended).toMatchObject({ failure: 'timeout' });
    // What was left of the budget when the request went out: at most 600 ms (less on a loaded machine), not 1500.
    const deadline = Number(/no answer from Sync within (\d+) ms/.exec(String(ended))?.[1]);
    expect(deadline).toBeGreaterThan(0);
    expect(deadline).toBeLessThanOrEqual(600);
    expect(gateway.breaker.state).toBe('open');

    // Ends by the gateway's deadline (300 ms) with time left: the same request asks no more.
    const quick = new SyncStateStore(gatewayFor(api, serviceSid, 300));
    const before = api.double.requestCount({ product: 'sync' });
    const failures = await runWithBudget(new RequestBudget(2000), async () => [
      await quick.get('calls', 'a').catch((error: unknown) => error),
      await quick.get('calls', 'b').catch((error: unknown) => error),
    ]);
    expect(failures[0]).toMatchObject({ failure: 'timeout' });
    expect(failures[1]).toMatchObject({ failure: 'circuit-open' });
    expect(String(failures[1])).toMatch(/already hung during this request/);
    expect(api.double.requestCount({ product: 'sync' }) - before).toBe(1);

    // Sync is back: the next request is the probe, its answer closes the breaker.
    api.double.faults.clear();
    expect(await runWithBudget(new RequestBudget(2000), () => store.get('calls', 'warm-up'))).toEqual({});
    expect(gateway.breaker.state).toBe('closed');
  });
});
