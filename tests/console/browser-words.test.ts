// The owner's words and time on the settings page, in Chromium by accessible names, at a laptop's and a phone's size
// with axe-core clean and nothing wider than the screen: a time typed in the preview is read in the workspace's zone
// (named on screen), numbers are shown in the workspace's format and taken as typed, the route says why in a
// sentence, people by name; a new user's id is made from their name and can be changed until saved; removing asks
// first; "Saved" stays until the next edit; unsaved edits are confirmed before leaving; the spoken prompts' language
// and voice; "Send Test" sends what is on screen; on a phone, targets are 24 px, the preview is one tap away, and
// the save bar never covers the field in focus. One Chromium and one functions server for the file.
import { readFileSync } from 'node:fs';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { localInputValue } from '../../src/console/ui/format';
import { closedDatesOf } from '../support/clock';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { launchChromium } from './chromium';
import { LAPTOP, PHONE, atBothSizes, checkPage, saveAndReread as saveAndRereadPage, smallTargets } from './page-checks';
import { LOGIN_TOKEN, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi();
let server: FunctionsServer;
let browser: Browser;
let page: Page;
let file: string;
const pageErrors: string[] = [];
const ZONE = 'America/New_York'; // the sample's Acme Plumbing
const BOB = 'Bob Okafor (senior technician)';

type StoredAcme = {
  users: { id: string; name: string }[];
  numbers: { number: string; forwardingNumber?: string | null }[];
  speech?: { language: string; voice: string };
};
const storedAcme = () => (JSON.parse(readFileSync(file, 'utf8')) as { workspaces: StoredAcme[] }).workspaces[0]!;

beforeAll(async () => {
  file = configFile();
  [server, browser] = await Promise.all([startConsoleFunctions(api, file), launchChromium()]);
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.setViewport(LAPTOP);
  await page.goto(`${server.baseUrl}/console-login?token=${LOGIN_TOKEN}`);
  await byName('Acme Plumbing: phone settings', 'heading');
});
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byName = (name: string, role = 'textbox') =>
  page.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { timeout: 10_000 }) as Promise<ElementHandle<Element>>;
const centered = (element: ElementHandle<Element>) => element.evaluate((found) => found.scrollIntoView({ block: 'center' }));
async function press(name: string, role = 'button'): Promise<void> {
  const element = await byName(name, role);
  await centered(element);
  await element.click();
}
/** Saves, then waits for the page to re-read the saved settings (page-checks.ts). */
const saveAndReread = () => saveAndRereadPage(page, press);
async function replaceText(field: ElementHandle<Element>, text: string): Promise<void> {
  await centered(field);
  await field.click({ count: 3 });
  await field.evaluate((element) => ((element as HTMLInputElement).value = ''));
  await field.type(text);
}
const textOf = (selector: string) => page.$eval(selector, (element) => element.textContent ?? '');
const saveStatus = () => textOf('.save-bar [role="status"]');
const untilText = (selector: string, text: string) =>
  page.waitForFunction((s, t) => document.querySelector(s)?.textContent?.includes(t), { timeout: 10_000 }, selector, text);
const inputValue = (field: ElementHandle<Element>) => field.evaluate((element) => (element as HTMLInputElement).value);

/** The next Saturday that is not a closed date, from the clock the page reads (any date this runs on). */
function nextSaturday(): string {
  const closed = new Set(closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))));
  for (let days = 1; days <= 21; days += 1) {
    const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    if (new Date(`${date}T12:00:00Z`).getUTCDay() === 6 && !closed.has(date)) return date;
  }
  throw new Error('no open Saturday in three weeks');
}

