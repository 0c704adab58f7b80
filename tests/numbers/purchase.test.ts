// Buying and binding numbers against the Twilio API double behind Prism: buy points the number at this
// deployment and adds it to the workspace (in a bundle file and in Sync); a number of another workspace is
// refused before anything is bought; bind adds an owned number; bind --all is idempotent; unbind clears only
// this deployment's URLs.
import { writeFileSync } from 'node:fs';
import { ConfigValidationError } from '../../src/config/errors';
import type { BundleInput } from '../../src/config/types';
import type { NumbersServices } from '../../src/numbers/services';
import type { PhoneNumbersGateway } from '../../src/numbers/twilio-numbers';
import { NumberInputError, NumberNotInAccountError, PartialChangeError, WorkspaceScopeError } from '../../src/numbers/errors';
import { bindAll, bindNumber, buyNumber, unbindNumber } from '../../src/numbers/purchase';
import { EnvironmentError } from '../../src/runtime/env';
import { createSyncService } from '../support/sync';
import {
  BASE_URL,
  BOUND,
  FALLBACK_URL,
  SMS_URL,
  STATUS_URL,
  VOICE_URL,
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

const full = { voice: true, sms: true, mms: true, fax: false };
function forSale(type: 'Local' | 'TollFree' = 'Local', capabilities = full): string {
  const number = uniqueNumber();
  api.double.api.addAvailable({ phoneNumber: number, type, isoCountry: 'US', capabilities });
  return number;
}
function owned(
  settings: Partial<Record<'VoiceUrl' | 'VoiceFallbackUrl' | 'VoiceFallbackMethod' | 'SmsUrl' | 'StatusCallback', string>> = {},
): string {
  const number = uniqueNumber();
  const record = api.double.api.addIncoming(number, api.double.clock.now());
  Object.assign(record.settings, settings);
  return number;
}

describe('buy', () => {
  test('in a bundle file: buys with both URLs in the same request, then adds the number to the workspace, active', async () => {
    const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
    const number = forSale('Local', { voice: true, sms: false, mms: false, fax: false });
    const result = await buyNumber(numbersServices(api, { config: file }), { number, workspace: 'acme', name: 'Google Ads line' });

    const writes = numberWrites(api);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.path).toMatch(/\/IncomingPhoneNumbers\.json$/);
    expect(writes[0]!.params).toEqual({
      PhoneNumber: number,
      VoiceUrl: VOICE_URL,
      VoiceMethod: 'POST',
      VoiceFallbackUrl: FALLBACK_URL,
      VoiceFallbackMethod: 'GET',
      StatusCallback: STATUS_URL,
      StatusCallbackMethod: 'POST',
      SmsUrl: SMS_URL,
      SmsMethod: 'POST',
      FriendlyName: 'Google Ads line',
    });
    expect(incoming(api, number)!.settings).toMatchObject({
      VoiceUrl: VOICE_URL,
      VoiceMethod: 'POST',
      VoiceFallbackUrl: FALLBACK_URL,
      VoiceFallbackMethod: 'GET',
      SmsUrl: SMS_URL,
      SmsMethod: 'POST',
      StatusCallback: STATUS_URL,
    });
    expect(result).toMatchObject({ configuration: 'added', urls: { baseUrl: BASE_URL } });

    const acme = readBundle(file).workspaces.find((workspace) => workspace.id === 'acme')!;
    expect(acme.numbers).toEqual([{ number, name: 'Google Ads line', status: 'active', capabilities: { voice: true, sms: false } }]);
  });

  test("without --name the configuration takes Twilio's friendly name", async () => {
    const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
    const number = forSale();
    await buyNumber(numbersServices(api, { config: file }), { number, workspace: 'globex' });
    expect(numberWrites(api)[0]!.params).not.toHaveProperty('FriendlyName');
    const globex = readBundle(file).workspaces.find((workspace) => workspace.id === 'globex')!;
    expect(globex.numbers![0]).toMatchObject({ number, name: `(555) ${number.slice(5, 8)}-${number.slice(8)}` });
  });

  test('in Sync: the number document and the workspace document are written, and a pull gives the number back', async () => {
    const serviceSid = await createSyncService(api);
    const existing = uniqueNumber();
    await pushToSync(api, serviceSid, agencyBundle({ acme: [existing], globex: [] }));
    const number = forSale();
    const result = await buyNumber(numbersServices(api, { env: { SYNC_SERVICE_SID: serviceSid } }), {
      number,
      workspace: 'acme',
      name: 'Second line',
    });

    expect(result.saved).toEqual(['~ update document workspace_acme (numbers)', `+ create document number_${number.slice(1)}`]);
    const pulled = await pullFromSync(api, serviceSid);
    expect(pulled.workspaces[0]!.numbers.map((entry) => [entry.number, entry.name, entry.status])).toEqual([
      [existing, 'Acme line 1', 'active'],
      [number, 'Second line', 'active'],
    ]);
  });

  /** The services, with a purchase during which `meanwhile` runs: another admin's save landing while Twilio buys. */
  function savedMeanwhile(services: NumbersServices, meanwhile: () => Promise<void>): NumbersServices {
    return {
      ...services,
      gateway: () => {
        const gateway = services.gateway();
        return Object.assign(Object.create(gateway) as PhoneNumbersGateway, {
          purchase: async (...args: Parameters<PhoneNumbersGateway['purchase']>) => {
            await meanwhile();
            return gateway.purchase(...args);
          },
        });
      },
    };
  }

  test.each(['a bundle file', 'Sync'])(
    'in %s: a save of the workspace and of another made while Twilio was buying are kept, and the number added',
    async (where) => {
      const existing = uniqueNumber();
      const start = agencyBundle({ acme: [existing], globex: [] });
      const number = forSale();
      const renamed = (bundle: BundleInput): BundleInput => ({
        workspaces: bundle.workspaces.map((workspace) => ({ ...workspace, name: `${workspace.name} (renamed)` })),
      });
      let services: NumbersServices;
      let stored: () => Promise<BundleInput>;
      if (where === 'Sync') {
        const serviceSid = await createSyncService(api);
        await pushToSync(api, serviceSid, start);
        services = savedMeanwhile(numbersServices(api, { env: { SYNC_SERVICE_SID: serviceSid } }), async () =>
          pushToSync(api, serviceSid, renamed(await pullFromSync(api, serviceSid))),
        );
        stored = () => pullFromSync(api, serviceSid);
      } else {
        const file = writeBundle(start);
        services = savedMeanwhile(numbersServices(api, { config: file }), async () => {
          writeFileSync(file, JSON.stringify(renamed(readBundle(file))));
        });
        stored = async () => readBundle(file);
      }
      await buyNumber(services, { number, workspace: 'acme', name: 'Second line' });
      const after = await stored();
      expect(after.workspaces.map((workspace) => workspace.name)).toEqual(['Acme Plumbing (renamed)', 'Globex Dental (renamed)']);
      expect(after.workspaces[0]!.numbers!.map((entry) => entry.number)).toEqual([existing, number]);
    },
  );

  test("a number another workspace's configuration holds is refused, and nothing is bought", async () => {
    const number = forSale();
    const file = writeBundle(agencyBundle({ acme: [], globex: [number] }));
    const before = readBundle(file);
    const attempt = buyNumber(numbersServices(api, { config: file }), { number, workspace: 'acme' });
    await expect(attempt).rejects.toThrow(WorkspaceScopeError);
    await expect(attempt).rejects.toThrow(`${number} belongs to workspace "globex", not "acme"`);
    expect(numberWrites(api)).toEqual([]);
    expect(api.double.requestCount()).toBe(0);
    expect(readBundle(file)).toEqual(before);
  });

  test("an edit the configuration would refuse (the number is a user's phone) buys nothing", async () => {
    const number = forSale();
    const bundle = agencyBundle({ acme: [], globex: [] });
    bundle.workspaces[0]!.users = [{ id: 'alice', name: 'Alice', phone: number }];
    const file = writeBundle(bundle);
    await expect(buyNumber(numbersServices(api, { config: file }), { number, workspace: 'acme' })).rejects.toThrow(ConfigValidationError);
    expect(api.double.requestCount()).toBe(0);
  });

  test('unknown workspace, the shipped sample, no base URL and no credentials are refused before any request', async () => {
    const number = forSale();
    const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
    await expect(buyNumber(numbersServices(api, { config: file }), { number, workspace: 'initech' })).rejects.toThrow(
      'There is no workspace "initech" in the configuration (workspaces: acme, globex)',
    );
    await expect(buyNumber(numbersServices(api), { number, workspace: 'acme' })).rejects.toThrow('the bundled sample');
    await expect(
      buyNumber(numbersServices(api, { config: file, env: { FUNCTIONS_BASE_URL: '' } }), { number, workspace: 'acme' }),
    ).rejects.toThrow(NumberInputError);
    await expect(buyNumber(numbersServices(api, { config: file, env: { AUTH_TOKEN: '' } }), { number, workspace: 'acme' })).rejects.toThrow(
      EnvironmentError,
    );
    expect(api.double.requestCount()).toBe(0);
  });
});

