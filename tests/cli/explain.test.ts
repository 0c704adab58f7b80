// `explain`: the shared routing cases through what the command runs (the bundle read from its file, decide(), the
// JSON and the words it prints), a few of them through the command itself, and its errors for bad input.
import { writeFileSync } from 'node:fs';
import { readBundleFile } from '../../src/config/parse';
import { decide } from '../../src/routing/decide';
import { formatDecision } from '../../src/routing/explain';
import { ALL_CASES, CASES, callInputOf, FIXTURE, type RoutingCase } from '../cases/routing-cases';
import { runCli } from '../support/cli';
import { decisionView, expectCase } from '../support/expect-case';
import { writeTempJson } from '../support/legs';

const fixtureFile = writeTempJson('fixture.json', FIXTURE);

const HEADLINE: Record<RoutingCase['expect']['action'], string> = {
  dial: 'DIAL',
  voicemail: 'VOICEMAIL',
  hangup: 'HANG UP',
  reject: 'REJECT',
  gather: 'ASK THE CALLER',
};

describe("shared routing cases through explain's module: the JSON and the words", () => {
  const bundle = readBundleFile(fixtureFile);

  test.each(ALL_CASES.map((c) => [c.id, c] as const))('%s', (_id, routingCase) => {
    // As the command does: the caller classified by src/phone (routing is handed it).
    const decision = decide(callInputOf(routingCase), bundle, new Date(routingCase.at));
    const want = routingCase.expect;
    // What explain --json prints, as the command's readers parse it.
    expectCase(routingCase, decisionView('explain', JSON.parse(JSON.stringify(decision))));
    const words = formatDecision(decision).split('\n');
    expect(words[1]).toMatch(new RegExp(`^${HEADLINE[want.action]} by rule "${want.rule}"`));
    expect(words).toContainEqual(expect.stringMatching(new RegExp(`^  => ${want.rule} +DECIDED: `)));
    if (want.action === 'dial' && !want.tiers)
      expect(words[2]).toMatch(new RegExp(`^  ring ${want.legs!.length} legs? at once, for \\d+ s, caller ID `));
  });
});

