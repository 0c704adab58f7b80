/// <reference lib="dom" />
// The phone numbers page in a real Chromium, by accessible names, at 1280x800 and 390x844 (axe clean, nothing wider
// than the viewport, 24 px targets on the phone), with the phone numbers and the Pricing API at the Twilio API double
// behind Prism: the workspace's numbers with what the account says of them (and never another workspace's), "Fix" for
// one that points elsewhere, a search and a purchase confirmed with Twilio's monthly price (bought, bound and in the
// workspace in one step), a number the account owns added, a release only once the number is typed again; and the
// page of `npm start` without a Twilio account: the configured numbers and how to connect one. One browser, two
// functions servers (with and without an account) for the file. CONSOLE_SCREENSHOTS=DIR saves each state as a PNG.
import { readFileSync } from 'node:fs';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import type { BundleInput } from '../../src/config/types';
import { CONNECT_ACCOUNT } from '../../src/console/numbers';
import { BASE_URL, BOUND, incoming, uniqueNumber } from '../support/numbers';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { launchChromium } from './chromium';
import { PHONE, atBothSizes, checkPage } from './page-checks';
import { AGENCY_ADMIN, LOGIN_TOKEN, SESSION_SECRET, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi();

const ACME_MAIN = '+15550100100';
const ACME_DIRECT = '+15550100101'; // in the account, pointing elsewhere
const BIRCH_FRONT = '+15550100400';

let server: FunctionsServer;
let offline: FunctionsServer;
let browser: Browser;
let page: Page;
let file: string;
let spare: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  file = configFile();
  const now = api.double.clock.now();
  Object.assign(api.double.api.addIncoming(ACME_MAIN, now).settings, BOUND);
  Object.assign(api.double.api.addIncoming(ACME_DIRECT, now).settings, { VoiceUrl: 'https://elsewhere.example.com/voice' });
  Object.assign(api.double.api.addIncoming(BIRCH_FRONT, now).settings, BOUND);
  spare = uniqueNumber();
  api.double.api.addIncoming(spare, now);
  [server, offline, browser] = await Promise.all([
    startConsoleFunctions(api, file, { FUNCTIONS_BASE_URL: BASE_URL }),
    startFunctions({
      CONFIG_FILE: configFile(),
      CONSOLE_SESSION_SECRET: SESSION_SECRET,
      CONSOLE_LOGIN_TOKEN: LOGIN_TOKEN,
      CONSOLE_ADMINS: AGENCY_ADMIN,
    }),
    launchChromium(),
  ]);
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${server.baseUrl}/console-login?token=${LOGIN_TOKEN}`);
});
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), offline?.stop()]);
});

const byName = (name: string, role = 'textbox', on: Page = page) =>
  on.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { timeout: 10_000 }) as Promise<ElementHandle<Element>>;
const absent = async (name: string, role: string, on: Page = page) =>
  (await on.$$(`::-p-aria([name="${name}"][role="${role}"])`)).length === 0;

async function press(name: string, role = 'button', on: Page = page): Promise<void> {
  const element = await byName(name, role, on);
  await element.evaluate((found) => found.scrollIntoView({ block: 'center' }));
  await element.click();
}

async function type(name: string, text: string): Promise<void> {
  const field = await byName(name);
  await field.evaluate((element) => {
    (element as HTMLInputElement).value = '';
  });
  await field.type(text);
}

/** The text of a number's card, found by its heading (the number's name). */
const cardText = (heading: string, on: Page = page) =>
  byName(heading, 'listitem', on).then((card) => card.evaluate((element) => element.textContent ?? ''));

/** Waits for the page's status line to say `text`. */
const statusSays = (text: string, label = 'Numbers status') =>
  page.waitForFunction(
    (wanted, name) => document.querySelector(`[aria-label="${name}"]`)?.textContent?.includes(wanted),
    { timeout: 15_000 },
    text,
    label,
  );

/**
 * Opens a workspace's page as a fresh load (a reload lands on the URL's page): a bare hash change right after the
 * sign-in redirect can come before the shell listens for it.
 */
async function open(hash: string, on: Page = page, base = server.baseUrl): Promise<void> {
  await on.goto('about:blank');
  await on.goto(`${base}/console/index.html${hash}`);
}

const stored = () => JSON.parse(readFileSync(file, 'utf8')) as BundleInput;
const acmeNumbers = () => stored().workspaces.find((workspace) => workspace.id === 'acme')!.numbers ?? [];

test("the list: each number's formats, name, capabilities, type, country, status, day bought and whether calls come here; Fix points one here", async () => {
  await open('#/acme/numbers');
  await byName('Acme Plumbing: phone numbers', 'heading');
  await atBothSizes(page, 'numbers-list', async () => {
    const main = await cardText('Main line');
    for (const part of ['(555) 010-0100', ACME_MAIN, 'Voice, SMS, MMS', 'Local', 'United States', 'Active', 'Calls come hereYes'])
      expect([part, main.includes(part)]).toEqual([part, true]);
    expect(await cardText("Alice's direct line")).toContain('No: its calls go somewhere else');
    expect(await cardText('Emergency line')).toContain('No: this Twilio account does not own it');
    await byName('Fix (555) 010-0101', 'button');
    const whole = await page.evaluate(() => document.body.textContent ?? '');
    expect(whole).not.toContain('(555) 010-0400');
    expect(whole).not.toContain(BIRCH_FRONT);
  });
  await press('Fix (555) 010-0101');
  await statusSays('Fixed: calls to (555) 010-0101 now come to this deployment.');
  expect(incoming(api, ACME_DIRECT)!.settings).toMatchObject(BOUND);
  expect(await cardText("Alice's direct line")).toContain('Calls come hereYes');
  expect(await absent('Fix (555) 010-0101', 'button')).toBe(true);
});

test("search, then buy after a confirmation that shows Twilio's monthly price: the number is the workspace's, active and bound", async () => {
  const number = uniqueNumber();
  const shown = `(555) ${number.slice(5, 8)}-${number.slice(8)}`;
  api.double.api.addAvailable({
    phoneNumber: number,
    type: 'Local',
    isoCountry: 'US',
    capabilities: { voice: true, sms: true, mms: false, fax: false },
  });
  await open('#/acme/numbers');
  await atBothSizes(page, 'numbers-buy', async () => {
    await type('Area code', '555');
    await type('Contains', number.slice(-4));
    await press('Search numbers');
    await statusSays('1 number for sale, $1.15 a month each.', 'Search results status');
    await press(`Buy ${shown}…`);
    await byName(`Buy ${shown} for $1.15 a month?`, 'heading');
  });
  await type('Name (optional)', 'Google Ads line');
  await press('Buy for $1.15 a month');
  await statusSays(`Bought ${shown}: it is Acme Plumbing's, active, and its calls come here.`);
  expect(acmeNumbers()).toContainEqual({ number, name: 'Google Ads line', status: 'active', capabilities: { voice: true, sms: true } });
  expect(incoming(api, number)!.settings).toMatchObject(BOUND);
  expect(await cardText('Google Ads line')).toContain('Calls come hereYes');
});

