// Opt-outs never lost (what counts as one: tests/replies/reply-keywords.test.ts): a reply whose write fails is
// retried and, failing that, answered 500 (never acknowledged and forgotten); a "send a test" text never goes to
// someone who said STOP.
// incoming-sms and sms-textback run in Sync mode against the API double (behind Prism), with faults injected.
import { parseBundle } from '../../src/config/parse';
import { StateShards } from '../../src/state/shards';
import { SyncStateStore } from '../../src/sync/state-store';
import { OptOuts } from '../../src/textback/opt-out';
import { FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { stateMapOf } from '../support/shards';
import { runCli } from '../support/cli';
import { writeTempJson } from '../support/legs';

describe('in Sync mode, on the API double', () => {
  const api = useTwilioApi({ clearFaults: true });
  let server: FunctionsServer;
  let serviceSid: string;
  let senders = 0;
  const sender = () => `+1555077${String((senders += 1)).padStart(4, '0')}`;

  beforeAll(async () => {
    serviceSid = await serviceWithBundle(api, parseBundle(FLOW_BUNDLE));
    server = await startFunctions({ ...syncEnv(api, serviceSid) }, { forkProcess: false, extraArgs: ['--no-live'] });
  });
  afterAll(() => server?.stop());

  const reply = (from: string, body: string) =>
    server.post('/incoming-sms', { MessageSid: `SM${'0'.repeat(32)}`, From: from, To: FLOW.plainLine, Body: body });
  // The phone's item is an opt-out unless it only says they were told how ({ optedOut: false, toldAt }).
  const optedOut = (phone: string) =>
    (api.double.sync.mapItems(serviceSid, stateMapOf('optout', 'flow', phone), api.double.clock.now()) ?? []).some(
      (item) => item.key === phone && (item.data as { optedOut?: unknown }).optedOut !== false,
    );
  const optOutWrites = { match: /\/Maps\/optout_flow_\d+\/Items/, method: 'POST' } as const;

  test('"Stop," is recorded as an opt-out of the workspace', async () => {
    const from = sender();
    expect((await reply(from, 'Stop, please')).status).toBe(200);
    expect(optedOut(from)).toBe(true);
    expect((await reply(from, 'ＳＴＡＲＴ')).status).toBe(200);
    expect(optedOut(from)).toBe(false);
  });

  test('one failed write (500) is retried within the request: recorded, 200', async () => {
    const from = sender();
    api.double.faults.add({ kind: 'server-error', ...optOutWrites, times: 1 });
    expect((await reply(from, 'STOP')).status).toBe(200);
    expect(optedOut(from)).toBe(true);
    expect(server.output()).toMatch(/recording the opt-out of \+1555077\d{4} failed \(attempt 1\)/);
  });

  test('every attempt failing: answered 500 so Twilio delivers it again, and the redelivery records it', async () => {
    const from = sender();
    api.double.faults.add({ kind: 'rate-limit', ...optOutWrites });
    const refused = await reply(from, 'stop 🛑');
    expect(refused.status).toBe(500);
    expect(optedOut(from)).toBe(false);
    api.double.faults.clear();
    expect((await reply(from, 'stop 🛑')).status).toBe(200);
    expect(optedOut(from)).toBe(true);
  });

  test('"send a test" to a number that replied STOP sends nothing', async () => {
    const from = sender();
    await reply(from, 'STOP');
    const answer = await server.post('/sms-textback', { Mode: 'test', Workspace: 'flow', To: from });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'skipped', reason: 'opted-out', to: from });
    expect(api.double.messages.filter((message) => message.to === from)).toEqual([]);
    // Someone who did not opt out gets the test.
    const other = sender();
    expect(JSON.parse((await server.post('/sms-textback', { Mode: 'test', Workspace: 'flow', To: other })).body)).toMatchObject({
      status: 'sent',
      to: other,
    });
  });

  test('an opt-out from before sharding (the old `optout` map) is moved into its shard by config push, and honoured there', async () => {
    const from = sender();
    const gateway = gatewayFor(api, serviceSid);
    await gateway.ensureMap('optout');
    await gateway.createMapItem('optout', `flow:${from}`, { source: 'reply-stop', at: '2026-11-01T00:00:00Z' });
    const push = await runCli('config', ['push', writeTempJson('flow-bundle.json', FLOW_BUNDLE)], syncEnv(api, serviceSid));
    expect(push).toMatchObject({ code: 0, stderr: '' });
    expect(push.stdout).toContain("optout: opt-outs (each in its phone's shard): 1 moved; map removed");
    expect(optedOut(from)).toBe(true);
    expect(await gateway.listMapNames()).not.toContain('optout');
    // The functions read the shard alone: the moved opt-out holds.
    const answer = await server.post('/sms-textback', { Mode: 'test', Workspace: 'flow', To: from });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'skipped', reason: 'opted-out' });
    expect(await new OptOuts(new SyncStateStore(gateway), new StateShards()).isOptedOut('flow', from)).toBe(true);
    // A second push finds nothing left to move.
    expect(
      (await runCli('config', ['push', writeTempJson('flow-bundle.json', FLOW_BUNDLE)], syncEnv(api, serviceSid))).stdout,
    ).not.toContain('optout:');
  });
});
