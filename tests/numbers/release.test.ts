// Releasing numbers, and activating or deactivating them, against the Twilio API double behind Prism: release is
// refused while the configuration refers to the number (nothing deleted, nothing written), removes the number and
// every reference when told to, is refused for another workspace's number, and needs a yes; activate and
// deactivate flip the status in a bundle file and in Sync.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { askYesNo, isInteractive } from '../../src/cli/_confirm';
import { setStatus } from '../../src/numbers/activation';
import { ConfirmationError, NumberReferencedError, PartialChangeError, WorkspaceScopeError } from '../../src/numbers/errors';
import { releaseNumber } from '../../src/numbers/release';
import { createSyncService } from '../support/sync';
import {
  agencyBundle,
  incoming,
  numberWrites,
  numbersServices,
  pullFromSync,
  pushToSync,
  readBundle,
  uniqueNumber,
  writeBundle,
} from '../support/numbers';
import { useTwilioApi } from '../support/twilio-api/index';

const api = useTwilioApi({ clearRequests: true });

function owned(): string {
  const number = uniqueNumber();
  api.double.api.addIncoming(number, api.double.clock.now());
  return number;
}
const yes = async () => true;

describe('release', () => {
  test('refused while the workspace routes the number: nothing is deleted or written', async () => {
    const number = owned();
    const file = writeBundle(agencyBundle({ acme: [number], globex: [] }));
    const before = readFileSync(file, 'utf8');
    const attempt = releaseNumber(numbersServices(api, { config: file }), {
      number,
      workspace: 'acme',
      removeReferences: false,
      confirm: yes,
    });
    await expect(attempt).rejects.toThrow(NumberReferencedError);
    await expect(attempt).rejects.toThrow(`workspaces.0.numbers.0: routed number "Acme line 1" of workspace "acme"`);
    await expect(attempt).rejects.toThrow('run release again with --remove-references');
    expect(numberWrites(api)).toEqual([]);
    expect(incoming(api, number)).toBeDefined();
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('with removeReferences: the number and every setting naming it leave the configuration, then the account', async () => {
    const routed = owned();
    const companyLine = owned();
    const bundle = agencyBundle({ acme: [routed], globex: [] });
    bundle.workspaces[0]!.companyPhone = companyLine;
    bundle.workspaces[0]!.users = [{ id: 'alice', name: 'Alice', phone: companyLine, extension: '12' }];
    bundle.workspaces[0]!.numbers![0]!.forwardingNumber = companyLine;
    bundle.workspaces[0]!.numbers![0]!.afterHours = { action: 'forward', forwardTo: companyLine };
    const file = writeBundle(bundle);

    const result = await releaseNumber(numbersServices(api, { config: file }), {
      number: companyLine,
      workspace: 'acme',
      removeReferences: true,
      confirm: yes,
    });
    expect(result.removed.map((reference) => reference.path)).toEqual([
      'workspaces.0.companyPhone',
      'workspaces.0.users.0.phone',
      'workspaces.0.numbers.0.forwardingNumber',
      'workspaces.0.numbers.0.afterHours.forwardTo',
    ]);
    expect(incoming(api, companyLine)).toBeUndefined();
    expect(numberWrites(api).map((write) => write.method)).toEqual(['DELETE']);
    const acme = readBundle(file).workspaces[0]!;
    expect(acme.companyPhone).toBeNull();
    expect(acme.users![0]).toMatchObject({ phone: null, extension: null });
    expect(acme.numbers![0]).toMatchObject({ number: routed, forwardingNumber: null, afterHours: { action: 'voicemail' } });
  });

  test('in Sync, removeReferences deletes the number document and updates the workspace', async () => {
    const serviceSid = await createSyncService(api);
    const keep = owned();
    const release = owned();
    await pushToSync(api, serviceSid, agencyBundle({ acme: [keep, release], globex: [] }));
    const result = await releaseNumber(numbersServices(api, { env: { SYNC_SERVICE_SID: serviceSid } }), {
      number: release,
      workspace: 'acme',
      removeReferences: true,
      confirm: yes,
    });
    expect(result.saved).toEqual(['~ update document workspace_acme (numbers)', `- remove document number_${release.slice(1)}`]);
    expect((await pullFromSync(api, serviceSid)).workspaces[0]!.numbers.map((entry) => entry.number)).toEqual([keep]);
    expect(incoming(api, release)).toBeUndefined();
  });

  test('Twilio failing the release after the configuration was written: the error says so, and a second run finishes', async () => {
    const number = owned();
    const file = writeBundle(agencyBundle({ acme: [number], globex: [] }));
    api.double.faults.set({ kind: 'server-error', product: 'api', method: 'DELETE', match: /IncomingPhoneNumbers/, times: 1 });
    const attempt = releaseNumber(numbersServices(api, { config: file }), {
      number,
      workspace: 'acme',
      removeReferences: true,
      confirm: yes,
    });
    await expect(attempt).rejects.toThrow(PartialChangeError);
    await expect(attempt).rejects.toThrow(
      `Removed ${number} from the configuration, but Twilio did not release it: Twilio failed to release ${number}`,
    );
    expect(readBundle(file).workspaces[0]!.numbers).toEqual([]);
    expect(incoming(api, number)).toBeDefined();
    api.double.faults.clear();
    await releaseNumber(numbersServices(api, { config: file }), { number, workspace: 'acme', removeReferences: false, confirm: yes });
    expect(incoming(api, number)).toBeUndefined();
  });

  test("another workspace's number is refused even with removeReferences", async () => {
    const number = owned();
    const file = writeBundle(agencyBundle({ acme: [], globex: [number] }));
    await expect(
      releaseNumber(numbersServices(api, { config: file }), { number, workspace: 'acme', removeReferences: true, confirm: yes }),
    ).rejects.toThrow(WorkspaceScopeError);
    expect(incoming(api, number)).toBeDefined();
  });

  test('a number nothing refers to is released after a yes, and kept after a no', async () => {
    const number = owned();
    const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
    const questions: string[] = [];
    const no = async (question: string) => {
      questions.push(question);
      return false;
    };
    await expect(
      releaseNumber(numbersServices(api, { config: file }), { number, workspace: 'acme', removeReferences: false, confirm: no }),
    ).rejects.toThrow(ConfirmationError);
    expect(questions[0]).toMatch(new RegExp(`^Release \\${number} \\(.+\\) from the Twilio account\\?`));
    expect(incoming(api, number)).toBeDefined();

    await releaseNumber(numbersServices(api, { config: file }), { number, workspace: 'acme', removeReferences: false, confirm: yes });
    expect(incoming(api, number)).toBeUndefined();
  });
});

describe('the confirmation prompt', () => {
  test('reads one line: y or yes (any case) is yes; anything else, or no answer at all, is no', async () => {
    const ask = async (typed: string | null) => {
      const input = new PassThrough();
      const output = new PassThrough();
      const answer = askYesNo('Release it?', input, output);
      if (typed === null) input.end();
      else input.write(typed);
      return { answer: await answer, prompt: String(output.read()) };
    };
    await expect(ask('y\n')).resolves.toEqual({ answer: true, prompt: 'Release it? [y/N] ' });
    await expect(ask(' YES \n')).resolves.toMatchObject({ answer: true });
    await expect(ask('n\n')).resolves.toMatchObject({ answer: false });
    await expect(ask('\n')).resolves.toMatchObject({ answer: false });
    await expect(ask(null)).resolves.toMatchObject({ answer: false });
  });

  test('only a terminal counts as interactive', () => {
    expect(isInteractive({ isTTY: true })).toBe(true);
    expect(isInteractive({})).toBe(false);
    expect(isInteractive(new PassThrough() as { isTTY?: boolean })).toBe(false);
  });
});

describe('activate and deactivate', () => {
  test('in a bundle file: the status flips, and a second time nothing is written', async () => {
    const number = uniqueNumber();
    const file = writeBundle(agencyBundle({ acme: [number], globex: [] }));
    const services = numbersServices(api, { config: file });
    expect(await setStatus(services, { number, workspace: 'acme', status: 'inactive' })).toMatchObject({ changed: true });
    expect(readBundle(file).workspaces[0]!.numbers![0]!.status).toBe('inactive');
    const written = readFileSync(file, 'utf8');
    expect(await setStatus(services, { number, workspace: 'acme', status: 'inactive' })).toMatchObject({ changed: false, saved: [] });
    expect(readFileSync(file, 'utf8')).toBe(written);
    await setStatus(services, { number, workspace: 'acme', status: 'active' });
    expect(readBundle(file).workspaces[0]!.numbers![0]!.status).toBe('active');
    expect(api.double.requestCount()).toBe(0); // the account is not involved
  });

  test("in Sync: only the number's document changes; another workspace's number is refused", async () => {
    const serviceSid = await createSyncService(api);
    const number = uniqueNumber();
    const globexNumber = uniqueNumber();
    await pushToSync(api, serviceSid, agencyBundle({ acme: [number], globex: [globexNumber] }));
    const services = numbersServices(api, { env: { SYNC_SERVICE_SID: serviceSid } });
    const result = await setStatus(services, { number, workspace: 'acme', status: 'inactive' });
    expect(result.saved).toEqual([`~ update document number_${number.slice(1)} (status)`]);
    expect((await pullFromSync(api, serviceSid)).workspaces[0]!.numbers[0]!.status).toBe('inactive');
    await expect(setStatus(services, { number: globexNumber, workspace: 'acme', status: 'inactive' })).rejects.toThrow(
      `${globexNumber} belongs to workspace "globex"`,
    );
  });
});
