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
