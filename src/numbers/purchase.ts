// `numbers buy`, `bind`, `bind --all` and `unbind`: point numbers of the account at this deployment (or away from
// it) and keep the workspace's configuration in step. The configuration edit is validated before Twilio is
// asked for anything, so an edit that would be refused never leaves a bought or rebound number behind.
import { VOICE_FALLBACK_METHOD } from '../twiml/voice-fallback';
import { changeWorkspaceConfiguration, prepareEdit } from './configuration';
import type { BundleInput } from '../config/types';
import { WEBHOOK_METHOD, bindingChanges, bindingWarnings, unbindingChanges, type DeploymentUrls, type UrlSettings } from './deployment';
import { addNumber } from './edits';
import { NumberNotInAccountError, PartialChangeError } from './errors';
import { scopeNumber, workspaceById } from './scope';
import type { NumbersServices } from './services';
import type { AccountNumber, PhoneNumbersGateway } from './twilio-numbers';

export interface NumberRequest {
  number: string;
  workspace: string;
  /** The name the configuration gives the number; default Twilio's friendly name. */
  name?: string;
}

export interface BuyResult {
  bought: AccountNumber;
  urls: DeploymentUrls;
  configuration: 'added' | 'activated' | 'unchanged';
  saved: string[];
}

export interface BindResult {
  number: string;
  /** The settings sent to Twilio; empty when the number already pointed here. */
  updated: (keyof UrlSettings)[];
  /** True when the number was added to the workspace's configuration. */
  added: boolean;
  saved: string[];
  warnings: string[];
}

export interface BindAllResult {
  workspace: string;
  bound: string[];
  alreadyBound: string[];
  /** Configured numbers the account does not own: nothing could be done for them. */
  notInAccount: string[];
  warnings: string[];
}

export interface UnbindResult {
  number: string;
  /** The URLs cleared; empty when the number did not point here. */
  cleared: (keyof UrlSettings)[];
}

function fullBinding(urls: DeploymentUrls): UrlSettings {
  return {
    voiceUrl: urls.voiceUrl,
    voiceMethod: WEBHOOK_METHOD,
    voiceFallbackUrl: urls.voiceFallbackUrl,
    voiceFallbackMethod: VOICE_FALLBACK_METHOD,
    statusCallback: urls.statusCallback,
    statusCallbackMethod: WEBHOOK_METHOD,
    smsUrl: urls.smsUrl,
    smsMethod: WEBHOOK_METHOD,
  };
}

async function ownedOrThrow(gateway: PhoneNumbersGateway, e164: string): Promise<AccountNumber> {
  const owned = await gateway.findOwned(e164);
  if (!owned)
    throw new NumberNotInAccountError(
      e164,
      `${e164} is not a number of the Twilio account in the environment: buy it first (npm run numbers -- buy ${e164} --workspace ID)`,
    );
  return owned;
}

