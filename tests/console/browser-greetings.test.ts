// Greetings in the browser, as an owner makes them, by accessible names, on a laptop and on a phone: upload a WAV,
// hear it, use it and save it; record one with the microphone (Chromium's fake one) and hear it; "call me to
// record" (the call at the API double behind Prism) and use the recording's link; a link that cannot play says
// why in words. Each state is axe clean and the greeting controls fit the phone's width with 24 px targets.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { launchChromium } from './chromium';
import { LAPTOP, PHONE, overflow, saveAndReread as saveAndRereadPage, seriousViolations, shoot, smallTargets } from './page-checks';
import { LOGIN_TOKEN, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi();
const COMPANY = 'Company voicemail greeting';
const BOB = 'Voicemail greeting of Bob Okafor (senior technician)';
let server: FunctionsServer;
let browser: Browser;
let page: Page;
let file: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  file = configFile();
  [server, browser] = await Promise.all([
    startConsoleFunctions(api, file),
    launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required']),
  ]);
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${server.baseUrl}/console-login?token=${LOGIN_TOKEN}`);
  await page.goto(`${server.baseUrl}/console/index.html#/acme/settings`);
});
afterEach(() => expect(pageErrors.splice(0)).toEqual([]));
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byName = (name: string, role = 'button') =>
  page.waitForSelector(`::-p-aria([name="${name}"][role="${role}"])`, { timeout: 15_000 }) as Promise<ElementHandle<Element>>;
const centered = (element: ElementHandle<Element>) => element.evaluate((found) => found.scrollIntoView({ block: 'center' }));
/** Clicks the named element, found again when the page drew it anew in between (after a save it re-reads the settings). */
async function press(name: string, role = 'button') {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const element = await byName(name, role);
      await centered(element);
      await element.click();
      return;
    } catch (error) {
      if (attempt >= 5 || !/detached|not clickable|not an Element/i.test(String(error))) throw error;
    }
  }
}
/** The named field's value once it matches `pattern` (an upload ends after the click). */
async function valueOnce(name: string, pattern: RegExp): Promise<string> {
  const field = await byName(name, 'textbox');
  await page.waitForFunction(
    (input, source) => new RegExp(source).test((input as HTMLInputElement).value),
    { timeout: 15_000 },
    field,
    pattern.source,
  );
  return field.evaluate((input) => (input as HTMLInputElement).value);
}

/** Waits until the named <audio> has loaded enough to know its length, and gives that length (s). */
async function playableSeconds(label: string): Promise<number> {
  const audio = await page.waitForSelector(`audio[aria-label="${label}"]`, { timeout: 15_000 });
  await page.waitForFunction(
    (element) => (element as HTMLAudioElement).readyState >= 1 || (element as HTMLAudioElement).error,
    { timeout: 15_000 },
    audio,
  );
  return audio!.evaluate((element) => ((element as HTMLAudioElement).error ? -1 : (element as HTMLAudioElement).duration));
}