/** Sets the preview's time (a datetime-local input) as a person picking it would. */
async function previewAt(value: string): Promise<void> {
  const field = await page.waitForSelector('::-p-aria([name="Time (Eastern Time (New York))"])', { timeout: 10_000 });
  await field!.evaluate((element, typed) => {
    const input = element as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, typed);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('the preview reads a typed time in the workspace zone, named on screen, and says why in a sentence, people by name', async () => {
  await atBothSizes(page, 'words-preview', async () => {
    await replaceText(await byName('Caller'), 'Dana Whitfield');
    await replaceText(await byName('Called number', 'combobox'), 'Main line');
    // 12:30 on an open Saturday (09:00 to 13:00 in New York); read as UTC it would be 07:30 there: closed.
    await previewAt(`${nextSaturday()}T12:30`);
    await untilText('.decision .reason', `Dana Whitfield is ${BOB}'s customer, so ${BOB}'s phones ring.`);
    expect(await page.$eval('[data-rule]', (element) => element.getAttribute('data-rule'))).toBe('caller-assigned-user');
    expect(await textOf('#preview-at-hint')).toBe("In the workspace's time zone, Eastern Time (New York)");
    // A leg by name and number in the workspace's format; its Twilio name a hover away.
    const leg = await page.$eval('::-p-aria([name="Legs"][role="list"]) li', (item) => ({ text: item.textContent, title: item.title }));
    expect(leg.text).toMatch(/^Bob Okafor \(senior technician\)(: phone \(555\) 010-\d{4}| \((web|mobile) app\))/);
    expect(leg.title).toMatch(/^(number:\+1555010\d{4}|client:acme_bob_(web|mobile))/);
  });
  // The same time read back after the zone: a time the owner typed is not moved.
  expect(await inputValue((await page.waitForSelector('#preview-at'))!)).toBe(`${nextSaturday()}T12:30`);
  expect(localInputValue(new Date(), { timeZone: ZONE })).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
});

test('numbers are shown in the workspace format (E.164 a hover away) and taken as typed; one that cannot be a number says how to type it', async () => {
  const tab = await byName('Main line (555) 010-0100', 'button');
  expect(await tab.evaluate((element) => element.getAttribute('title'))).toBe('+15550100100');
  const forwarding = await byName('Forwarding Number');
  await replaceText(forwarding, '12');
  await page.waitForFunction((element) => element.getAttribute('aria-invalid') === 'true', {}, forwarding);
  expect(await textOf('#field-numbers-0-forwardingNumber-problem')).toMatch(
    /"12" cannot be a phone number: type it as you would dial it, such as \(555\) 010-0100/,
  );
  // The summary names the place in words, the path a hover away.
  expect(await textOf('.problems-summary')).toContain('Main line › Forwarding Number: "12" cannot be a phone number');
  await replaceText(forwarding, '(555) 010-0050');
  await page.waitForFunction((element) => element.getAttribute('aria-invalid') !== 'true', {}, forwarding);
  await (await byName('Mode', 'combobox')).select('forward');
  await untilText('.decision .reason', 'Main line always forwards calls to (555) 010-0050.');
  await saveAndReread();
  await untilText('.save-bar [role="status"]', 'Saved');
  expect(storedAcme().numbers[0]!.forwardingNumber).toBe('+15550100050');
  await (await byName('Mode', 'combobox')).select('standard');
  await saveAndReread();
  await untilText('.save-bar [role="status"]', 'Saved');
});

test('a new user: the id made from the name, changed until saved; "Saved" stays until the next edit; removing asks first', async () => {
  await replaceText(await byName("New user's name"), 'Zoë O’Brien');
  await untilText('#new-user-name ~ .hint', 'Their id will be zoe-obrien');
  await press('Add user');
  const id = await byName('Id of Zoë O’Brien');
  expect(await inputValue(id)).toBe('zoe-obrien');
  await replaceText(id, 'Zoe!');
  await untilText('.problems-summary', 'Zoë O’Brien › Id: must be lowercase letters and digits');
  expect(await textOf('.problems-summary')).not.toMatch(/users\.\d+\.id/);
  await replaceText(id, 'zoe');
  await saveAndReread();
  await untilText('.save-bar [role="status"]', 'Saved');
  // The page re-reads the saved settings; "Saved" is still there, and the id can no longer be changed.
  await page.waitForFunction(() => !document.querySelector('#field-users-4-id'));
  expect(await saveStatus()).toMatch(/^Saved/);
  expect(storedAcme().users.map((user) => user.id)).toContain('zoe');
  await replaceText(await byName('Extension of zoe'), '204');
  await page.waitForFunction(() => document.querySelector('.save-bar [role="status"]')?.textContent === '');

  await press('Remove Zoë O’Brien');
  await press('Keep Zoë O’Brien');
  await byName('Extension of zoe'); // still there
  await press('Remove Zoë O’Brien');
  await checkPage(page, 'words-remove-asks');
  await press('Yes, remove Zoë O’Brien');
  await page.waitForFunction(() => !document.querySelector('#field-users-4-extension'));
  expect(storedAcme().users.map((user) => user.id)).toContain('zoe'); // nothing saved yet
  await saveAndReread();
  await untilText('.save-bar [role="status"]', 'Saved');
  expect(storedAcme().users.map((user) => user.id)).not.toContain('zoe');
});

test('unsaved edits are confirmed before leaving the page; refused, they stay', async () => {
  const name = await byName('Number Name');
  await replaceText(name, 'Main line (shop)');
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.dismiss();
    }),
  );
  await (await page.waitForSelector('::-p-aria([name="Calls"][role="link"])'))!.click();
  expect(await asked).toMatch(/unsaved changes \(the settings\)/);
  await byName('Acme Plumbing: phone settings', 'heading');
  expect(await inputValue(await byName('Number Name'))).toBe('Main line (shop)'); // kept, unsaved
  await replaceText(await byName('Number Name'), 'Main line'); // as saved: nothing unsaved, nothing asked
  await (await page.waitForSelector('::-p-aria([name="Calls"][role="link"])'))!.click();
  await byName('Acme Plumbing: calls', 'heading');
  await (await page.waitForSelector('::-p-aria([name="Settings"][role="link"])'))!.click();
  await byName('Acme Plumbing: phone settings', 'heading');
});

