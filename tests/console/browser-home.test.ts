/// <reference lib="dom" />
// The home part of the console in a real Chromium, by accessible names, at 1280x800 and 390x844 (axe clean, nothing
// wider than the screen, 24 px targets on the phone): a workspace's home page built from calls rehearsed through the
// served functions (calls per day as a chart in its own script chunk, with its words and table; answer rate by user
// and by hour; the callers to call back, oldest first, one tap to the web phone with their number), the Calls page
// as cards with a call's own page, and the agency home (today per workspace, "create a workspace"). One browser, one
// functions server and one Twilio API double for the file. CONSOLE_SCREENSHOTS=DIR saves each page there.
import { readFileSync } from 'node:fs';
import type { Browser, ElementHandle, HTTPRequest, Page } from 'puppeteer-core';
import { simulateCall } from '../../src/simulator/simulate';
import type { AnswerChoice, SimulationResult } from '../../src/simulator/simulate';
import { closedDatesOf, recentWorkday, type TestDay } from '../support/clock';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { launchChromium } from './chromium';
import { atBothSizes, LAPTOP } from './page-checks';
import { LOGIN_TOKEN, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi();
let server: FunctionsServer;
let browser: Browser;
let page: Page;
let file: string;
let day: TestDay;
/** Uncaught errors in the console page: any fails the test it happened in. */
const pageErrors: string[] = [];
/** The console's script files the page asked for, in order. */
const scripts: string[] = [];

const DANA = '+15550100200'; // Dana Whitfield, a contact of Acme
const ELI = '+15550100201'; // Eli Moreno, a contact of Acme
const STRANGER = '+15555550123'; // nobody's contact
const ALICE_LINE = '+15550100101'; // Alice's direct line: rings Alice (+15550100002)

/** Rehearses a whole call through the served functions, as `npm run simulate` does. */
function rehearse(from: string, answer: AnswerChoice, at?: string): Promise<SimulationResult> {
  return simulateCall({
    baseUrl: server.baseUrl,
    authToken: api.authToken,
    accountSid: api.accountSid,
    from,
    to: ALICE_LINE,
    answer,
    pressKey: true,
    ...(at ? { at } : {}),
  });
}

let danaCall = '';
/** When the stranger calls: now, given, so the test knows the hour it is counted in. */
const strangerAt = new Date().toISOString();
/** The calls as they happened: the stranger's (now) rings Alice only within business hours, and says if it left a voicemail. */
let rehearsed: SimulationResult[] = [];
/** An instant's weekday column (0 Monday) and hour row ("10 AM") in New York, Acme's zone. */
function newYorkSlot(iso: string): { weekday: number; hour: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric' }).formatToParts(
    new Date(iso),
  );
  const part = (type: string) => parts.find((found) => found.type === type)?.value ?? '';
  return {
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')),
    hour: `${part('hour')} ${part('dayPeriod')}`,
  };
}

/** Today's date in New York (Acme's zone), from the clock the functions use. */
const acmeToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());

beforeAll(async () => {
  file = configFile();
  day = recentWorkday({ closedDates: closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))) });
  [server, browser] = await Promise.all([startConsoleFunctions(api, file), launchChromium()]);
  // Dana missed on a recent workday, then Eli answered by Alice; a stranger missed today.
  rehearsed = [
    await rehearse(DANA, { kind: 'none' }, day.at('15:00')),
    await rehearse(ELI, { kind: 'legs', legs: [{ leg: '+15550100002', by: 'person' }] }, day.at('16:00')),
    await rehearse(STRANGER, { kind: 'none' }, strangerAt),
  ];
  expect(rehearsed.map((call) => call.outcome)).toEqual(['missed', 'answered', 'missed']);
  danaCall = rehearsed[0]!.callSid;
  page = await browser.newPage();
  await page.setViewport(LAPTOP);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('request', (request: HTTPRequest) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/console/js/')) scripts.push(path);
  });
  // Signed in as the local admin (an agency admin) by npm start's link: the settings of the first workspace open.
  await page.goto(`${server.baseUrl}/console-login?token=${LOGIN_TOKEN}`);
  await byName('Acme Plumbing: phone settings', 'heading');
}, 120_000);
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The element with this accessible name (and role), as assistive technology finds it. */
const byName = (name: string, role = 'textbox') =>
  page.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { timeout: 15_000 }) as Promise<ElementHandle<Element>>;

async function press(name: string, role = 'button'): Promise<void> {
  const element = await byName(name, role);
  await element.evaluate((found) => found.scrollIntoView({ block: 'center' }));
  await element.click();
}

