// The home pages' functions and the Calls page's paging over the served functions (twilio-run, local state), with
// calls driven as Twilio drives them: each call's end puts it in the history index; console-home counts it by day,
// user and hour and lists the callers to call back; console-agency gives each administered workspace (only those)
// today's missed calls; console-calls pages with a cursor and shows one call's details to those who may see it.
import { readFileSync } from 'node:fs';
import { localSlot } from '../../src/calls/history-index';
import { closedDatesOf, recentWorkday } from '../support/clock';
import { callIn, driveCall, noMessageLeft, send, unansweredDial } from '../support/drive-call';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { ACME_ADMIN, ACME_USER, BIRCH_ADMIN, ConsoleClient, LOGIN_TOKEN, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi({ clearRequests: true });
let server: FunctionsServer;
let file: string;
const client = () => new ConsoleClient(server.baseUrl);
const MAIN = '+15550100100';
const DIRECT = '+15550100101';
const sid = (digit: string) => `CA${digit.repeat(32)}`;

beforeAll(async () => {
  file = configFile();
  server = await startConsoleFunctions(api, file);
  const open = recentWorkday({ closedDates: closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))) }).at('15:00');
  const at = { SimulatedAt: open };
  // Case table: who called, which line, how it ended.
  await driveCall(server, { to: MAIN, from: '+15557770001', callSid: sid('1'), extra: at }, 'answered');
  await driveCall(server, { to: MAIN, from: '+15557770002', callSid: sid('2'), extra: at }, 'hang-up-early');
  await driveCall(server, { to: DIRECT, from: '+15557770003', callSid: sid('3'), extra: at }, 'voicemail');
  // Today, whatever the hour: it rings and the caller hangs up, or (after hours) hears the greeting and leaves nothing.
  const today = await callIn(server, {
    to: MAIN,
    from: '+15557770004',
    callSid: sid('4'),
    extra: { SimulatedAt: new Date().toISOString() },
  });
  const ended = await send(server, today.dial ? unansweredDial(today, 'no-answer', true) : noMessageLeft(today, today.incoming.twiml));
  expect(ended.status).toBe(200);
}, 120_000);
afterAll(() => server?.stop());

test("console-home: the workspace's calls per day (answered, missed, voicemail), by user and hour, and callers to call back", async () => {
  const alice = client();
  await alice.signIn(api, ACME_ADMIN);
  const home = await alice.call('console-home', { workspace: 'acme' });
  expect(home.status).toBe(200);
  const body = home.body as {
    timeZone: string;
    days: { date: string; answered: number; missed: number; voicemail: number }[];
    byUser: { user: string; rang: number; answered: number }[];
    byHour: { weekday: number; hour: number; calls: number; answered: number }[];
    callBack: { caller: string; missedCalls: number; callSid: string }[];
  };
  expect(body.days).toHaveLength(30);
  const open = recentWorkday({ closedDates: closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))) }).at('15:00');
  const openDay = localSlot(new Date(open), body.timeZone).date;
  const today = localSlot(new Date(), body.timeZone).date;
  // Today's call lands on the open day when that day is still today in New York (UTC's small hours).
  expect(body.days.find((day) => day.date === openDay)).toEqual({
    date: openDay,
    answered: 1,
    missed: openDay === today ? 3 : 2,
    voicemail: 1,
  });
  expect(body.days[29]).toMatchObject({ date: today, missed: openDay === today ? 3 : 1 });
  expect(body.byUser.reduce((sum, entry) => sum + entry.answered, 0)).toBe(1);
  expect(body.byHour.reduce((sum, cell) => sum + cell.calls, 0)).toBe(4);
  // The answered caller needs no call back; the three missed ones do, oldest first.
  expect(body.callBack.map((entry) => [entry.caller, entry.callSid])).toEqual([
    ['+15557770002', sid('2')],
    ['+15557770003', sid('3')],
    ['+15557770004', sid('4')],
  ]);
  expect((await alice.call('console-home', { workspace: 'birch' })).status).toBe(403);
});

test('console-agency: only the workspaces the session administers, each with its missed calls today', async () => {
  const agency = client();
  expect((await agency.openLocalLink(LOGIN_TOKEN)).status).toBe(302);
  const all = await agency.call('console-agency');
  expect(all.status).toBe(200);
  const rows = all.body.workspaces as { id: string; missedToday: number }[];
  expect(rows.map((row) => row.id)).toEqual(['acme', 'birch']);
  const acme = rows.find((row) => row.id === 'acme')!;
  expect(acme.missedToday).toBeGreaterThanOrEqual(1);
  expect(rows.find((row) => row.id === 'birch')!.missedToday).toBe(0);

  const erin = client();
  await erin.signIn(api, BIRCH_ADMIN);
  expect(((await erin.call('console-agency')).body.workspaces as { id: string }[]).map((row) => row.id)).toEqual(['birch']);
  const dan = client(); // a user, not an admin, of acme
  await dan.signIn(api, ACME_USER);
  expect((await dan.call('console-agency')).body).toEqual({ workspaces: [] });
});

test('console-calls: pages of the index with a cursor; one call in full; a bad cursor is refused', async () => {
  const alice = client();
  await alice.signIn(api, ACME_ADMIN);
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page += 1) {
    const answer = await alice.call('console-calls', { workspace: 'acme', limit: '2', ...(cursor ? { cursor } : {}) });
    expect(answer.status).toBe(200);
    seen.push(...(answer.body.calls as { callSid: string }[]).map((call) => call.callSid));
    cursor = answer.body.next as string | null;
    if (!cursor) break;
  }
  expect(seen.slice().sort()).toEqual([sid('1'), sid('2'), sid('3'), sid('4')]);
  expect(seen[0]).toBe(sid('4')); // today's is the newest

  const one = await alice.call('console-calls', { workspace: 'acme', call: sid('3') });
  expect(one.body.call).toMatchObject({ callSid: sid('3'), workspace: 'acme', route: { to: DIRECT, from: '+15557770003' } });
  expect((one.body.call as { voicemail?: unknown }).voicemail).toBeDefined();
  expect((await alice.call('console-calls', { workspace: 'acme', cursor: 'not-a-cursor' })).status).toBe(400);

  // Dan is in the main line's group, not on Alice's direct line: that call is not his to see.
  const dan = client();
  await dan.signIn(api, ACME_USER);
  expect((await dan.call('console-calls', { workspace: 'acme', call: sid('3') })).body.call).toBeNull();
  expect((await dan.call('console-calls', { workspace: 'acme', call: sid('2') })).body.call).toMatchObject({ callSid: sid('2') });
});
