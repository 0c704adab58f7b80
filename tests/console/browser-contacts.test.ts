/// <reference lib="dom" />
// The Contacts page in a real Chromium, found by accessible names, at 1280x800 and 390x844 with axe-core clean and
// nothing wider than the screen: search by name and by a number typed as dialled; add (a number in national format,
// a wrong one refused beside its field), edit, assign, remove (asked first); import a CSV whose columns the owner
// chooses (a file with a wrong row imports nothing and names the row); export and read the file back; a user reads
// and cannot edit; a known caller shown by name on the Calls page and in the preview. One browser, one functions
// server and one Twilio API double for the file. CONSOLE_SCREENSHOTS=DIR saves each page as a PNG there.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { parseCsv } from '../../src/console/ui/contacts-csv';
import { simulateCall } from '../../src/simulator/simulate';
import { closedDatesOf, consoleTime, recentWorkday } from '../support/clock';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { launchChromium } from './chromium';
import { atBothSizes, checkPage, LAPTOP } from './page-checks';
import { ACME_USER, LOGIN_TOKEN, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi();
let server: FunctionsServer;
let browser: Browser;
let page: Page;
let file: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  file = configFile();
  [server, browser] = await Promise.all([startConsoleFunctions(api, file), launchChromium()]);
  page = await browser.newPage();
  await page.setViewport(LAPTOP);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // No step here leaves edits unsaved: a "leave without saving?" question is a failure, answered so nothing hangs.
  page.on('dialog', (dialog) => {
    pageErrors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.accept();
  });
  await page.goto(`${server.baseUrl}/console-login?token=${LOGIN_TOKEN}`);
  await page.waitForSelector('::-p-aria([name="Acme Plumbing: phone settings"][role="heading"])');
});
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byName = (name: string, role = 'textbox', on: Page = page) =>
  on.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { timeout: 10_000 }) as Promise<ElementHandle<Element>>;
const gone = (name: string, role: string, on: Page = page) =>
  on.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { hidden: true, timeout: 10_000 });
async function press(name: string, role = 'button', on: Page = page): Promise<void> {
  const element = await byName(name, role, on);
  await element.evaluate((found) => found.scrollIntoView({ block: 'center' }));
  await element.click();
}
async function replaceText(field: ElementHandle<Element>, text: string): Promise<void> {
  await field.evaluate((element) => {
    (element as HTMLInputElement).value = '';
    element.scrollIntoView({ block: 'center' });
  });
  await field.type(text);
}
const textOf = (name: string, role: string) => byName(name, role).then((element) => element.evaluate((found) => found.textContent ?? ''));
const waitForText = (name: string, role: string, text: string) =>
  page.waitForFunction(
    (selector, wanted) => document.querySelector(selector)?.textContent?.includes(wanted),
    { timeout: 10_000 },
    role === 'status' ? `[role="status"][aria-label="${name}"]` : `[aria-label="${name}"]`,
    text,
  );
/** The cards' headings, in order. */
const cardNames = () => page.$$eval('.contact-card h3', (headings) => headings.map((heading) => heading.textContent ?? ''));
const storedContacts = () =>
  (JSON.parse(readFileSync(file, 'utf8')) as { workspaces: { id: string; contacts?: Record<string, unknown>[] }[] }).workspaces[0]!
    .contacts ?? [];
/** Opens the page anew (a reload: nothing typed before is kept). */
const openContacts = async () => {
  await page.goto('about:blank');
  await page.goto(`${server.baseUrl}/console/index.html#/acme/contacts`);
  await byName('Acme Plumbing: contacts', 'heading');
  await byName('Contacts', 'list');
};
function csvFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'contacts-csv-')), name);
  writeFileSync(path, text);
  return path;
}

