// The simulator: the shared routing cases driven as whole calls through the functions, and the
// `simulate` command's transcript and JSON for answered, declined, busy, missed and rejected calls.
import { simulateCall, type SimulationOptions } from '../../src/simulator/simulate';
import { ALL_CASES, CASES, FIXTURE, OPEN_AT, type RoutingCase } from '../cases/routing-cases';
import { runCli } from '../support/cli';
import { expectCase, simulationView } from '../support/expect-case';
import { writeTempJson } from '../support/legs';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, startFunctions, type FunctionsServer } from '../support/twilio-run';

/**
 * The shared cases' fixture without the abuse guard: the issue-20 cases call one number from one caller many times in
 * the same minute (the menu's, the challenge's), which the guard would turn away; the guard's own cases (those that
 * count calls, or expect it to decide) run on the fixture as it is.
 */
const UNGUARDED_FIXTURE = {
  ...FIXTURE,
  workspaces: FIXTURE.workspaces.map((workspace) => ({ ...workspace, inbound: { ...workspace.inbound, maxCallsPerCallerPerMinute: 0 } })),
};
const guarded = (routingCase: RoutingCase) => routingCase.callsThisMinute !== undefined || routingCase.expect.rule === 'abuse-guard';

/** The shared cases' fixture, served for the simulator module (as it is, and without the guard). */
let server: FunctionsServer;
let unguardedServer: FunctionsServer;
/** The bundled sample (the command's default configuration), served for the command's --url. */
let sampleServer: FunctionsServer;
beforeAll(async () => {
  [server, unguardedServer, sampleServer] = await Promise.all([
    startFunctions({ CONFIG_FILE: writeTempJson('fixture.json', FIXTURE), ALLOW_SIMULATED_CLOCK: 'true' }),
    startFunctions({ CONFIG_FILE: writeTempJson('unguarded-fixture.json', UNGUARDED_FIXTURE), ALLOW_SIMULATED_CLOCK: 'true' }),
    startFunctions({ ALLOW_SIMULATED_CLOCK: 'true' }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), unguardedServer?.stop(), sampleServer?.stop()]));

const simulate = (options: Partial<SimulationOptions> & Pick<SimulationOptions, 'from' | 'to'>, on: FunctionsServer = server) =>
  simulateCall({
    baseUrl: on.baseUrl,
    authToken: TEST_AUTH_TOKEN,
    accountSid: TEST_ACCOUNT_SID,
    answer: { kind: 'none' },
    pressKey: true,
    ...options,
  });

/**
 * The cases a whole call can rehearse: every one but those whose round-robin turn or last answering user the case
 * gives (or leaves for the decision to want): the functions read those from their own state, not from the case
 * (tests/flow/tiers.test.ts drives them through the served functions).
 */
const rehearsable = (routingCase: RoutingCase) => !routingCase.rotation && !routingCase.lastAnswered && !routingCase.expect.wants?.length;

describe('shared routing cases through the simulator', () => {
  test.concurrent.each(ALL_CASES.filter(rehearsable).map((c) => [c.id, c] as const))('%s', async (_id, routingCase) => {
    // What Twilio sends and the caller does: the call's StirVerstat, the answers at the prompts, then (a case that
    // ends asking once more) the caller hangs up at the next prompt.
    const call = {
      from: routingCase.from,
      to: routingCase.to,
      at: routingCase.at,
      ...(routingCase.stir !== undefined ? { stir: routingCase.stir } : {}),
      presses: routingCase.presses ?? [],
      afterPresses: 'hang-up' as const,
    };
    // The caller's earlier calls of the minute (the abuse guard counts them), one after another, then the case's call.
    const on = guarded(routingCase) ? server : unguardedServer;
    for (let attempt = 1; attempt < (routingCase.callsThisMinute ?? 1); attempt += 1) await simulate(call, on);
    const result = await simulate(call, on);
    // Nobody answers: a dial ends in voicemail (a greeting always exists for a dial), as does a voicemail plan.
    expectCase(routingCase, simulationView(result));
  });

  test('leaves out only the cases whose inputs the functions read from their own state', () => {
    const left = ALL_CASES.filter((routingCase) => !rehearsable(routingCase)).map((routingCase) => routingCase.id);
    expect(left.length).toBeLessThan(ALL_CASES.length / 5);
    expect(ALL_CASES.filter(rehearsable).some((routingCase) => routingCase.presses?.length)).toBe(true);
  });
});

test('counts the requests it made: a missed dial is incoming-call, dial-complete and voicemail-complete', async () => {
  const dialCase = CASES.find((routingCase) => routingCase.expect.action === 'dial');
  if (!dialCase) throw new Error('the shared cases have no dial');
  const result = await simulate({ from: dialCase.from, to: dialCase.to, at: dialCase.at });
  expect(result).toMatchObject({ outcome: 'missed', voicemail: true, requests: 3 });
});

describe('simulate (the command)', () => {
  const sample = ['--at', '2026-11-23T15:00:00Z'];
  /** The command driving the sample's functions already served (signed with their token, reading their state). */
  const simulateAt = (args: string[]) =>
    runCli('simulate', [...args, '--url', sampleServer.baseUrl, '--state-dir', sampleServer.stateDir], { AUTH_TOKEN: TEST_AUTH_TOKEN });

  test('an answered call with the whisper accepted, on functions it serves itself: transcript, then the outcome', async () => {
    const result = await runCli('simulate', ['--from', '+15550100200', '--to', '+15550100100', '--answer', '+15550100010', ...sample]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('number:+15550100010 hears the whisper: "Acme Plumbing call. Press any key to accept."');
    expect(result.stdout).toContain('number:+15550100010 presses 1');
    expect(result.stdout).toContain('outcome: answered (answered by number:+15550100010)');
  });

  test('--json: route, legs, answeredBy, outcome, voicemail and textback', async () => {
    // The first missed call from this caller on the served functions: text-back's window is still open.
    const result = await simulateAt([
      '--from',
      '+15550100200',
      '--to',
      '+15550100100',
      '--answer',
      '+15550100010',
      '--no-press-key',
      '--json',
      ...sample,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.route).toMatchObject({ action: 'dial', rule: 'caller-assigned-user' });
    expect(summary.legs.map((leg: { leg: string }) => leg.leg)).toEqual(['client:acme_bob_mobile', 'number:+15550100010']);
    expect(summary).toMatchObject({ answeredBy: null, outcome: 'missed', voicemail: true });
    expect(summary.voicemailUrl).toMatch(/^https:\/\/api\.twilio\.com\/.*\/Recordings\/RE/);
    expect(summary.callLog).toMatchObject({ outcome: 'missed', dial: { reason: 'no answer' } });
    // Local mode, no Twilio account: the text lands in the outbox, exactly as the caller would get it.
    expect(summary.textback).toMatchObject({
      status: 'outbox',
      to: '+15550100200',
      from: '+15550100100',
      // The first text Dana gets from the workspace: it ends with the opt-out line.
      body: "Hi Dana, this is Acme Plumbing. Sorry we missed your call - reply here and we'll get right back to you.\nReply STOP to opt out.",
    });
  });

  test('an answered call has no text: textback is null', async () => {
    const result = await simulateAt(['--from', '+15550100200', '--to', '+15550100100', '--answer', '+15550100010', '--json', ...sample]);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'answered', textback: null });
  });

  test('a withheld caller is never texted, and the simulator says why', async () => {
    const result = await simulateAt(['--from', 'anonymous', '--to', '+15550100101', '--json', ...sample]);
    expect(JSON.parse(result.stdout).textback).toMatchObject({ status: 'skipped', reason: 'withheld' });
  });

  test.each([
    ['busy', ['--answer', 'busy'], 'every leg is busy', 'missed'],
    ['an app leg answering (no key needed)', ['--answer', 'acme_bob_mobile'], 'client:acme_bob_mobile answers', 'answered'],
    ['an unknown number', ['--to', '+15550109999'], 'call rejected', 'rejected'],
  ])('%s', async (_title, args, line, outcome) => {
    const base = ['--from', '+15550100200', '--to', '+15550100100', ...sample];
    const merged = [...base];
    for (let i = 0; i < args.length; i += 2) {
      const at = merged.indexOf(args[i]!);
      if (at >= 0) merged[at + 1] = args[i + 1]!;
      else merged.push(args[i]!, args[i + 1]!);
    }
    const result = await simulateAt([...merged, '--json']);
    const summary = JSON.parse(result.stdout);
    expect(summary.transcript.join('\n')).toContain(line);
    expect(summary.outcome).toBe(outcome);
  });

  test('bad input: exit 1 with a clear message', async () => {
    const badPress = await runCli('simulate', ['--from', '+15550100200', '--to', '+15550100100', '--press', '1x']);
    expect(badPress.code).toBe(1);
    expect(badPress.stderr).toMatch(/--press takes one character per prompt the caller answers/);
    const badStir = await runCli('simulate', ['--from', '+15550100200', '--to', '+15550100100', '--stir', 'failed!']);
    expect(badStir.code).toBe(1);
    expect(badStir.stderr).toMatch(/--stir takes a StirVerstat value/);
    const result = await runCli('simulate', ['--from', '+15550100200']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/required option '--to <number>'/);
  });
});

describe('simulate (the command) with tiers, the phone menu and spam protection', () => {
  /** The command driving the shared fixture's functions (without the guard), its route decided from the same file. */
  const fixtureFile = writeTempJson('unguarded-fixture-for-the-command.json', UNGUARDED_FIXTURE);
  const simulateFixture = (args: string[]) =>
    runCli(
      'simulate',
      ['--config', fixtureFile, ...args, '--at', OPEN_AT, '--url', unguardedServer.baseUrl, '--state-dir', unguardedServer.stateDir],
      {
        AUTH_TOKEN: TEST_AUTH_TOKEN,
      },
    );
  const STRANGER = '+15550660299';

  test('ring first: the owner rings alone, then the team; a leg of the second tier answers, and the text says who rang when', async () => {
    const result = await simulateFixture(['--from', STRANGER, '--to', '+15550660400', '--answer', '+15550660003']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('rang: ringing olga for 15 s, then bob, carol and dan together for 20 s');
    expect(result.stdout).toContain('outcome: answered (answered by number:+15550660003)');
  });

  test('--json carries the tiers as rung, each with its legs, seconds and users', async () => {
    const result = await simulateFixture(['--from', STRANGER, '--to', '+15550660400', '--json']);
    const summary = JSON.parse(result.stdout);
    expect(summary.tiers).toEqual([
      { legs: ['number:+15550660001'], seconds: 15, users: ['olga'] },
      {
        legs: expect.arrayContaining(['number:+15550660002', 'client:peers_carol_web', 'number:+15550660003', 'number:+15550660004']),
        seconds: 20,
        users: ['bob', 'carol', 'dan'],
      },
    ]);
    expect(summary.tiers[1].legs).toHaveLength(4);
    expect(summary).toMatchObject({ outcome: 'missed', voicemail: true });
  });

  test('--press: the menu heard, option 3 pressed, forwarded; the JSON says which option and how', async () => {
    const result = await simulateFixture(['--from', STRANGER, '--to', '+15550660900', '--press', '3', '--json']);
    const summary = JSON.parse(result.stdout);
    expect(summary.menu).toMatchObject({ answers: ['3'], chose: '3', how: 'pressed' });
    expect(summary.prompts).toEqual([{ prompt: expect.stringMatching(/^Thanks for calling Peers Plumbing\. /), answer: '3' }]);
    expect(summary.tiers).toEqual([{ legs: ['number:+15550660050'], seconds: 60, users: [] }]);
    expect(summary.transcript).toContain('the caller presses 3');
  });

  test('--press with _ for nothing: asked again, then the default, and the text says so', async () => {
    const result = await simulateFixture(['--from', STRANGER, '--to', '+15550660900', '--press', '__']);
    expect(result.stdout).toContain('the caller presses nothing');
    expect(result.stdout).toContain('phone menu: option 1 (default)');
  });

  test('--stir: a failed caller ID check is challenged; pressing nothing twice hangs up, counted, never texted', async () => {
    const result = await simulateFixture([
      '--from',
      STRANGER,
      '--to',
      '+15550670100',
      '--stir',
      'TN-Validation-Failed-B',
      '--press',
      '__',
      '--json',
    ]);
    const summary = JSON.parse(result.stdout);
    expect(summary.screening).toMatchObject({ verdict: 'failed' });
    expect(summary.prompts.map((prompt: { prompt: string }) => prompt.prompt)).toEqual([
      'To be connected, press 1.',
      'Sorry, we did not get that. To be connected, press 1.',
    ]);
    expect(summary).toMatchObject({ outcome: 'missed', legs: [], tiers: [] });
    expect(summary.textback).toMatchObject({ status: 'skipped', reason: 'screened' });
  });

  test('--stir with --press 1: the caller passes the challenge and rings as usual', async () => {
    const result = await simulateFixture(['--from', STRANGER, '--to', '+15550670100', '--stir', 'No-TN-Validation', '--press', '1']);
    expect(result.stdout).toContain('spam protection: passed');
    expect(result.stdout).toMatch(/rang: ringing \+15550670010 for \d+ s/);
  });
});
