// One call, resolved once (issue 19), as the served functions read Sync for it (twilio-run in Sync mode against the
// API double behind Prism): a text-back retried by CallSid reads the call's log in the one listing that finds it
// (its route and dial are never fetched again), and dial-complete, when its URL carries no route, reads the route
// entry once for everything it does with it (before: once for the route, once more for the missed-call notice).
import { parseBundle } from '../../src/config/parse';
import { endDial, ring } from '../support/drive-call';
import { serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { FLOW, FLOW_BUNDLE, callSid } from './fixture';

const api = useTwilioApi();
let server: FunctionsServer;

beforeAll(async () => {
  const serviceSid = await serviceWithBundle(api, parseBundle(FLOW_BUNDLE));
  server = await startFunctions({ ...syncEnv(api, serviceSid), SYNC_TIMEOUT_MS: '5000' });
});
afterAll(() => server?.stop());

/** Sync requests for one item of the call (`<CallSid>:<step>`), by method, since `since`. */
function itemRequests(sid: string, step: string, method: string, since: number) {
  const item = new RegExp(`/Items/${sid}(:|%3A)${step}$`);
  return api.double.requests({ product: 'sync', method }).filter((request) => request.id > since && item.test(request.path));
}
const lastRequestId = () => api.double.requests().at(-1)?.id ?? 0;

test('a text-back retried by CallSid finds the call by one listing and fetches none of its entries again', async () => {
  const call = await ring(server, { callSid: callSid(), to: FLOW.plainLine, from: '+15550600777' });
  await endDial(server, call, { status: 'no-answer' });
  const since = lastRequestId();
  const response = await server.post('/sms-textback', { CallSid: call.callSid, Workspace: 'flow' });
  expect(response.status).toBe(200);
  // Already texted once for this call: the retry sends nothing more, and says so.
  expect(JSON.parse(response.body)).toMatchObject({ status: 'skipped' });
  const listings = api.double
    .requests({ product: 'sync', method: 'GET' })
    .filter((request) => request.id > since && /\/Maps\/calls_flow_\d+\/Items$/.test(request.path));
  expect(listings).toHaveLength(1);
  for (const step of ['route', 'dial', 'textback']) expect(itemRequests(call.callSid, step, 'GET', since)).toEqual([]);
});

test('dial-complete without the route on its URL reads the route entry once, for the route and for the notice', async () => {
  const call = await ring(server, { callSid: callSid(), to: FLOW.plainLine, from: '+15550600778' });
  const action = new URL(call.action, 'http://functions.invalid');
  for (const carried of ['crRule', 'crConnect', 'crGreeting']) action.searchParams.delete(carried);
  const since = lastRequestId();
  const noticesBefore = api.double.messagesTo(FLOW.benPhone).length;
  // The caller hung up while it rang: a missed call with no voicemail, told of here to the user it rang (Ben), whom the
  // route entry names.
  await endDial(
    server,
    { ...call, action: `${action.pathname}${action.search}${action.hash}` },
    { status: 'no-answer' },
    { CallStatus: 'completed' },
  );
  expect(api.double.messagesTo(FLOW.benPhone).length).toBe(noticesBefore + 1);
  expect(itemRequests(call.callSid, 'route', 'GET', since)).toHaveLength(1);
});