test('the list is found by name and by a number typed as dialled, on a laptop and a phone', async () => {
  await openContacts();
  expect(await cardNames()).toEqual(['Dana Whitfield', 'Eli Moreno', 'Farah Haddad']);
  // The number in the workspace's format, its E.164 a hover away; who the contact belongs to, by name.
  const dana = await page.$eval('.contact-card', (card) => ({
    text: card.textContent ?? '',
    title: card.querySelector('[title]')?.getAttribute('title'),
  }));
  expect(dana.text).toContain('(555) 010-0200');
  expect(dana.text).toContain('Assigned to Bob Okafor (senior technician)');
  expect(dana.title).toBe('+15550100200');
  await atBothSizes(page, 'contacts-search', async () => {
    const search = await byName('Search contacts', 'searchbox');
    for (const [typed, found] of [
      ['(555) 010-0200', ['Dana Whitfield']],
      ['+1 555 010 0201', ['Eli Moreno']],
      ['haddad farah', ['Farah Haddad']],
      ['0100', ['Dana Whitfield', 'Eli Moreno', 'Farah Haddad']],
      ['nobody', []],
    ] as const) {
      await replaceText(search, typed);
      await waitForText('Contacts found', 'status', `${found.length} of 3 contacts match`);
      expect([typed, await cardNames()]).toEqual([typed, found]);
    }
    await replaceText(search, 'dana');
  });
});

