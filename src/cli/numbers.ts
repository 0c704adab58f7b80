// `npm run numbers -- search | price | buy | list | bind | unbind | activate | deactivate | release`: find, buy, bind,
// list and retire phone numbers per workspace (src/numbers does the work; this file reads options and prints).
// Results go to standard output, progress and notes to standard error. Exit status 0 or 1.
import { Command } from 'commander';
import { setStatus } from '../numbers/activation';
import { ConfirmationError, NumberInputError, NumberNotInAccountError } from '../numbers/errors';
import { listNumbers, type NumberRow } from '../numbers/list';
import { parseE164 } from '../numbers/number-argument';
import { formatMonthlyPrice, monthlyPrice } from '../numbers/pricing';
import { bindAll, bindNumber, buyNumber, unbindNumber } from '../numbers/purchase';
import { releaseNumber } from '../numbers/release';
import { parseSearchOptions, searchNumbers, type SearchInput } from '../numbers/search';
import { numbersServicesFrom, type NumbersServices } from '../numbers/services';
import type { AvailableNumber } from '../numbers/twilio-numbers';
import { readEnv } from '../runtime/env';
import { askYesNo, isInteractive } from './_confirm';
import { SAMPLE_CONFIG, UsageError, loadDotEnv, runCli } from './_run';
import { formatTable } from './_table';

interface CommonOptions {
  config?: string;
  baseUrl?: string;
}

const print = (text: string): void => void process.stdout.write(`${text}\n`);
const note = (text: string): void => void process.stderr.write(`${text}\n`);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function services(options: CommonOptions): NumbersServices {
  loadDotEnv();
  return numbersServicesFrom(readEnv(process.env), {
    config: options.config,
    baseUrl: options.baseUrl,
    sampleConfig: SAMPLE_CONFIG,
    progress: note,
  });
}

/** Adds the options every command that reads the configuration takes. */
function withConfig(command: Command): Command {
  return command.option('--config <file>', 'configuration bundle, local mode only (default: the bundled sample, which is read-only)');
}