describe('shared routing cases through the explain command', () => {
  // One of each action (and a phone leg with its extension digits): the module above runs them all.
  const throughTheCommand = [
    'prec-open-hours-falls-through',
    'prec-ring-group-over-forwarding',
    'prec-after-hours-voicemail',
    'prec-company-option-off',
    'prec-unknown-number',
    'guard-over-limit',
  ];

  test.concurrent.each(CASES.filter((c) => throughTheCommand.includes(c.id)).map((c) => [c.id, c] as const))(
    '%s',
    async (_id, routingCase) => {
      const result = await runCli('explain', [
        '--config',
        fixtureFile,
        '--to',
        routingCase.to,
        '--from',
        routingCase.from,
        '--at',
        routingCase.at,
        ...(routingCase.callsThisMinute === undefined ? [] : ['--calls-this-minute', String(routingCase.callsThisMinute)]),
        '--json',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expectCase(routingCase, decisionView('explain', JSON.parse(result.stdout)));
    },
  );

  test('are cases, and cover every action', () => {
    const chosen = CASES.filter((c) => throughTheCommand.includes(c.id));
    expect(chosen.map((c) => c.id).sort()).toEqual([...throughTheCommand].sort());
    expect(new Set(chosen.map((c) => c.expect.action))).toEqual(new Set(['dial', 'voicemail', 'hangup', 'reject']));
  });
});

/**
 * A case's call as the command's options: its StirVerstat, its answers at the prompts (keys; `_` for nothing), the
 * round-robin turn counted, and the user who last answered with when.
 */
function callOptions(routingCase: RoutingCase): string[] {
  const args: string[] = [];
  if (routingCase.stir !== undefined) args.push('--stir', routingCase.stir);
  if (routingCase.presses) args.push('--press', routingCase.presses.map((press) => press || '_').join(''));
  if (routingCase.rotation) args.push('--turn', String(routingCase.rotation.turn));
  const earlier = routingCase.lastAnswered;
  if (earlier) {
    const at = new Date(Date.parse(routingCase.at) - earlier.daysAgo * 86_400_000).toISOString();
    args.push('--last-answered', `${earlier.user}@${at}`);
  }
  return args;
}

describe('the issue-20 cases through the explain command: --press, --stir, --turn, --last-answered', () => {
  // One of each input the command takes, and each new part of a decision (tiers, the menu, a prompt, screening).
  const throughTheCommand = [
    'peer-ring-first',
    'peer-round-robin-turn-1',
    'peer-menu-asks',
    'peer-menu-wrong-then-right',
    'peer-menu-no-input-default',
    'screen-challenge-failed',
    'screen-then-menu',
    'sticky-rings-first',
    'sticky-too-long-ago',
  ];

  test.concurrent.each(ALL_CASES.filter((c) => throughTheCommand.includes(c.id)).map((c) => [c.id, c] as const))(
    '%s',
    async (_id, routingCase) => {
      const base = ['--config', fixtureFile, '--to', routingCase.to, '--from', routingCase.from, '--at', routingCase.at];
      const result = await runCli('explain', [...base, ...callOptions(routingCase), '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expectCase(routingCase, decisionView('explain', JSON.parse(result.stdout)));
    },
  );

  test('are cases, each of them run', () => {
    expect(
      ALL_CASES.filter((c) => throughTheCommand.includes(c.id))
        .map((c) => c.id)
        .sort(),
    ).toEqual([...throughTheCommand].sort());
  });

  const wordsOf = (id: string) => {
    const routingCase = ALL_CASES.find((c) => c.id === id)!;
    return formatDecision(decide(callInputOf(routingCase), readBundleFile(fixtureFile), new Date(routingCase.at)));
  };

  test('in words: the tiers in order, each with its legs', () => {
    const words = wordsOf('peer-ring-first');
    expect(words).toContain('  ringing olga for 15 s, then bob, carol and dan together for 20 s; caller ID +15550660299, 35 s in all:');
    expect(words).toMatch(/ {4}tier 1 \(ring first: olga\), 15 s:\n {6}- \+15550660001 \[user-phone of olga\]/);
    expect(words).toMatch(/ {4}tier 2 \([^)]*\), 20 s:\n/);
  });

  test('in words: the prompt asked, the menu with the answers and the option taken, and spam protection', () => {
    expect(wordsOf('peer-menu-asks')).toMatch(
      /^ {2}asks the caller \(menu, attempt 1\): says "Thanks for calling Peers Plumbing\. For Sales, press or say 1\. .*"; waits for a key or words \(hints: Sales, sales, new job, .*\)$/m,
    );
    const menu = wordsOf('peer-menu-wrong-then-right');
    expect(menu).toContain('Phone menu: 1 Sales (ring), 2 Leave a message (voicemail), 3 Emergencies (forward), 4 Nobody home (ring)');
    expect(menu).toContain('  the caller answered "7", then "3": option 3 (pressed)');
    expect(wordsOf('peer-menu-no-input-default')).toContain('  the caller answered nothing, then nothing: option 1 (default)');
    expect(wordsOf('screen-challenge-failed')).toMatch(
      /^Spam protection: failed \(the caller ID check failed \(TN-Validation-Failed-B\)\)$/m,
    );
  });

  test.each([
    ['--press with a letter', ['--press', '1a'], /--press takes one character per prompt/],
    ['--press too long', ['--press', '123456789'], /--press takes one character per prompt/],
    ['--stir with a space', ['--stir', 'TN Validation'], /--stir takes a StirVerstat value/],
    ['--turn negative', ['--turn', '-1'], /--turn must be a whole number from 0/],
    ['--last-answered not a user id', ['--last-answered', 'Carol Smith'], /--last-answered takes a user id/],
    ['--last-answered with a bad time', ['--last-answered', 'carol@yesterday'], /--last-answered must be an ISO-8601 time/],
  ])('%s: exit 1 with a clear message', async (_title, args, message) => {
    const result = await runCli('explain', ['--to', '+15550100100', '--from', '+15550100200', ...args]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('explain', () => {
  test('--json has the documented fields', async () => {
    const result = await runCli('explain', ['--to', '+15550100101', '--from', '+15550100201', '--at', '2026-11-23T15:00:00Z', '--json']);
    expect(result.code).toBe(0);
    const decision = JSON.parse(result.stdout);
    for (const key of ['action', 'rule', 'targets', 'callerId', 'timeout', 'record', 'callConnect', 'trace'])
      expect(decision).toHaveProperty(key);
    expect(decision.targets).toContainEqual({ kind: 'client', identity: 'acme_alice_web', user: 'alice', app: 'web' });
    expect(decision.targets).toContainEqual({ kind: 'number', number: '+15550100002', user: 'alice', source: 'user-phone' });
  });

  test('without --config it routes with the bundled sample, in words', async () => {
    const result = await runCli('explain', ['--to', '+15550100100', '--from', '+15550100200', '--at', '2026-11-23T15:00:00Z']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('DIAL by rule "caller-assigned-user" (workspace acme)');
    expect(result.stdout).toContain('=> caller-assigned-user');
    expect(result.stdout).toMatch(/skipped: \+15550100100 is not assigned to a user/);
  });

  test('an invalid bundle: exit 1, each field and reason named, no stack trace', async () => {
    const bad = writeTempJson('bad.json', {
      workspaces: [{ id: 'x', name: 'X', numbers: [{ number: '555', name: 'n', inboundTimeout: 0 }] }],
    });
    const result = await runCli('explain', ['--config', bad, '--to', '+15550100100', '--from', '+15550100200']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('workspaces.0.numbers.0.number: must be an E.164 phone number');
    expect(result.stderr).toContain('workspaces.0.numbers.0.inboundTimeout: must be at least 1 second');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    [
      'a missing file',
      ['--config', '/nonexistent/config.json', '--to', '+15550100100', '--from', '+15550100200'],
      /Cannot read the configuration file \/nonexistent\/config\.json: no such file/,
    ],
    ['a file that is not JSON', ['--config', 'NOTJSON', '--to', '+15550100100', '--from', '+15550100200'], /is not valid JSON/],
    ['a bad --at', ['--to', '+15550100100', '--from', '+15550100200', '--at', 'tomorrow'], /--at must be an ISO-8601 time/],
    ['a missing --to', ['--from', '+15550100200'], /required option '--to <number>' not specified/],
  ])('%s: exit 1 with a clear message', async (_title, args, message) => {
    const resolved = args.map((arg) => (arg === 'NOTJSON' ? notJsonFile() : arg));
    const result = await runCli('explain', resolved);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

function notJsonFile(): string {
  const file = writeTempJson('not.json', {});
  writeFileSync(file, 'workspaces: [oops');
  return file;
}