async function saveAfterTwilio<T>(
  services: NumbersServices,
  workspaceId: string,
  change: (draft: BundleInput) => T,
  done: string,
  changed?: (outcome: T) => boolean,
): Promise<{ outcome: T; saved: string[] }> {
  try {
    return await changeWorkspaceConfiguration(services.store, workspaceId, change, changed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartialChangeError(`${done}, but the configuration (${services.store.description}) could not be updated: ${reason}`, {
      cause: error,
    });
  }
}

/** Buys the number, points it at this deployment, and adds it to the workspace's configuration, active. */
export async function buyNumber(services: NumbersServices, request: NumberRequest): Promise<BuyResult> {
  const loaded = await services.store.load();
  scopeNumber(loaded.bundle, request.workspace, request.number);
  const urls = services.urls();
  const gateway = services.gateway();
  // The same edit as after the purchase, with what Twilio will only tell then (name, capabilities) assumed.
  prepareEdit(services.store, loaded, (draft) =>
    addNumber(draft, request.workspace, {
      number: request.number,
      name: request.name ?? request.number,
      capabilities: { voice: true, sms: true },
    }),
  );

  const bought = await gateway.purchase(request.number, { ...fullBinding(urls), ...(request.name ? { friendlyName: request.name } : {}) });
  const { outcome, saved } = await saveAfterTwilio(
    services,
    request.workspace,
    (draft) =>
      addNumber(draft, request.workspace, {
        number: bought.number,
        name: request.name ?? bought.friendlyName,
        capabilities: bought.capabilities,
      }),
    `Bought ${bought.number} and pointed it at ${urls.baseUrl}`,
    (added) => added !== 'unchanged',
  );
  return { bought, urls, configuration: outcome, saved };
}

/** Points a number the account owns at this deployment; adds it to the workspace when it is not there yet. */
export async function bindNumber(services: NumbersServices, request: NumberRequest): Promise<BindResult> {
  const loaded = await services.store.load();
  const { entry } = scopeNumber(loaded.bundle, request.workspace, request.number);
  const urls = services.urls();
  const owned = await ownedOrThrow(services.gateway(), request.number);
  const add = (draft: BundleInput) =>
    addNumber(draft, request.workspace, {
      number: owned.number,
      name: request.name ?? owned.friendlyName,
      capabilities: owned.capabilities,
    });
  // Checked before Twilio is asked: an addition that would make the configuration invalid changes nothing.
  if (!entry) prepareEdit(services.store, loaded, add);

  const changes = bindingChanges(owned, urls);
  const updated = Object.keys(changes) as (keyof UrlSettings)[];
  if (updated.length) await services.gateway().update(owned, changes);
  const saved = entry
    ? []
    : (
        await saveAfterTwilio(
          services,
          request.workspace,
          add,
          `Pointed ${owned.number} at ${urls.baseUrl}`,
          (added) => added !== 'unchanged',
        )
      ).saved;
  return { number: owned.number, updated, added: !entry, saved, warnings: bindingWarnings(owned.number, owned) };
}

/** Points every number of the workspace at this deployment; numbers already pointing here are left alone. */
export async function bindAll(services: NumbersServices, workspaceId: string): Promise<BindAllResult> {
  const loaded = await services.store.load();
  const workspace = workspaceById(loaded.bundle, workspaceId);
  const urls = services.urls();
  const gateway = services.gateway();
  const owned = new Map((await gateway.listOwned()).map((number) => [number.number, number]));
  const result: BindAllResult = { workspace: workspaceId, bound: [], alreadyBound: [], notInAccount: [], warnings: [] };
  const total = workspace.numbers.length;
  for (const [index, entry] of workspace.numbers.entries()) {
    const step = `[${index + 1}/${total}] ${entry.number}`;
    const number = owned.get(entry.number);
    if (!number) {
      result.notInAccount.push(entry.number);
      services.progress(`${step}: not in this Twilio account, skipped`);
      continue;
    }
    result.warnings.push(...bindingWarnings(number.number, number));
    const changes = bindingChanges(number, urls);
    if (Object.keys(changes).length === 0) {
      result.alreadyBound.push(entry.number);
      services.progress(`${step}: already bound`);
      continue;
    }
    await gateway.update(number, changes);
    result.bound.push(entry.number);
    services.progress(`${step}: bound (${Object.keys(changes).join(', ')})`);
  }
  return result;
}

/** Clears the number's URLs that point at this deployment; URLs pointing elsewhere are not touched. */
export async function unbindNumber(services: NumbersServices, request: Omit<NumberRequest, 'name'>): Promise<UnbindResult> {
  const loaded = await services.store.load();
  scopeNumber(loaded.bundle, request.workspace, request.number);
  const urls = services.urls();
  const owned = await ownedOrThrow(services.gateway(), request.number);
  const changes = unbindingChanges(owned, urls);
  const cleared = Object.keys(changes) as (keyof UrlSettings)[];
  if (cleared.length) await services.gateway().update(owned, changes);
  return { number: owned.number, cleared };
}