function withBaseUrl(command: Command): Command {
  return command.option(
    '--base-url <url>',
    "the deployment's base URL, e.g. https://call-routing-1234-dev.twil.io (default: FUNCTIONS_BASE_URL)",
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function savedLines(saved: readonly string[]): void {
  for (const line of saved) print(`  configuration: ${line}`);
}

function searchTable(numbers: readonly AvailableNumber[]): string {
  return formatTable(
    ['NUMBER', 'FRIENDLY NAME', 'TYPE', 'LOCALITY', 'REGION', 'COUNTRY', 'CAPABILITIES'],
    numbers.map((n) => [
      n.number,
      n.friendlyName,
      n.type,
      n.locality ?? '-',
      n.region ?? '-',
      n.country,
      (['voice', 'sms', 'mms', 'fax'] as const).filter((name) => n.capabilities[name]).join(',') || '-',
    ]),
  );
}

function listTable(rows: readonly NumberRow[]): string {
  const yesNo = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');
  return formatTable(
    ['NUMBER', 'NAME', 'CAPABILITIES', 'TYPE', 'COUNTRY', 'STATUS', 'CREATED', 'WORKSPACE', 'BOUND'],
    rows.map((row) => [
      row.number,
      row.name,
      row.capabilities.join(',') || '-',
      row.type ?? '-',
      row.country,
      row.status ?? '-',
      row.created ?? '-',
      row.workspace ?? '-',
      row.inAccount === false ? 'not in account' : yesNo(row.bound),
    ]),
  );
}

const program = new Command()
  .name('numbers')
  .description("Find, buy, bind, list and release the account's phone numbers, workspace by workspace.")
  .showHelpAfterError();

program
  .command('search')
  .description('numbers for sale, with their capabilities and locality')
  .requiredOption('--country <cc>', 'two-letter ISO country code, e.g. US')
  .option('--area-code <codes>', 'area code(s): repeat the option or separate with commas; searched in order', collect)
  .option('--contains <pattern>', 'digits or letters the number contains; * is any one digit')
  .option('--type <type>', 'local, toll-free or mobile', 'local')
  .option('--voice', 'only numbers that take calls')
  .option('--sms', 'only numbers that take SMS')
  .option('--mms', 'only numbers that take MMS')
  .option('--fax', 'only numbers that take faxes')
  .option('--limit <n>', 'at most this many numbers in all (1-1000)', '20')
  .option('--json', 'print the numbers as a JSON array')
  .action(async (options: SearchInput & { json?: boolean }) => {
    const search = parseSearchOptions(options);
    const found = await searchNumbers(services({}).gateway(), search, note);
    if (options.json) return print(JSON.stringify(found, null, 2));
    if (found.length === 0)
      return print(`No ${search.type} numbers for sale in ${search.country} match: try another area code or fewer filters`);
    print(searchTable(found));
    print(plural(found.length, 'number'));
  });

program
  .command('price')
  .description("the monthly price of a type of number in a country, from Twilio's Pricing API")
  .requiredOption('--country <cc>', 'two-letter ISO country code, e.g. US')
  .option('--type <type>', 'local, toll-free or mobile', 'local')
  .action(async (options: { country: string; type: string }) => {
    const search = parseSearchOptions({ country: options.country, type: options.type });
    const price = await monthlyPrice(services({}).gateway(), search.country, search.type);
    if (!price) throw new NumberInputError(`Twilio lists no price for ${search.type} numbers in ${search.country}`);
    print(`${formatMonthlyPrice(price)} for a ${search.type} number in ${search.country} (${price.amount} ${price.currency})`);
  });

withBaseUrl(withConfig(program.command('buy')))
  .description("buy a number, point it at this deployment, and add it to the workspace's configuration, active")
  .argument('<number>', 'the number to buy (E.164), as search shows it')
  .requiredOption('--workspace <id>', 'the workspace the number is for')
  .option('--name <name>', "the number's name in the configuration (default: Twilio's friendly name)")
  .action(async (number: string, options: CommonOptions & { workspace: string; name?: string }) => {
    const result = await buyNumber(services(options), { number: parseE164(number), workspace: options.workspace, name: options.name });
    print(`Bought ${result.bought.number} (${result.bought.friendlyName}) for workspace ${options.workspace}`);
    print(`  Voice URL  ${result.urls.voiceUrl} (POST)`);
    print(`  Fallback   ${result.urls.voiceFallbackUrl} (GET)`);
    print(`  Status     ${result.urls.statusCallback} (POST)`);
    print(`  SMS URL    ${result.urls.smsUrl} (POST)`);
    const state = { added: 'added, active', activated: 'was there, now active', unchanged: 'already there, active' }[result.configuration];
    print(`  workspace ${options.workspace}: ${state}`);
    savedLines(result.saved);
  });

withBaseUrl(withConfig(program.command('list')))
  .description('the numbers, with capabilities, type, country, status, created date, workspace and binding')
  .option('--workspace <id>', "only this workspace's numbers (default: every workspace, then the account's unassigned numbers)")
  .option('--json', 'print the numbers as a JSON array')
  .action(async (options: CommonOptions & { workspace?: string; json?: boolean }) => {
    const listing = await listNumbers(services(options), options.workspace);
    for (const line of listing.notes) note(line);
    if (options.json) return print(JSON.stringify(listing.rows, null, 2));
    if (listing.rows.length === 0) return print(options.workspace ? `Workspace ${options.workspace} has no numbers` : 'No numbers');
    print(listTable(listing.rows));
    print(plural(listing.rows.length, 'number'));
  });

withBaseUrl(withConfig(program.command('bind')))
  .description("point a number (or --all the workspace's numbers) at this deployment; adds a number the workspace lacks")
  .argument('[number]', 'the number (E.164); the account must own it')
  .option('--all', "every number in the workspace's configuration")
  .requiredOption('--workspace <id>', 'the workspace')
  .option('--name <name>', "the name for a number added to the configuration (default: Twilio's friendly name)")
  .action(async (number: string | undefined, options: CommonOptions & { workspace: string; all?: boolean; name?: string }) => {
    if (Boolean(options.all) === (number !== undefined)) throw new UsageError('bind takes one NUMBER or --all, not both and not neither');
    if (options.all && options.name) throw new UsageError('--name is for one number, not for --all');
    if (options.all) {
      const result = await bindAll(services(options), options.workspace);
      for (const warning of result.warnings) note(`warning: ${warning}`);
      print(
        `Workspace ${result.workspace}: ${result.bound.length} bound now, ${result.alreadyBound.length} already bound, ${result.notInAccount.length} not in this account`,
      );
      if (result.notInAccount.length) {
        const missing = result.notInAccount.join(', ');
        throw new NumberNotInAccountError(
          missing,
          `Not bound, because the Twilio account does not own them: ${missing} (buy them, or remove them from the configuration)`,
        );
      }
      return;
    }
    const result = await bindNumber(services(options), { number: parseE164(number!), workspace: options.workspace, name: options.name });
    for (const warning of result.warnings) note(`warning: ${warning}`);
    print(
      result.updated.length
        ? `Bound ${result.number} (${result.updated.join(', ')})`
        : `${result.number} was already bound: nothing sent to Twilio`,
    );
    if (result.added) print(`  workspace ${options.workspace}: added, active`);
    savedLines(result.saved);
  });

withBaseUrl(withConfig(program.command('unbind')))
  .description("clear the number's URLs that point at this deployment (the configuration keeps it)")
  .argument('<number>', 'the number (E.164)')
  .requiredOption('--workspace <id>', 'the workspace')
  .action(async (number: string, options: CommonOptions & { workspace: string }) => {
    const result = await unbindNumber(services(options), { number: parseE164(number), workspace: options.workspace });
    print(
      result.cleared.length
        ? `Unbound ${result.number} (cleared ${result.cleared.join(', ')})`
        : `${result.number} did not point at this deployment: nothing changed`,
    );
  });

for (const [name, status, effect] of [
  ['activate', 'active', 'calls to it are routed again'],
  ['deactivate', 'inactive', 'calls to it are rejected; it stays in the account and bound'],
] as const) {
  withConfig(program.command(name))
    .description(`set the number's status to ${status} in its workspace's configuration: ${effect}`)
    .argument('<number>', 'the number (E.164)')
    .requiredOption('--workspace <id>', "the number's workspace")
    .action(async (number: string, options: CommonOptions & { workspace: string }) => {
      const result = await setStatus(services(options), { number: parseE164(number), workspace: options.workspace, status });
      print(
        result.changed
          ? `${result.number} is now ${status} in workspace ${result.workspace}`
          : `${result.number} was already ${status}: nothing written`,
      );
      savedLines(result.saved);
    });
}

withConfig(program.command('release'))
  .description('give the number back to Twilio (asks first); refused while the configuration refers to it')
  .argument('<number>', 'the number (E.164)')
  .requiredOption('--workspace <id>', "the number's workspace")
  .option('--yes', 'do not ask for confirmation')
  .option('--remove-references', "also remove it from the workspace's numbers and every setting that names it")
  .action(async (number: string, options: CommonOptions & { workspace: string; yes?: boolean; removeReferences?: boolean }) => {
    const e164 = parseE164(number);
    if (!options.yes && !isInteractive()) {
      throw new ConfirmationError(
        `release asks for confirmation, and standard input is not a terminal: run it again with --yes to release ${e164}`,
      );
    }
    const result = await releaseNumber(services(options), {
      number: e164,
      workspace: options.workspace,
      removeReferences: options.removeReferences === true,
      confirm: (question) => (options.yes ? Promise.resolve(true) : askYesNo(question)),
    });
    print(`Released ${result.number} (${result.friendlyName})`);
    for (const reference of result.removed) print(`  removed ${reference.path}: ${reference.description}`);
    savedLines(result.saved);
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
