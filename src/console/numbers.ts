// The console's phone numbers page, behind consoleHandler (admins of the workspace only): one action per `action`
// parameter, each the numbers module's own (src/numbers, the same code as `npm run numbers`): list the workspace's
// numbers with what the Twilio account says of them, search numbers for sale with their monthly price, buy (bound and
// added to the workspace, active, in one step), bind a number (the account's own, or one of the workspace's that
// points elsewhere: "Fix"), and release with the number typed again. A number of another workspace is never shown,
// and anything done to one is refused without naming that workspace.
import { E164_PATTERN } from '../config/constants';
import { UserFacingError } from '../errors/user-facing-error';
import { deploymentUrls } from '../numbers/deployment';
import { ConfirmationError, NumberInputError, PartialChangeError, TwilioRequestError, WorkspaceScopeError } from '../numbers/errors';
import { listNumbers, type NumberRow } from '../numbers/list';
import { monthlyPrice } from '../numbers/pricing';
import { bindNumber, buyNumber } from '../numbers/purchase';
import { releaseNumber } from '../numbers/release';
import { numberInWorkspace } from '../numbers/scope';
import { typedConfirms } from '../numbers/typed-confirmation';
import { parseSearchOptions, searchNumbers, type SearchFieldNames } from '../numbers/search';
import { numbersServicesWith, type NumbersServices } from '../numbers/services';
import { canWrite } from './access';
import { refuse, type ConsoleAction, type ConsoleReply, type ConsoleRequest } from './handler';
import { consoleStore, readWorkspace } from './settings';

/** A phone-number request from a Function: short enough that a purchase and the save after it fit in its 10 s. */
export const CONSOLE_NUMBERS_TIMEOUT_MS = 6000;

/** The most numbers one search shows. */
export const CONSOLE_SEARCH_LIMIT = 20;

/** The search form's labels, so an error names the field the owner typed in. */
const SEARCH_FIELDS: SearchFieldNames = {
  country: 'Country',
  type: 'Type',
  areaCode: 'Area code',
  contains: 'Contains',
  limit: 'How many',
};

/** What the page says when there is no Twilio account to ask: how to connect one. */
export const CONNECT_ACCOUNT =
  'No Twilio account is connected, so these are the numbers of the configuration alone. To search, buy and bind numbers, set ACCOUNT_SID and AUTH_TOKEN (see .env.example), then restart npm start or deploy again.';

/** What the page says when it cannot know this deployment's address (served locally). */
export const NEEDS_BASE_URL =
  "This console runs on this computer, so it cannot tell which numbers point at your deployment: set FUNCTIONS_BASE_URL to the deployment's address (npm run deploy prints it) to buy and bind numbers here.";

/** A number of another workspace, or none of this one's, said without naming any other workspace. */
const NOT_THIS_WORKSPACE = "That number is not one of this workspace's, so it cannot be used or changed here.";

export interface ConsoleNumber {
  number: string;
  name: string;
  capabilities: NumberRow['capabilities'];
  type: NumberRow['type'];
  country: string;
  status: NumberRow['status'];
  /** YYYY-MM-DD; null when the account was not read. */
  created: string | null;
  inAccount: boolean | null;
  bound: boolean | null;
  /** Binding it (again) would make it reach this deployment fully: it points elsewhere, or lacks our fallback or status callback. */
  needsFix: boolean;
}

export interface NumbersAnswer {
  numbers: ConsoleNumber[];
  /** The account's numbers no workspace uses, that this workspace may bind. */
  unassigned: ConsoleNumber[];
  connected: boolean;
  /** Why search, buy and bind are not offered (no account, no base URL, a read-only configuration), or null. */
  cannotChange: string | null;
}

/** The deployment's base URL: FUNCTIONS_BASE_URL, else the host a deployed Function answers on; unknown locally. */
function deploymentBaseUrl(request: ConsoleRequest): string | undefined {
  if (request.env.FUNCTIONS_BASE_URL) return request.env.FUNCTIONS_BASE_URL;
  return request.local || !request.domain ? undefined : `https://${request.domain}`;
}

function servicesFor(request: ConsoleRequest): { services: NumbersServices; readOnly: string | null } {
  const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
  const baseUrl = deploymentBaseUrl(request);
  const services = numbersServicesWith(request.env, {
    store,
    urls: baseUrl ? deploymentUrls(baseUrl, 'FUNCTIONS_BASE_URL') : undefined,
    missingUrls: NEEDS_BASE_URL,
    progress: (line) => request.log.info(line),
    timeoutMs: CONSOLE_NUMBERS_TIMEOUT_MS,
  });
  return { services, readOnly };
}

function shown(row: NumberRow, incomplete: ReadonlySet<string>): ConsoleNumber {
  return {
    number: row.number,
    name: row.name,
    capabilities: row.capabilities,
    type: row.type,
    country: row.country,
    status: row.status,
    created: row.created,
    inAccount: row.inAccount,
    bound: row.bound,
    needsFix: row.bound === false || incomplete.has(row.number),
  };
}

function cannotChange(services: NumbersServices, readOnly: string | null): string | null {
  if (!services.hasAccount) return CONNECT_ACCOUNT;
  if (!services.hasUrls) return NEEDS_BASE_URL;
  return readOnly;
}