describe('when one side of a change fails', () => {
  afterEach(() => api.double.faults.clear());

  test('bought, but Sync refused the configuration write: the error says what was bought and how to finish', async () => {
    const serviceSid = await createSyncService(api);
    await pushToSync(api, serviceSid, agencyBundle({ acme: [], globex: [] }));
    const number = forSale();
    api.double.faults.set({ kind: 'server-error', product: 'sync', method: 'POST', match: /\/Documents/ });
    const attempt = buyNumber(numbersServices(api, { env: { SYNC_SERVICE_SID: serviceSid } }), { number, workspace: 'acme' });
    await expect(attempt).rejects.toThrow(PartialChangeError);
    await expect(attempt).rejects.toThrow(
      `Bought ${number} and pointed it at ${BASE_URL}, but the configuration (Sync service ${serviceSid}) could not be updated`,
    );
    expect(incoming(api, number)!.settings.VoiceUrl).toBe(VOICE_URL);
  });

  test('Twilio failing the purchase leaves the configuration as it was', async () => {
    const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
    const before = readBundle(file);
    const number = forSale();
    api.double.faults.set({ kind: 'server-error', product: 'api', method: 'POST', match: /IncomingPhoneNumbers/ });
    await expect(buyNumber(numbersServices(api, { config: file }), { number, workspace: 'acme' })).rejects.toThrow(
      new RegExp(`^Twilio failed to buy \\${number}: .+ \\(HTTP 500, error 20500\\)$`),
    );
    expect(readBundle(file)).toEqual(before);
  });
});