/** The page axe clean; every greeting control inside the viewport's width and (on a phone) at least 24x24 px. */
async function checkGreetings(label: string, size: 'laptop' | 'phone') {
  await shoot(page, `${label}-${size}`);
  const folder = process.env.CONSOLE_SCREENSHOTS;
  // The greeting being made, close up (the full page is the settings page, metres long on a phone).
  const making = folder
    ? ((await page.$('.greeting-field:has(.greeting-pending, [role="alert"])')) ?? (await page.$('.greeting-field')))
    : null;
  if (folder && making) await making.screenshot({ path: join(folder, `${label}-${size}-field.png`) });
  const fit = await page.evaluate((phone) => {
    const problems: string[] = [];
    for (const element of Array.from(document.querySelectorAll('.greeting-field, .greeting-field *'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? element.tagName;
      if (box.right > window.innerWidth + 1) problems.push(`${name}: ${Math.round(box.right)} px wide`);
      if (
        phone &&
        element.matches('button, summary, input:not([type="file"]), select, textarea, .file-button') &&
        (box.width < 24 || box.height < 24)
      )
        problems.push(`${name}: ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    return problems;
  }, size === 'phone');
  expect({ label, size, violations: await seriousViolations(page), fit }).toEqual({ label, size, violations: [], fit: [] });
  // The whole page too: nothing wider than the screen, and on a phone no tap target under 24 px.
  expect({ label, size, overflow: await overflow(page), small: size === 'phone' ? await smallTargets(page) : [] }).toEqual({
    label,
    size,
    overflow: { pixels: 0, widest: '' },
    small: [],
  });
}

/** A 2 s tone, 16-bit PCM mono WAV at 8 kHz, written to a file to upload. */
function toneFile(): string {
  const samples = 16000;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 523 * i) / 8000)), i * 2);
  const header = Buffer.from(`RIFF0000WAVEfmt ${'0'.repeat(20)}data0000`, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.writeUInt32LE(data.length, 40);
  const path = join(mkdtempSync(join(tmpdir(), 'greeting-')), 'welcome.wav');
  writeFileSync(path, Buffer.concat([header, data]));
  return path;
}

const storedAcme = () =>
  (
    JSON.parse(readFileSync(file, 'utf8')) as {
      workspaces: {
        id: string;
        voicemail: { greetingUrl: string | null };
        users: { id: string; voicemail?: { greetingUrl: string | null } }[];
      }[];
    }
  ).workspaces.find((workspace) => workspace.id === 'acme')!;

test('upload a WAV, hear it before using it, use it, hear the greeting, save it (laptop), then record one with the microphone (phone)', async () => {
  await page.setViewport(LAPTOP);
  const input = await page.waitForSelector(`input[type="file"][aria-label="Upload an MP3 or WAV: ${COMPANY}"]`);
  await (input as ElementHandle<HTMLInputElement>).uploadFile(toneFile());
  expect(await playableSeconds('Listen before using it: welcome.wav')).toBeCloseTo(2, 1);
  await checkGreetings('greeting-uploaded', 'laptop');
  await press(`Use this recording: ${COMPANY}`);
  const link = await valueOnce(`${COMPANY}: audio link`, /\/greeting\?g=[0-9a-f]{64}$/);
  expect(await playableSeconds(`Play: ${COMPANY}`)).toBeCloseTo(2, 1);
  // Saved, and the page has drawn the saved settings anew (a new revision on the form).
  await saveAndRereadPage(page, press);
  expect(storedAcme().voicemail.greetingUrl).toBe(link);

  await page.setViewport(PHONE);
  await press(`Record with the microphone: ${BOB}`);
  // Stopped once a second of sound is in (the button counts the seconds).
  const stop = await byName(`Stop recording: ${BOB}`);
  await page.waitForFunction((button) => /\(([1-9]\d*) s\)/.test(button.textContent ?? ''), { timeout: 15_000 }, stop);
  await press(`Stop recording: ${BOB}`);
  expect(await playableSeconds('Listen before using it: Your recording')).toBeGreaterThan(0.5);
  await checkGreetings('greeting-recorded', 'phone');
  await press(`Use this recording: ${BOB}`);
  expect(await valueOnce(`${BOB}: audio link`, /\/greeting\?g=[0-9a-f]{64}$/)).not.toBe(link);
});

test('a greeting link that cannot play says why in words', async () => {
  await page.setViewport(LAPTOP);
  const field = await byName(`${BOB}: audio link`, 'textbox');
  await centered(field);
  await field.click({ count: 3 });
  await field.type(`${server.baseUrl}/greeting?g=${'0'.repeat(64)}`);
  const alert = await page.waitForSelector('::-p-text(This recording cannot be played: There is no such greeting.)', { timeout: 15_000 });
  expect(alert).not.toBeNull();
  await checkGreetings('greeting-cannot-play', 'laptop');
});

test('call me to record: the number typed in national format is called from the main line, and the recording is used', async () => {
  await page.setViewport(PHONE);
  await press(`Call me to record: ${COMPANY}`, 'DisclosureTriangle');
  const to = await byName(`Phone to call to record: ${COMPANY}`, 'textbox');
  await to.type('(555) 010-0002');
  await press(`Call me: ${COMPANY}`);
  await page.waitForSelector('::-p-text(Answer the call)', { timeout: 15_000 });
  const call = api.double.api.calls.at(-1)!;
  expect(call).toMatchObject({ to: '+15550100002', from: '+15550100100' });
  api.double.api.addRecording(call.sid, Date.now(), { durationSeconds: 6 });
  await press(`Check for my recording: ${COMPANY}`);
  await page.waitForSelector('::-p-text(Recorded by phone)', { timeout: 15_000 });
  await checkGreetings('greeting-by-phone', 'phone');
  await press(`Use this recording: ${COMPANY}`);
  await valueOnce(`${COMPANY}: audio link`, /\/recording\?t=RE[0-9a-f]{32}\./);
});