test('a mistyped search says which field and what to type', async () => {
  await page.setViewport(PHONE);
  await open('#/acme/numbers');
  await type('Area code', '4l5');
  await press('Search numbers');
  await statusSays('Area code must be digits such as 415', 'Search results status');
  await checkPage(page, 'numbers-search-error-phone');
});

test('a number the account owns joins the workspace; a release happens only once the number is typed again', async () => {
  const shown = `(555) ${spare.slice(5, 8)}-${spare.slice(8)}`;
  await open('#/acme/numbers');
  await press(`Add ${shown} to Acme Plumbing`);
  await statusSays(`Added ${shown} to Acme Plumbing; its calls now come here.`);
  expect(acmeNumbers().map((entry) => entry.number)).toContain(spare);

  await atBothSizes(page, 'numbers-release', async () => {
    if (await absent(`Type ${shown} to confirm`, 'textbox')) await press(`Release ${shown}…`);
    await type(`Type ${shown} to confirm`, spare.slice(-7));
    const release = await byName(`Release ${shown} for good`, 'button');
    expect(await release.evaluate((button) => (button as HTMLButtonElement).disabled)).toBe(true);
  });
  await type(`Type ${shown} to confirm`, shown);
  await press(`Release ${shown} for good`);
  await statusSays(`Released ${shown}.`);
  expect(incoming(api, spare)).toBeUndefined();
  expect(acmeNumbers().map((entry) => entry.number)).not.toContain(spare);
});

test("another workspace's page shows its own numbers only", async () => {
  await open('#/birch/numbers');
  await byName('Birch Dental: phone numbers', 'heading');
  expect(await cardText('Front desk')).toContain('(555) 010-0400');
  const whole = await page.evaluate(() => document.body.textContent ?? '');
  expect(whole).not.toContain('Main line');
  expect(whole).not.toContain('(555) 010-0100');
});

test('npm start without a Twilio account: the configured numbers, and how to connect one', async () => {
  const context = await browser.createBrowserContext();
  const local = await context.newPage();
  local.on('pageerror', (error) => pageErrors.push(String(error)));
  try {
    await local.goto(`${offline.baseUrl}/console-login?token=${LOGIN_TOKEN}`);
    await open('#/acme/numbers', local, offline.baseUrl);
    await byName('Acme Plumbing: phone numbers', 'heading', local);
    await atBothSizes(local, 'numbers-offline', async () => {
      await local.waitForFunction((text) => document.body.textContent?.includes(text), { timeout: 10_000 }, CONNECT_ACCOUNT);
      for (const name of ['Main line', "Alice's direct line", 'Emergency line'])
        expect(await cardText(name, local)).toContain('Calls come hereUnknown until a Twilio account is connected');
      expect(await absent('Search numbers', 'button', local)).toBe(true);
    });
  } finally {
    await context.close();
  }
});