async function numbersOf(services: NumbersServices, readOnly: string | null, workspaceId: string): Promise<NumbersAnswer> {
  // The whole listing once (one read of the configuration and of the account), then only this workspace's numbers and
  // the account's that no workspace uses: another workspace's numbers never leave this function.
  const listing = await listNumbers(services);
  const incomplete = new Set(listing.incomplete);
  return {
    numbers: listing.rows.filter((row) => row.workspace === workspaceId).map((row) => shown(row, incomplete)),
    unassigned: listing.rows.filter((row) => row.workspace === null).map((row) => shown(row, incomplete)),
    connected: services.hasAccount,
    cannotChange: cannotChange(services, readOnly),
  };
}

function numberParam(request: ConsoleRequest): string {
  const number = (request.params.number ?? '').trim();
  if (!E164_PATTERN.test(number)) throw new NumberInputError('Choose a number from the list first.');
  return number;
}

const ACTIONS: Record<string, (request: ConsoleRequest, services: NumbersServices, readOnly: string | null) => Promise<ConsoleReply>> = {
  list: async (request, services, readOnly) => ({ json: await numbersOf(services, readOnly, request.params.workspace!) }),

  search: async (request, services) => {
    const { country, type, areaCode, contains } = request.params;
    const search = parseSearchOptions(
      {
        country,
        type: type || 'local',
        ...(areaCode?.trim() ? { areaCode: [areaCode] } : {}),
        ...(contains?.trim() ? { contains } : {}),
        voice: request.params.voice === 'true',
        sms: request.params.sms === 'true',
        mms: request.params.mms === 'true',
        fax: request.params.fax === 'true',
        limit: String(CONSOLE_SEARCH_LIMIT),
      },
      SEARCH_FIELDS,
    );
    const gateway = services.gateway();
    const found = await searchNumbers(gateway, search);
    // The price is a courtesy before buying: a Pricing API that fails does not hide the numbers for sale.
    const price = await monthlyPrice(gateway, search.country, search.type).catch((error: unknown) => {
      request.log.warn(`no price for ${search.type} numbers in ${search.country}: ${String(error)}`);
      return null;
    });
    return { json: { numbers: found, price } };
  },

  buy: async (request, services, readOnly) => {
    const number = numberParam(request);
    const name = request.params.name?.trim();
    const result = await buyNumber(services, { number, workspace: request.params.workspace!, ...(name ? { name } : {}) });
    request.log.info(`bought ${result.bought.number} for workspace ${request.params.workspace}`);
    return { json: { done: `Bought ${result.bought.number}`, ...(await numbersOf(services, readOnly, request.params.workspace!)) } };
  },

  bind: async (request, services, readOnly) => {
    const number = numberParam(request);
    const name = request.params.name?.trim();
    const result = await bindNumber(services, { number, workspace: request.params.workspace!, ...(name ? { name } : {}) });
    return {
      json: {
        done: result.updated.length ? `Pointed ${result.number} at this deployment` : `${result.number} already pointed here`,
        warnings: result.warnings,
        ...(await numbersOf(services, readOnly, request.params.workspace!)),
      },
    };
  },

  release: async (request, services, readOnly) => {
    const number = numberParam(request);
    // Only a number of this workspace: the account's other numbers are no workspace's to give away.
    const { bundle } = await services.store.load();
    numberInWorkspace(bundle, request.params.workspace!, number);
    const typed = request.params.confirmation ?? '';
    const result = await releaseNumber(services, {
      number,
      workspace: request.params.workspace!,
      // The page asks for the number typed again; only that confirms. It is removed from every setting that names it.
      removeReferences: true,
      confirm: async () => typedConfirms(typed, number),
    });
    return { json: { done: `Released ${result.number}`, ...(await numbersOf(services, readOnly, request.params.workspace!)) } };
  },
};

/** The answer for an error a person can act on: its status and sentence; another workspace is never named. */
function refusal(error: unknown): ConsoleReply | null {
  if (error instanceof WorkspaceScopeError) return refuse(403, NOT_THIS_WORKSPACE);
  if (error instanceof ConfirmationError)
    return refuse(
      400,
      'Type the number exactly as shown to release it. Nothing was released: it stays in the account and in this workspace.',
    );
  if (error instanceof TwilioRequestError) return refuse(502, error.message);
  if (error instanceof PartialChangeError) return refuse(500, error.message);
  if (error instanceof UserFacingError) return refuse(error.name === 'EnvironmentError' ? 503 : 400, error.message);
  return null;
}

/** console-numbers: `workspace`, `action` (list, search, buy, bind, release) and that action's fields. */
export const numbersPage: ConsoleAction = async (request) => {
  const workspaceId = request.params.workspace!;
  const action = ACTIONS[request.params.action ?? 'list'];
  if (!action) return refuse(400, `action must be one of ${Object.keys(ACTIONS).join(', ')}`);
  const { services, readOnly } = servicesFor(request);
  const snapshot = await readWorkspace(services.store, workspaceId);
  if (!snapshot || !canWrite(request.confirm(snapshot.workspace)))
    return refuse(403, 'Only an admin of this workspace can manage its numbers.');
  try {
    return await action(request, services, readOnly);
  } catch (error) {
    const reply = refusal(error);
    if (!reply) throw error;
    request.log.warn(`${request.params.action ?? 'list'}: ${error instanceof Error ? error.message : String(error)}`);
    return reply;
  }
};
