// incoming-call in Sync mode under twilio-run: the configuration comes from Sync on the Twilio API
// double (through Prism), and when Sync is down with nothing cached the caller reaches FALLBACK_NUMBER.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBundleText } from '../../src/config/parse';
import { serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';

const api = useTwilioApi({ clearFaults: true });

const sample = parseBundleText(readFileSync(join(__dirname, '../../assets/sample-config.private.json'), 'utf8'));
let server: FunctionsServer;

beforeAll(async () => {
  const serviceSid = await serviceWithBundle(api, sample);
  server = await startFunctions(
    {
      ...syncEnv(api, serviceSid),
      ACCOUNT_SID: api.accountSid,
      AUTH_TOKEN: api.authToken,
      FALLBACK_NUMBER: '+15550100001',
      ALLOW_SIMULATED_CLOCK: 'true',
      // The default deadline, which the hung test below waits out twice.
      SYNC_TIMEOUT_MS: '1500',
    },
    { forkProcess: true },
  );
});
afterAll(() => server?.stop());

test('a call is routed from Sync: three reads for its configuration (each request is a fresh process: always cold)', async () => {
  // A first call makes the state maps (the abuse guard's and the call log's) in this new service.
  await server.post('/incoming-call', { To: '+15550100101', From: '+15550100201', CallSid: `CA${'e'.repeat(32)}` });
  api.double.clearRequests();
  const response = await server.post('/incoming-call', {
    To: '+15550100100',
    From: '+15550100200',
    SimulatedAt: '2026-11-23T15:00:00Z',
    CallSid: `CA${'d'.repeat(32)}`,
  });
  expect(planFromTwiml(parseTwiml(response.body))).toMatchObject({
    action: 'dial',
    legs: ['client:acme_bob_mobile', 'number:+15550100010:ww204'],
  });
  const reads = api.double
    .requests({ product: 'sync', method: 'GET' })
    .map((request) => request.path.replace(/^\/v1\/Services\/IS\w+/, ''));
  expect(reads).toEqual(['/Documents/number_15550100100', '/Documents/workspace_acme', '/Maps/contacts_acme/Items/+15550100200']);
  // And three writes, one request each to its workspace's shards: the abuse guard's count and the caller's last call
  // (the caller's shard), and the call log's route (the call's shard).
  const writes = api.double
    .requests({ product: 'sync', method: 'POST' })
    .map((request) => request.path.replace(/^\/v1\/Services\/IS\w+/, ''));
  expect(writes.sort()).toEqual([
    expect.stringMatching(/^\/Maps\/callers_acme_[0-7]\/Items$/),
    expect.stringMatching(/^\/Maps\/callers_acme_[0-7]\/Items$/),
    expect.stringMatching(/^\/Maps\/calls_acme_[0-7]\/Items$/),
  ]);
});

test('Sync down and nothing cached: the caller reaches FALLBACK_NUMBER, and the log says why', async () => {
  api.double.faults.set({ kind: 'hang', product: 'sync' });
  const before = api.double.requestCount();
  const response = await server.post('/incoming-call', {
    To: '+15550100100',
    From: '+15550100200',
    CallSid: 'CAcccccccccccccccccccccccccccccccc',
  });
  expect(planFromTwiml(parseTwiml(response.body))).toMatchObject({ action: 'dial', legs: ['number:+15550100001'] });
  // Sync was asked twice, the number's document and the call log's write: neither ever answers, so each ended at
  // its deadline (the default 1500 ms), and the caller waited two deadlines.
  const asked = api.double
    .requests()
    .slice(before)
    .map((request) => [request.method, request.path.replace(/^\/v1\/Services\/IS\w+/, ''), request.fault]);
  // The call log's write goes to the call's shard of no workspace: with no configuration, the call has none.
  expect(asked).toEqual([
    ['GET', '/Documents/number_15550100100', 'hang'],
    ['POST', expect.stringMatching(/^\/Maps\/calls_-_[0-7]\/Items$/), 'hang'],
  ]);
  expect(server.output()).toMatch(
    /\[incoming-call CAc+\] failed, answering with the fallback \(ringing the fallback number \+15550100001\): ConfigUnavailableError: fetch document number_15550100100: no answer from Sync within 1500 ms/,
  );
});
