// Do not disturb by text. The case table (tests/cases/reply-cases.ts DND_CASES) runs against the pure reader and
// through the served incoming-sms function (twilio-run in Sync mode; the configuration in Sync documents, every text
// sent going to the API double behind Prism): `DND on` / `DND off` alone from a user's own phone, to any of the
// workspace's numbers, sets their doNotDisturb in the workspace's Sync document and is confirmed by one text; any
// other text of theirs is a staff text and changes nothing. A retried webhook changes nothing again and sends no second
// confirmation; `DND on` from a phone that is not a user's is a caller's reply, forwarded, and sets nothing. Locally,
// the same text is saved in the CONFIG_FILE bundle. Once saved, the next call to her ring group leaves her out.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { dndConfirmation, readDndCommand } from '../../src/replies/do-not-disturb';
import { replyKey, type ReplyEntry } from '../../src/replies/ledger';
import { LocalStateStore } from '../../src/state/local-store';
import { SyncRepository } from '../../src/sync/repository';
import { workspaceDocumentSchema } from '../../src/config/documents';
import { syncNames } from '../../src/config/layout';
import { SyncStateStore } from '../../src/sync/state-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { DND_CASES } from '../cases/reply-cases';
import { replyByText, ring } from '../support/drive-call';
import { writeTempJson } from '../support/legs';
import { stateMapOf } from '../support/shards';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';

describe('the reader, against the case table', () => {
  test.each(DND_CASES.map((c) => [c.body, c.sets, c.why] as const))('%j sets %s (%s)', (body, sets) => {
    expect(readDndCommand({ body, media: [] })).toBe(sets);
  });

  test('a text with a picture is never the command alone', () => {
    expect(readDndCommand({ body: 'DND on', media: [{ url: 'https://example.com/a.jpg', contentType: 'image/jpeg' }] })).toBeNull();
  });
});

/** One workspace per case (its own state): two numbers, two users with phones; ann starts on do not disturb as `annDnd` says. */
const workspaceFor = (i: number, annDnd: boolean): BundleInput['workspaces'][number] => {
  const n = String(i).padStart(2, '0');
  return {
    id: `dnd-${n}`,
    name: 'Dnd Plumbing',
    inbound: { maxCallsPerCallerPerMinute: 0 },
    users: [
      { id: 'ann', name: 'Ann', phone: `+155509${n}001`, role: 'admin', doNotDisturb: annDnd },
      { id: 'ben', name: 'Ben', phone: `+155509${n}002` },
    ],
    numbers: [
      { number: `+155509${n}100`, name: 'Main line', ringUsers: ['ann', 'ben'] },
      { number: `+155509${n}101`, name: 'Side line', ringUsers: ['ben'] },
    ],
  };
};
const phones = (i: number) => {
  const n = String(i).padStart(2, '0');
  return { ann: `+155509${n}001`, ben: `+155509${n}002`, line: `+155509${n}100`, side: `+155509${n}101`, stranger: `+155509${n}300` };
};
// A command case starts from the other setting (it flips); any other text from off (it must stay so).
const startsOn = DND_CASES.map((c) => c.sets === false);
const EXTRA = DND_CASES.length; // the workspaces after the cases', for the scenarios below
const SCENARIOS = 5;