describe('bind', () => {
  test('an owned number the workspace lacks: its URLs are set and it is added to the configuration', async () => {
    const number = owned({ VoiceUrl: 'https://old.example.com/voice' });
    const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
    const result = await bindNumber(numbersServices(api, { config: file }), { number, workspace: 'acme', name: 'Ported line' });
    expect(result).toMatchObject({
      number,
      added: true,
      updated: ['voiceUrl', 'voiceFallbackUrl', 'voiceFallbackMethod', 'statusCallback', 'smsUrl'],
    });
    expect(numberWrites(api).map((write) => write.params)).toEqual([
      { VoiceUrl: VOICE_URL, VoiceFallbackUrl: FALLBACK_URL, VoiceFallbackMethod: 'GET', StatusCallback: STATUS_URL, SmsUrl: SMS_URL },
    ]);
    expect(incoming(api, number)!.settings).toMatchObject(BOUND);
    expect(readBundle(file).workspaces[0]!.numbers).toEqual([
      { number, name: 'Ported line', status: 'active', capabilities: { voice: true, sms: true } },
    ]);
  });

  test('a number the account does not own is refused', async () => {
    const number = uniqueNumber();
    const file = writeBundle(agencyBundle({ acme: [number], globex: [] }));
    await expect(bindNumber(numbersServices(api, { config: file }), { number, workspace: 'acme' })).rejects.toThrow(
      NumberNotInAccountError,
    );
    expect(numberWrites(api)).toEqual([]);
  });

  test('--all is idempotent: the second run sends no update at all', async () => {
    const unbound = owned();
    const elsewhere = owned({ VoiceUrl: 'https://old.example.com/voice', SmsUrl: 'https://old.example.com/sms' });
    const already = owned(BOUND);
    const globexNumber = owned();
    const file = writeBundle(agencyBundle({ acme: [unbound, elsewhere, already], globex: [globexNumber] }));

    const first = numbersServices(api, { config: file });
    const result = await bindAll(first, 'acme');
    expect(result).toMatchObject({ bound: [unbound, elsewhere], alreadyBound: [already], notInAccount: [] });
    const all = 'voiceUrl, voiceFallbackUrl, voiceFallbackMethod, statusCallback, smsUrl';
    expect(first.lines).toEqual([
      `[1/3] ${unbound}: bound (${all})`,
      `[2/3] ${elsewhere}: bound (${all})`,
      `[3/3] ${already}: already bound`,
    ]);
    expect(numberWrites(api)).toHaveLength(2);
    expect(incoming(api, globexNumber)!.settings.VoiceUrl).toBeNull(); // another workspace's number is not touched

    api.double.clearRequests();
    const second = numbersServices(api, { config: file });
    const again = await bindAll(second, 'acme');
    expect(again).toMatchObject({ bound: [], alreadyBound: [unbound, elsewhere, already] });
    expect(second.lines).toEqual([unbound, elsewhere, already].map((number, i) => `[${i + 1}/3] ${number}: already bound`));
    expect(api.double.requests({ product: 'api', method: 'POST', path: 'IncomingPhoneNumbers' })).toEqual([]);
  });

  test('a number bound before the fallback and the connection overrides: still ours, and bind adds both', async () => {
    const legacy = { VoiceUrl: `${BASE_URL}/incoming-call`, SmsUrl: `${BASE_URL}/incoming-sms`, StatusCallback: `${BASE_URL}/call-status` };
    const number = owned(legacy);
    const file = writeBundle(agencyBundle({ acme: [number], globex: [] }));
    expect(await unbindNumber(numbersServices(api, { config: file }), { number, workspace: 'acme' })).toEqual({
      number,
      cleared: ['voiceUrl', 'statusCallback', 'smsUrl'],
    });

    const again = owned(legacy);
    const services = numbersServices(api, { config: writeBundle(agencyBundle({ acme: [again], globex: [] })) });
    api.double.clearRequests();
    expect(await bindNumber(services, { number: again, workspace: 'acme' })).toMatchObject({
      updated: ['voiceUrl', 'voiceFallbackUrl', 'voiceFallbackMethod', 'statusCallback', 'smsUrl'],
    });
    expect(incoming(api, again)!.settings).toMatchObject(BOUND);
  });

  test('--all reports configured numbers the account does not own and binds the rest', async () => {
    const ownedNumber = owned();
    const missing = uniqueNumber();
    const file = writeBundle(agencyBundle({ acme: [missing, ownedNumber], globex: [] }));
    const services = numbersServices(api, { config: file });
    const result = await bindAll(services, 'acme');
    expect(result).toMatchObject({ bound: [ownedNumber], notInAccount: [missing] });
    expect(services.lines[0]).toBe(`[1/2] ${missing}: not in this Twilio account, skipped`);
  });
});