test('an admin adds (a wrong number refused beside its field), edits, assigns and removes after being asked', async () => {
  await openContacts();
  await atBothSizes(page, 'contacts-add', async (size) => {
    if (size === 'laptop') await press('Add a contact'); // the form stays open for the phone's turn
    await byName('New contact', 'heading');
    await replaceText(await byName('First name'), 'Gina');
    await replaceText(await byName('Last name'), 'Ortiz');
    await replaceText(await byName('Phone number'), '12');
    await press('Add contact');
    const phone = await byName('Phone number');
    await page.waitForFunction((field) => field.getAttribute('aria-invalid') === 'true', {}, phone);
    const said = await phone.evaluate((element) =>
      (element.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(said).toMatch(/"12" cannot be a phone number/);
    expect(storedContacts().map((contact) => contact.phone)).not.toContain('+15550100210');
  });
  await press('Cancel');
  await gone('New contact', 'heading');
  await press('Add a contact');
  await replaceText(await byName('First name'), 'Gina');
  await replaceText(await byName('Last name'), 'Ortiz');
  await replaceText(await byName('Phone number'), '(555) 010-0210');
  await (await byName('Assigned to', 'combobox')).select('bob');
  await press('Add contact');
  await waitForText('Contacts found', 'status', 'Added Gina Ortiz.');
  expect(storedContacts()).toContainEqual({
    phone: '+15550100210',
    firstName: 'Gina',
    lastName: 'Ortiz',
    assignedUser: 'bob',
    optedOut: false,
  });

  await press('Edit Gina Ortiz');
  await byName('Edit Gina Ortiz', 'heading');
  await (await byName('Assigned to', 'combobox')).select('carol');
  await press('Save contact');
  await waitForText('Contacts found', 'status', 'Saved Gina Ortiz.');
  expect(storedContacts().find((contact) => contact.phone === '+15550100210')?.assignedUser).toBe('carol');

  await press('Remove Gina Ortiz');
  await atBothSizes(page, 'contacts-remove', async () => {
    await byName('Remove Gina Ortiz?', 'group');
  });
  await press('Keep Gina Ortiz');
  await gone('Remove Gina Ortiz?', 'group');
  expect(storedContacts().map((contact) => contact.phone)).toContain('+15550100210');
  await press('Remove Gina Ortiz');
  await press('Yes, remove Gina Ortiz');
  await waitForText('Contacts found', 'status', 'Removed Gina Ortiz.');
  expect(await cardNames()).not.toContain('Gina Ortiz');
  expect(storedContacts().map((contact) => contact.phone)).not.toContain('+15550100210');
});

test('an import with a wrong row imports nothing and names the row; the columns chosen by the owner import the rest; the export reads back', async () => {
  await openContacts();
  const before = readFileSync(file, 'utf8');
  const upload = async (path: string) => {
    // A file input is a button inside the accessibility tree: found here by its label, as a person reads it.
    const label = await page.waitForSelector('xpath///label[normalize-space()="CSV file"]');
    const id = await label!.evaluate((element) => (element as HTMLLabelElement).htmlFor);
    const input = (await page.$(`input[type="file"][id="${id}"]`)) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path);
  };
  // Semicolons, as Excel writes them in much of Europe; headers no guess knows; row 3 a number that cannot be one.
  await upload(csvFile('clients.csv', 'Client;Tel;Tech\nHana Ito;(555) 010-0250;Bob\nIan Bad;555-01;\nJo Lake;+1 555 010 0251;carol\n'));
  await byName('Which column is which', 'group');
  await (await byName('Full name', 'combobox')).select('0');
  await (await byName('Assigned to', 'combobox')).select('2');
  await waitForText('Problems in the file', 'list', 'Row 3:');
  await atBothSizes(page, 'contacts-import-problems', async () => {
    expect(await textOf('Problems in the file', 'list')).toMatch(/^Row 3: "555-01" cannot be a phone number/);
    const importButton = await byName('Import 2 contacts', 'button');
    expect(await importButton.evaluate((button) => (button as HTMLButtonElement).disabled)).toBe(true);
  });
  expect(readFileSync(file, 'utf8')).toBe(before);

  // Fixed: row 3 gone, and Eli (a contact already) updated by the file.
  await upload(
    csvFile(
      'clients-fixed.csv',
      'Client;Tel;Tech\nHana Ito;(555) 010-0250;Bob\nJo Lake;+1 555 010 0251;carol\nEli Moreno;555 010 0201;Dan\n',
    ),
  );
  await (await byName('Full name', 'combobox')).select('0');
  await (await byName('Assigned to', 'combobox')).select('2');
  await waitForText('Import check', 'status', 'clients-fixed.csv: 3 contacts ready to import (2 new, 1 already here and updated).');
  await atBothSizes(page, 'contacts-import-ready', async () => {
    await byName('Import 3 contacts', 'button');
  });
  await press('Import 3 contacts');
  await waitForText('Contacts found', 'status', 'Imported clients-fixed.csv: 2 added, 1 updated.');
  await byName('Jo Lake', 'heading');
  expect(await cardNames()).toEqual(expect.arrayContaining(['Hana Ito', 'Jo Lake']));
  expect(storedContacts()).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ phone: '+15550100250', firstName: 'Hana', lastName: 'Ito', assignedUser: 'bob' }),
      expect.objectContaining({ phone: '+15550100251', firstName: 'Jo', lastName: 'Lake', assignedUser: 'carol' }),
      expect.objectContaining({ phone: '+15550100201', firstName: 'Eli', lastName: 'Moreno', assignedUser: 'dan' }),
    ]),
  );

  const link = await byName('Export CSV', 'link');
  const exported = await link.evaluate((anchor) => ({
    download: anchor.getAttribute('download'),
    href: anchor.getAttribute('href') ?? '',
  }));
  expect(exported.download).toBe('acme-contacts.csv');
  const rows = parseCsv(decodeURIComponent(exported.href.replace(/^data:text\/csv;charset=utf-8,/, '')));
  expect(rows[0]).toEqual([
    'First name',
    'Last name',
    'Phone number',
    'Phone (as dialled)',
    'Assigned to',
    'Assigned to (id)',
    'Opted out of texts',
  ]);
  expect(rows).toContainEqual(['Hana', 'Ito', '+15550100250', '(555) 010-0250', 'Bob Okafor (senior technician)', 'bob', 'no']);
  expect(rows).toContainEqual(['Farah', 'Haddad', '+15550100202', '(555) 010-0202', '', '', 'yes']);
});