describe('through the served incoming-sms function, in Sync mode', () => {
  const api = useTwilioApi({ clearFaults: true });
  let server: FunctionsServer;
  let serviceSid: string;

  beforeAll(async () => {
    const workspaces = [
      ...DND_CASES.map((_, i) => workspaceFor(i, startsOn[i]!)),
      ...Array.from({ length: SCENARIOS }, (_, k) => workspaceFor(EXTRA + k, false)),
    ];
    serviceSid = await serviceWithBundle(api, parseBundle({ workspaces }));
    server = await startFunctions({ ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0' });
  }, 120_000);
  afterAll(() => server?.stop());

  async function text(from: string, to: string, body: string, sid = `SM${randomBytes(16).toString('hex')}`) {
    const before = api.double.messages.length;
    const request = replyByText({ to, from, extra: { AccountSid: api.accountSid } }, body, sid);
    const response = await server.post(request.url, request.params);
    expect(response.status).toBe(200);
    return { sid, sent: api.double.messages.slice(before).map((message) => ({ to: message.to, from: message.from, body: message.body })) };
  }
  /** Ann's doNotDisturb as Sync's documents hold it now (read back as the configuration is read). */
  const annDnd = async (i: number) => {
    // The one workspace document, read back through its schema as the functions read it (one request, not the whole layout).
    const snapshot = await gatewayFor(api, serviceSid).fetchDocument(syncNames.workspace(workspaceFor(i, false).id));
    const document = workspaceDocumentSchema.parse(snapshot!.data);
    return document.workspace.users.find((user) => user.id === 'ann')!.doNotDisturb;
  };
  const kept = async (i: number, sender: string, sid: string) =>
    (await new SyncStateStore(gatewayFor(api, serviceSid)).get(
      stateMapOf('callers', workspaceFor(i, false).id, sender),
      replyKey(sid),
    )) as unknown as ReplyEntry | null;
  const confirmations = (sent: { body?: string }[]) => sent.filter((message) => message.body?.startsWith('Do not disturb'));

  test.each(DND_CASES.map((c, i) => [c.body, c.sets === null ? 'is a staff text' : `sets ${c.sets}`, c, i] as const))(
    "%j from ann's own phone %s",
    async (body, _what, c, i) => {
      const p = phones(i);
      // Every other case texts the side line: any of the workspace's numbers takes the command.
      const to = i % 2 ? p.side : p.line;
      const { sid, sent } = await text(p.ann, to, body);
      if (c.sets === null) {
        expect(await annDnd(i)).toBe(false);
        expect(confirmations(sent)).toEqual([]);
        expect((await kept(i, p.ann, sid))!.command).toBeUndefined();
        return;
      }
      expect(await annDnd(i)).toBe(c.sets);
      const body_ = dndConfirmation({ name: 'Dnd Plumbing' }, c.sets, { status: 'saved', where: '' });
      expect(sent).toEqual([{ to: p.ann, from: to, body: body_ }]);
      expect(body_).toBe(
        c.sets
          ? 'Do not disturb is now on: calls to Dnd Plumbing will not ring you. Text DND off to turn it off.'
          : 'Do not disturb is now off: calls to Dnd Plumbing ring you again. Text DND on to turn it on.',
      );
      expect((await kept(i, p.ann, sid))!).toMatchObject({
        status: 'not-forwarded',
        command: { name: 'dnd', on: c.sets, status: 'saved', confirmation: { status: 'sent', body: body_ } },
      });
    },
  );

  test('a retried webhook changes nothing again and sends no second confirmation, even after a later DND off', async () => {
    const i = EXTRA;
    const p = phones(i);
    const on = await text(p.ann, p.line, 'DND on');
    expect(await annDnd(i)).toBe(true);
    const off = await text(p.ann, p.line, 'DND off');
    expect(await annDnd(i)).toBe(false);
    const retry = await text(p.ann, p.line, 'DND on', on.sid);
    expect(retry.sent).toEqual([]);
    expect(await annDnd(i)).toBe(false);
    expect([...confirmations(on.sent), ...confirmations(off.sent)].map((message) => message.body)).toEqual([
      'Do not disturb is now on: calls to Dnd Plumbing will not ring you. Text DND off to turn it off.',
      'Do not disturb is now off: calls to Dnd Plumbing ring you again. Text DND on to turn it on.',
    ]);
  });

  test('DND on when it already is: nothing to save, and the text says it already was', async () => {
    const i = EXTRA + 1;
    const p = phones(i);
    await text(p.ann, p.line, 'DND on');
    const again = await text(p.ann, p.side, 'dnd on');
    expect(again.sent).toEqual([
      {
        to: p.ann,
        from: p.side,
        body: 'Do not disturb was already on: calls to Dnd Plumbing will not ring you. Text DND off to turn it off.',
      },
    ]);
    expect((await kept(i, p.ann, again.sid))!.command).toMatchObject({ status: 'unchanged' });
    expect(await annDnd(i)).toBe(true);
  });

  test("DND on from a phone that is no user's is a caller's reply: forwarded to the admins, nobody's setting changed", async () => {
    const i = EXTRA + 2;
    const p = phones(i);
    const { sid, sent } = await text(p.stranger, p.line, 'DND on');
    expect(confirmations(sent)).toEqual([]);
    expect(sent.filter((message) => message.body?.startsWith(`Text from ${p.stranger} `)).map((message) => message.to)).toEqual([p.ann]);
    expect(await annDnd(i)).toBe(false);
    const bundle = parseBundle(await new SyncRepository(gatewayFor(api, serviceSid)).readBundle());
    expect(
      bundle.workspaces.find((workspace) => workspace.id === workspaceFor(i, false).id)!.users.map((user) => user.doNotDisturb),
    ).toEqual([false, false]);
    expect((await kept(i, p.stranger, sid))!).toMatchObject({ status: 'forwarded', body: 'DND on' });
    expect((await kept(i, p.stranger, sid))!.command).toBeUndefined();
  });

  test("ben's command sets ben's setting only, reading and writing his workspace's document alone", async () => {
    const i = EXTRA + 3;
    const p = phones(i);
    const id = workspaceFor(i, false).id;
    const count = () => ({
      // A whole console save reads the index and every workspace's documents; this reads none of them.
      index: api.double.requestCount({ product: 'sync', path: /\/Documents\/deployment$/ }),
      others: api.double.requestCount({ product: 'sync', method: 'GET', path: new RegExp(`/Documents/workspace_(?!${id}$)`) }),
      writes: api.double.requestCount({ product: 'sync', method: 'POST', path: new RegExp(`/Documents/workspace_${id}$`) }),
    });
    const before = count();
    await text(p.ben, p.side, 'DND on');
    const after = count();
    expect({ index: after.index - before.index, others: after.others - before.others, writes: after.writes - before.writes }).toEqual({
      index: 0,
      others: 0,
      writes: 1,
    });
    const bundle = parseBundle(await new SyncRepository(gatewayFor(api, serviceSid)).readBundle());
    expect(
      bundle.workspaces.find((workspace) => workspace.id === workspaceFor(i, false).id)!.users.map((user) => [user.id, user.doNotDisturb]),
    ).toEqual([
      ['ann', false],
      ['ben', true],
    ]);
  });

  test('once ann texted DND on, the next call to her ring group rings ben alone (the route reads the saved setting)', async () => {
    const i = EXTRA + 4;
    const p = phones(i);
    const call = () => ring(server, { to: p.line, from: p.stranger, extra: { AccountSid: api.accountSid } });
    const phonesRung = (legs: { noun: { children: unknown[] } }[]) =>
      legs.map((leg) => JSON.stringify(leg.noun)).map((noun) => [p.ann, p.ben].find((phone) => noun.includes(phone)));
    expect(phonesRung((await call()).legs)).toEqual([p.ann, p.ben]);
    await text(p.ann, p.side, 'DND on');
    expect(phonesRung((await call()).legs)).toEqual([p.ben]);
    await text(p.ann, p.side, 'dnd off');
    expect(phonesRung((await call()).legs)).toEqual([p.ann, p.ben]);
  });
});

describe('through the served incoming-sms function, locally: saved in the CONFIG_FILE bundle', () => {
  let server: FunctionsServer;
  const stateDir = mkdtempSync(join(tmpdir(), 'dnd-local-'));
  const p = phones(0);
  const file = writeTempJson('dnd.json', { workspaces: [workspaceFor(0, false)] });

  beforeAll(async () => {
    server = await startFunctions({ CONFIG_FILE: file, LOCAL_STATE_DIR: stateDir });
  }, 60_000);
  afterAll(() => server?.stop());

  test('DND on is written into the file (only that field changes) and confirmed through the local outbox', async () => {
    const before = JSON.parse(readFileSync(file, 'utf8'));
    const request = replyByText({ to: p.line, from: p.ann }, 'DND on', `SM${randomBytes(16).toString('hex')}`);
    expect((await server.post(request.url, request.params)).status).toBe(200);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    before.workspaces[0].users[0].doNotDisturb = true;
    expect(after).toEqual(before);
    const outbox = (await new LocalStateStore(stateDir).list(OUTBOX_MAP)).map((item) => item.data as { to: string; body: string });
    expect(outbox.filter((message) => message.to === p.ann).map((message) => message.body)).toEqual([
      'Do not disturb is now on: calls to Dnd Plumbing will not ring you. Text DND off to turn it off.',
    ]);
  });

  test('DND on again: the file is not written, and the text says it already was', async () => {
    const written = { text: readFileSync(file, 'utf8'), inode: statSync(file).ino };
    const request = replyByText({ to: p.line, from: p.ann }, 'DND on', `SM${randomBytes(16).toString('hex')}`);
    expect((await server.post(request.url, request.params)).status).toBe(200);
    // A write renames a new file over it (a new inode): none came.
    expect({ text: readFileSync(file, 'utf8'), inode: statSync(file).ino }).toEqual(written);
    const outbox = (await new LocalStateStore(stateDir).list(OUTBOX_MAP)).map((item) => item.data as { to: string; body: string });
    expect(outbox.filter((message) => message.to === p.ann).map((message) => message.body)).toContain(
      'Do not disturb was already on: calls to Dnd Plumbing will not ring you. Text DND off to turn it off.',
    );
  });
});