describe('unbind', () => {
  test("clears this deployment's URLs and leaves another deployment's alone", async () => {
    const ours = owned(BOUND);
    const mixed = owned({ VoiceUrl: VOICE_URL, SmsUrl: 'https://crm.example.com/sms' });
    const file = writeBundle(agencyBundle({ acme: [ours, mixed], globex: [] }));
    const services = numbersServices(api, { config: file });

    expect(await unbindNumber(services, { number: ours, workspace: 'acme' })).toEqual({
      number: ours,
      cleared: ['voiceUrl', 'voiceFallbackUrl', 'statusCallback', 'smsUrl'],
    });
    expect(incoming(api, ours)!.settings).toMatchObject({ VoiceUrl: null, VoiceFallbackUrl: null, SmsUrl: null, StatusCallback: null });
    expect(await unbindNumber(services, { number: mixed, workspace: 'acme' })).toEqual({ number: mixed, cleared: ['voiceUrl'] });
    expect(incoming(api, mixed)!.settings).toMatchObject({ VoiceUrl: null, SmsUrl: 'https://crm.example.com/sms' });

    api.double.clearRequests();
    expect(await unbindNumber(services, { number: ours, workspace: 'acme' })).toEqual({ number: ours, cleared: [] });
    expect(numberWrites(api)).toEqual([]);
  });
});