test('a known caller shows by name on the Calls page and in the preview', async () => {
  const day = recentWorkday({ closedDates: closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))) });
  const simulated = await simulateCall({
    baseUrl: server.baseUrl,
    authToken: api.authToken,
    accountSid: api.accountSid,
    from: '+15550100200',
    to: '+15550100101',
    answer: { kind: 'none' },
    pressKey: true,
    at: day.at('15:00'),
  });
  expect(simulated.outcome).toBe('missed');
  await page.goto('about:blank');
  await page.goto(`${server.baseUrl}/console/index.html#/acme/calls`);
  await page.waitForSelector('::-p-aria([name="Calls found"][role="status"]) ::-p-text(1 call)');
  // The caller by name, the number a hover away (wherever the page lays the call out: a table row or a card).
  const shownAs = await page.$$eval('main [title="+15550100200"]', (elements) => elements.map((element) => element.textContent));
  expect(shownAs).toContain('Dana Whitfield');
  expect(await page.$eval('main', (main) => main.textContent)).not.toContain('+15550100200');
  await byName(`Details of the call from Dana Whitfield at ${consoleTime(day.at('15:00'))}`, 'link');
  // On a laptop only: the Calls page on a phone (cards) is the home part's (issue 21, item 5).
  await checkPage(page, 'contacts-calls-laptop');

  await page.goto('about:blank');
  await page.goto(`${server.baseUrl}/console/index.html#/acme/settings`);
  const from = await byName('Caller');
  await replaceText(from, '+15550100200');
  await page.waitForFunction(
    (field) => document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent?.includes('Dana'),
    {},
    from,
  );
  const said = await from.evaluate((element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent);
  expect(said).toBe('Dana Whitfield, a contact assigned to Bob Okafor (senior technician)');
  // Typed as dialled, she is the same caller to the router too (whatever the hour: the decision is the same one).
  const decision = () => page.$eval('[role="status"][aria-label="Decision"]', (element) => element.textContent ?? '');
  const asE164 = await decision();
  expect(asE164).toContain('Call +15550100200 -> +15550100100');
  await replaceText(from, '(555) 010-0200');
  await page.waitForFunction(
    (field) => document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent?.includes('Dana'),
    {},
    from,
  );
  expect(await decision()).toBe(asE164);
  await replaceText(from, '+15557770000');
  await page.waitForFunction(
    (field) => document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent === 'Not one of your contacts',
    {},
    from,
  );
});

test('a user of the workspace reads its contacts and has nothing to edit them with', async () => {
  const context = await browser.createBrowserContext();
  const own = await context.newPage();
  try {
    await own.setViewport(LAPTOP);
    await own.goto(`${server.baseUrl}/console/index.html`);
    await (await byName('Mobile number', 'textbox', own)).type(ACME_USER);
    await (await byName('Send code', 'button', own)).click();
    await (await byName('Code', 'textbox', own)).type(api.double.verify.lastCode(ACME_USER)!);
    await (await byName('Sign in', 'button', own)).click();
    await byName('Acme Plumbing: phone settings', 'heading', own);
    await press('Contacts', 'link', own);
    await byName('Acme Plumbing: contacts', 'heading', own);
    await byName('Contacts', 'list', own);
    expect(await own.$$eval('.contact-card h3', (headings) => headings.map((heading) => heading.textContent))).toContain('Dana Whitfield');
    const controls = await own.$$eval('main button, main input[type="file"]', (elements) =>
      elements.map((element) => element.textContent?.trim() || element.id),
    );
    expect(controls.filter((name) => /Add|Edit|Remove|Import|contacts-file/.test(name ?? ''))).toEqual([]);
    await atBothSizes(own, 'contacts-user', async () => {
      await byName('Export CSV', 'link', own);
    });
  } finally {
    await context.close();
  }
});