/** An element's words: each child's text, spaces collapsed, joined by a space (as a card reads). */
const wordsOf = (element: Element) =>
  (element.children.length ? Array.from(element.children) : [element])
    .map((child) => (child.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
const textOf = (selector: string) => page.$eval(selector, wordsOf);

/** The script files that hold the chart library (Chartist's class names are in its code). */
function chartChunk(): string[] {
  const folder = 'assets/console/js';
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  return readdirSync(folder)
    .filter((name) => readFileSync(`${folder}/${name}`, 'utf8').includes('ct-series'))
    .map((name) => `/console/js/${name}`);
}

test('the home page: calls per day as a chart (its own chunk) with words and a table, rates by user and hour, callers to call back', async () => {
  // The chart library is one chunk, not the first page's script, and not asked for before the home page.
  const chart = chartChunk();
  expect(chart).toHaveLength(1);
  expect(chart).not.toContain('/console/js/main.js');
  expect(scripts).not.toContain(chart[0]);

  await press('Home', 'link');
  await byName('Acme Plumbing: home', 'heading');
  await byName('Callers to call back', 'heading');
  await page.waitForSelector('.chart svg .ct-bar', { timeout: 15_000 });
  expect(scripts).toContain(chart[0]);

  await atBothSizes(page, 'home', async () => {
    await page.waitForSelector('.chart svg .ct-bar', { timeout: 15_000 });
    // Oldest first: Dana (a recent workday) before the stranger (today); Eli was answered, so is not listed.
    const callBack = await page.$$eval('::-p-aria([name="Callers to call back"][role="list"]) > li', (items) =>
      items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ')),
    );
    expect(callBack).toEqual([
      expect.stringMatching(/^Dana Whitfield \(555\) 010-02001 missed call, the last .*Call back Dana WhitfieldThe last call$/),
      expect.stringMatching(/^\(555\) 555-01231 missed call, the last .*Call back \(555\) 555-0123The last call$/),
    ]);
    // The totals in words, the same as the table behind the chart.
    const voicemails = rehearsed.filter((call) => call.voicemail).length;
    expect(await textOf('[aria-labelledby="per-day-title"] > p')).toBe(
      `3 calls: 1 answered (33%), 2 missed, ${voicemails} of them left a voicemail.`,
    );
    // Each user's rate says itself in words: Alice answered one of the calls that rang her (the stranger's, now, rang
    // her only if now is within business hours).
    const rang = rehearsed.filter((call) => call.dials.length > 0).length;
    expect(await textOf('::-p-aria([name="Answer rate by user"][role="list"])')).toContain(
      `Alice Romero (owner): ${rang === 3 ? '33%' : '50%'} (1 of ${rang} calls)`,
    );
    // The hour of the week: Dana's and Eli's workday, at their hours in New York (the workspace's zone).
    const heat = await page.$$eval('::-p-aria([name="Answer rate by hour of the week, table"][role="region"]) tbody tr', (rows) =>
      Object.fromEntries(
        rows.map((row) => [
          row.querySelector('th')?.textContent ?? '',
          Array.from(row.querySelectorAll('td')).map((cell) => cell.firstChild?.textContent ?? ''),
        ]),
      ),
    );
    // Dana's missed call (0%) and Eli's answered one (100%, or 50% when the stranger's call fell in the same hour).
    const dana = newYorkSlot(day.at('15:00'));
    const eli = newYorkSlot(day.at('16:00'));
    const stranger = newYorkSlot(strangerAt);
    expect(heat[dana.hour]?.[dana.weekday]).toBe('0%');
    expect(heat[eli.hour]?.[eli.weekday]).toBe(stranger.hour === eli.hour && stranger.weekday === eli.weekday ? '50%' : '100%');
    expect(heat[stranger.hour]?.[stranger.weekday]).toMatch(/^(0|50)%$/);
  });

  // The table behind the chart: 30 days, the workday's row with its calls.
  await page.click('details.as-table summary');
  const rows = await page.$$eval('::-p-aria([name="Calls per day, table"][role="region"]) tbody tr', (found) =>
    found.map((row) => Array.from(row.children).map((cell) => (cell.textContent ?? '').trim())),
  );
  expect(rows).toHaveLength(30);
  // The stranger's call (now) is on the workday's row too when that day is still today in New York (UTC's small hours).
  const sameDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(strangerAt)) === day.date;
  const onTheDay = sameDay ? [rehearsed[0]!, rehearsed[2]!] : [rehearsed[0]!];
  expect(rows.find((row) => row[0] === day.spoken)).toEqual([
    day.spoken,
    '1',
    String(onTheDay.length),
    String(onTheDay.filter((call) => call.voicemail).length),
  ]);
  // The chart is a picture only: a person using a screen reader gets the words and the table.
  expect(await page.$eval('.chart', (element) => element.getAttribute('aria-hidden'))).toBe('true');
});

test('"Call back" opens the web phone on the caller, their number to call and one button to call them', async () => {
  await press('Call back Dana Whitfield');
  await byName('Acme Plumbing: web phone', 'heading');
  expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/acme/phone/${DANA}`);
  const field = await byName('Number to call');
  expect(await field.evaluate((input) => (input as HTMLInputElement).value)).toBe(DANA);
  await byName('Call Dana Whitfield now', 'button');
});

test('the Calls page is a list of cards, callers and numbers by name; a call has its own page', async () => {
  await page.goto(`${server.baseUrl}/console/index.html#/acme/calls`);
  await byName('Calls', 'list');
  await atBothSizes(page, 'calls-cards', async () => {
    const cards = await page.$$eval('::-p-aria([name="Calls"][role="list"]) > li .card-title', (titles) =>
      titles.map((title) => title.textContent),
    );
    expect(cards.slice(0, 3)).toEqual(['(555) 555-0123', 'Eli Moreno', 'Dana Whitfield']);
    expect(await textOf('::-p-aria([name="Calls"][role="list"]) > li:nth-child(2)')).toContain("to Alice's direct line");
  });
  await page.goto(`${server.baseUrl}/console/index.html#/acme/calls/${danaCall}`);
  await byName('The call', 'article');
  await atBothSizes(page, 'call-details', async () => {
    const details = await textOf(`#call-${danaCall}`);
    expect(details).toContain('Voicemail');
    expect(await textOf('::-p-aria([name="The call"][role="article"])')).toMatch(
      /^Dana Whitfield .* to Alice's direct line Missed, left a voicemail/,
    );
  });
  await press('All calls', 'link');
  await byName('Calls', 'list');
  // The caller filter takes a number as the owner writes it.
  const caller = await byName('Caller');
  await caller.type('(555) 555-0123');
  await press('Show calls');
  await page.waitForFunction(() => document.querySelectorAll('[aria-label="Calls"] > li').length === 1, { timeout: 15_000 });
  expect(
    await page.$$eval('::-p-aria([name="Calls"][role="list"]) > li .card-title', (titles) => titles.map((title) => title.textContent)),
  ).toEqual(['(555) 555-0123']);
});

test('the agency home: today per workspace, one tap from each, at both sizes; a reload stays there', async () => {
  await page.goto(`${server.baseUrl}/console/index.html#/agency`);
  await byName('All workspaces', 'heading');
  await atBothSizes(page, 'agency', async () => {
    await page.waitForSelector('::-p-aria([name="Today"][role="list"]) > li', { timeout: 15_000 });
    const cards = await page.$$eval('::-p-aria([name="Today"][role="list"]) > li', (items) =>
      items.map((item) =>
        Array.from(item.children)
          .map((child) => (child.textContent ?? '').trim())
          .join(' '),
      ),
    );
    // Today in New York: the stranger's call, and Dana's when her workday is today there.
    const missedToday = day.date === acmeToday() ? 2 : 1;
    expect(cards).toEqual([
      // Unanswered replies are not counted by the history yet (console-agency answers null): no line for them.
      `Acme Plumbing ${missedToday} missed call${missedToday === 1 ? '' : 's'} today Open Acme Plumbing`,
      'Birch Dental 0 missed calls today Open Birch Dental',
    ]);
  });
  // Reloaded, it is still the agency home.
  await page.reload();
  await byName('All workspaces', 'heading');
});

test('"create a workspace": a wrong phone refused beside its field, nothing written; then made, and its settings open', async () => {
  await page.goto(`${server.baseUrl}/console/index.html#/agency`);
  await byName('Create a workspace', 'heading');
  const name = await byName('Business name');
  await name.type('Cedar Dental');
  await page.select('#new-workspace-zone', 'America/Chicago');
  const phone = await byName('Company phone (optional)');
  await phone.type('12');
  await press('Create the workspace');
  await page.waitForFunction(() => document.querySelector('#new-workspace-phone')?.getAttribute('aria-invalid') === 'true');
  expect(await textOf('#new-workspace-phone-problem')).toMatch(/cannot be a phone number/);
  await atBothSizes(page, 'agency-create-refused', async () => {
    await byName('Company phone (optional)');
  });
  expect(JSON.parse(readFileSync(file, 'utf8')).workspaces).toHaveLength(2);

  await phone.click({ count: 3 });
  await phone.type('(555) 010-0500');
  await press('Create the workspace');
  await byName('Cedar Dental: phone settings', 'heading');
  expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/cedar-dental/settings');
  expect(JSON.parse(readFileSync(file, 'utf8')).workspaces[2]).toMatchObject({
    id: 'cedar-dental',
    name: 'Cedar Dental',
    timeZone: 'America/Chicago',
    companyPhone: '+15550100500',
  });
});