test('the language and voice of spoken prompts: a language brings its own voices, and is saved with the voice', async () => {
  const language = await byName('Language of spoken prompts', 'combobox');
  await centered(language);
  await language.select('fr-CA');
  const voices = await page.$$eval('#field-speech-voice option', (options) => options.map((option) => option.textContent));
  expect(voices).toEqual(['Chantal (woman)', 'Gabrielle (woman, neural)']);
  await saveAndReread();
  await untilText('.save-bar [role="status"]', 'Saved');
  expect(storedAcme().speech).toEqual({ language: 'fr-CA', voice: 'Polly.Chantal' });
});

test('Send Test sends the message on screen, unsaved, to a number typed in national form', async () => {
  await replaceText(await byName('Message'), 'Hi {{contact.first_name | there}}, {{business.name}} will call you back.');
  await press('Enable missed call text back', 'checkbox');
  await replaceText(await byName('Send a test to', 'textbox'), '(555) 010-0555');
  await press('Send Test');
  await untilText('.send-test [role="status"]', 'sent');
  expect(api.double.messages.at(-1)).toMatchObject({
    to: '+15550100555',
    body: expect.stringMatching(/^Hi Jordan, Acme Plumbing will call you back\./),
  });
});

test('on a phone: 24 px targets, the preview one tap away, and the save bar never covers the field in focus', async () => {
  await page.setViewport(PHONE);
  try {
    await checkPage(page, 'words-settings-phone');
    expect(await smallTargets(page)).toEqual([]);
    await press('Preview a call');
    await page.waitForFunction(() => {
      const top = document.getElementById('preview')!.getBoundingClientRect().top;
      return top >= -1 && top < window.innerHeight / 2;
    });
    // Every field of the form, focused as a keyboard or a tap would: none under the sticky save bar.
    const covered = await page.evaluate(async () => {
      const bar = document.querySelector('.save-bar')!;
      const hidden: string[] = [];
      for (const field of Array.from(
        document.querySelectorAll<HTMLElement>(
          'form[aria-label="Settings"] input, form[aria-label="Settings"] select, form[aria-label="Settings"] textarea',
        ),
      )) {
        if (bar.contains(field) || field.getBoundingClientRect().height === 0) continue;
        window.scrollTo(0, 0);
        field.focus();
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const box = field.getBoundingClientRect();
        const barBox = bar.getBoundingClientRect();
        if (box.bottom > barBox.top + 1 && box.top < barBox.bottom) hidden.push(field.id);
      }
      return hidden;
    });
    expect(covered).toEqual([]);
  } finally {
    await page.setViewport(LAPTOP);
  }
});
