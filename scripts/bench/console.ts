// Section 7: the console's weight and first paint. Weight: each built script in assets/console/js, gzipped (what a
// browser downloads); the scripts the first page loads (as the browser fetched them opening the console) against the
// 100 KiB budget, the others (each page's own chunk, the web phone's SDK) listed beside them. First paint: the console page opened in real Chromium (the tests'
// @sparticuz/chromium) from the functions served locally, the browser cache off, RUNS times: first contentful paint
// (the page's own performance entry) and the time until the settings are on screen, against the 1 s budget.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { localRehearsalEnv, startFunctionsServer } from '../../src/simulator/server';
import { launchChromium } from '../../tests/console/chromium';
import { PROJECT_ROOT, SAMPLE_CONFIG } from './paths';
import { median, round } from './stats';
import { renderTable } from './table';

export const CONSOLE_RUNS = 7;
export const SCRIPT_BUDGET_BYTES = 100 * 1024;
export const FIRST_PAINT_BUDGET_MS = 1000;

export interface ConsoleBenchResult {
  /** Every built script; `firstPage`: the browser fetched it to open the console's first page. */
  scripts: { file: string; bytes: number; gzipBytes: number; firstPage: boolean }[];
  /** The first page's scripts, gzipped. */
  gzipTotal: number;
  /** gzipTotal / 100 KiB: under 1 is within budget. */
  gzipBudgetRatio: number;
  runs: number;
  firstContentfulPaintMs: number;
  settingsOnScreenMs: number;
  /** settingsOnScreenMs / 1000 ms. */
  paintBudgetRatio: number;
}

export async function benchConsole(runs: number = CONSOLE_RUNS): Promise<ConsoleBenchResult> {
  const folder = join(PROJECT_ROOT, 'assets', 'console', 'js');
  const built = readdirSync(folder)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => {
      const content = readFileSync(join(folder, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  const fetched = new Set<string>();

  const work = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const config = join(work, 'bundle.json');
  copyFileSync(SAMPLE_CONFIG, config);
  const token = randomBytes(18).toString('base64url');
  const served = await startFunctionsServer(
    PROJECT_ROOT,
    {
      ...localRehearsalEnv(randomBytes(16).toString('hex'), join(work, 'state')),
      CONFIG_FILE: config,
      CONSOLE_SESSION_SECRET: randomBytes(32).toString('hex'),
      CONSOLE_LOGIN_TOKEN: token,
    },
    { forkProcess: false },
  );
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${served.baseUrl}/console-login?token=${token}`);
    await page.waitForSelector('::-p-aria([name="Acme Plumbing: phone settings"][role="heading"])');
    await page.setCacheEnabled(false);
    const paints: number[] = [];
    const ready: number[] = [];
    page.on('response', (response) => {
      const script = /\/console\/js\/([^/?#]+\.js)/.exec(response.url());
      if (script) fetched.add(script[1]!);
    });
    for (let run = 0; run < runs; run += 1) {
      await page.goto(`${served.baseUrl}/console/index.html`);
      await page.waitForSelector('::-p-aria([name="Number Name"][role="textbox"])');
      const timing = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        ready: performance.now(),
      }));
      paints.push(timing.paint);
      ready.push(timing.ready);
    }
    const settingsOnScreenMs = round(median(ready), 0);
    const scripts = built.map((script) => ({ ...script, firstPage: fetched.has(script.file) }));
    const gzipTotal = scripts.filter((script) => script.firstPage).reduce((sum, script) => sum + script.gzipBytes, 0);
    return {
      scripts,
      gzipTotal,
      gzipBudgetRatio: round(gzipTotal / SCRIPT_BUDGET_BYTES),
      runs,
      firstContentfulPaintMs: round(median(paints), 0),
      settingsOnScreenMs,
      paintBudgetRatio: round(settingsOnScreenMs / FIRST_PAINT_BUDGET_MS),
    };
  } finally {
    await browser.close();
    await served.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatConsole(result: ConsoleBenchResult): string {
  return [
    `7. The console: scripts gzipped (budget ${SCRIPT_BUDGET_BYTES / 1024} KiB) and first paint in Chromium (median of ${result.runs}, cache off; budget ${FIRST_PAINT_BUDGET_MS} ms)`,
    renderTable(
      ['script', 'loaded', 'bytes', 'gzip bytes'],
      [
        ...result.scripts.map((script) => [script.file, script.firstPage ? 'first page' : 'its own page', script.bytes, script.gzipBytes]),
        [
          'first page total',
          '',
          result.scripts.filter((script) => script.firstPage).reduce((sum, script) => sum + script.bytes, 0),
          result.gzipTotal,
        ],
      ],
    ),
    `   first page's scripts gzipped / budget: ${result.gzipBudgetRatio}x`,
    `   first contentful paint ${result.firstContentfulPaintMs} ms; settings on screen ${result.settingsOnScreenMs} ms (${result.paintBudgetRatio}x the budget)`,
  ].join('\n');
}
