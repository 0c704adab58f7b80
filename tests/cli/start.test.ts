// `npm start`'s program: serves the functions on the port asked for, and refuses a busy port clearly.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import twilio from 'twilio';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { writeTempJson } from '../support/legs';
import { ROOT, freePort } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';

describe('start', () => {
  test('serves incoming-call on --port, routing with the bundled sample, and stops on SIGTERM', async () => {
    const port = await freePort();
    const stateDir = mkdtempSync(join(tmpdir(), 'start-'));
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'start.js'), '--port', String(port)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', LOCAL_STATE_DIR: stateDir, AUTH_TOKEN: '' },
    });
    const output = watchOutput(child);
    try {
      await output.until(`http://localhost:${port}/incoming-call`);
      expect(output.text()).toContain(`local signing token in ${join(stateDir, 'local-auth-token')}`);
      const url = `http://localhost:${port}/incoming-call`;
      const params = { To: '+15550100102', From: '+15550100201' };
      const post = (signature?: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature ? { 'X-Twilio-Signature': signature } : {}) },
          body: new URLSearchParams(params).toString(),
        });
      // Unsigned: refused. Signed with the local token (as the simulator does): routed.
      expect((await post()).status).toBe(403);
      const token = readFileSync(join(stateDir, 'local-auth-token'), 'utf8');
      const response = await post(twilio.getExpectedTwilioSignature(token, url, params));
      expect(response.status).toBe(200);
      // The sample's emergency line is in forward mode: it always rings the on-call phone.
      expect(planFromTwiml(parseTwiml(await response.text()))).toMatchObject({ action: 'dial', legs: ['number:+15550100005'] });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    // The port is free again: twilio-run went down with it.
    await expect(listenOn(port).then((server) => new Promise((resolve) => server.close(resolve)))).resolves.toBeUndefined();
  });

  test('a busy port fails at once with a clear message, never a prompt', async () => {
    const port = await freePort();
    const blocker = await listenOn(port);
    try {
      const result = await runCli('start', ['--port', String(port)]);
      // It exited by itself: nothing waited for an answer that a non-interactive run never gives.
      expect(result.signal).toBeNull();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} is already in use`);
      expect(result.stderr).toContain('npm start -- --port');
      expect(result.stdout).not.toMatch(/Choose a new port/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test.each([
    ['a port that is not a number', ['--port', 'abc'], /--port must be a whole number from 1 to 65535/],
    ['an invalid --config', ['--config', writeTempJson('bad.json', { workspaces: [] })], /workspaces: must list at least one workspace/],
  ])('%s: exit 1 with a clear message', async (_title, args, message) => {
    const result = await runCli('start', args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

/** Collects a process's output (both streams) and waits, as long as it takes, for a piece of text in it. */
function watchOutput(child: ChildProcess): { text(): string; until(text: string): Promise<void> } {
  let output = '';
  const waiting = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const check of waiting) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    text: () => output,
    until: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          done();
          resolve();
        };
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`exited (${code}) before printing ${JSON.stringify(text)}; output so far:\n${output}`));
        };
        const done = () => {
          waiting.delete(check);
          child.off('exit', onExit);
        };
        waiting.add(check);
        child.once('exit', onExit);
        check();
      }),
  };
}
