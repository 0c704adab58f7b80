/// <reference lib="dom" />
// The checks every console page passes in the browser tests, at whatever size it is open: axe-core finds no serious
// or critical violation, and nothing is wider than the viewport (a phone never scrolls sideways); and `atBothSizes`,
// which runs a step on a laptop (1280x800) and on a phone (390x844) and checks the page at each.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';

export const LAPTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** axe-core's serious and critical violations on the page as it is now ("id: help (nodes)"). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: require.resolve('axe-core') });
  const results = await page.evaluate(() =>
    (
      window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> } }
    ).axe.run(),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
}

/** How far the page is wider than its viewport (0 when it fits), and the widest element sticking out, to name it. */
export async function overflow(page: Page): Promise<{ pixels: number; widest: string }> {
  return page.evaluate(() => {
    const pixels = document.documentElement.scrollWidth - window.innerWidth;
    let widest = '';
    let right = window.innerWidth;
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      if (box.right > right + 1 && getComputedStyle(element).position !== 'fixed') {
        right = box.right;
        widest = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} (${Math.round(box.right)} px)`;
      }
    }
    return { pixels: Math.max(0, pixels), widest };
  });
}

/** Controls a finger must hit that are smaller than 24x24 CSS px (WCAG 2.2 target size), by their names. */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('button, a[href], input, select, textarea, summary, [role="button"]'))
      .filter((element) => {
        const box = element.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) return false; // not shown
        if ((element as HTMLInputElement).type === 'hidden') return false;
        // A link inside a sentence is exempt (WCAG 2.5.8's "inline" exception).
        if (element.tagName === 'A' && getComputedStyle(element).display === 'inline' && element.closest('p, li, td')) return false;
        return box.width < 24 || box.height < 24;
      })
      .map((element) => {
        const labelled =
          element.getAttribute('aria-label') || (element as HTMLInputElement).labels?.[0]?.textContent || element.textContent;
        return `${element.tagName.toLowerCase()} "${(labelled ?? '').trim().slice(0, 40)}"`;
      }),
  );
}

/** Saves a PNG of the page in CONSOLE_SCREENSHOTS (when set) as `<name>.png`. */
export async function shoot(page: Page, name: string): Promise<void> {
  const folder = process.env.CONSOLE_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}

/** axe clean and no sideways scroll, with what went wrong named; a screenshot as `label` when asked for. */
export async function checkPage(page: Page, label: string): Promise<void> {
  await shoot(page, label);
  expect({ label, violations: await seriousViolations(page), overflow: await overflow(page) }).toEqual({
    label,
    violations: [],
    overflow: { pixels: 0, widest: '' },
  });
}

/** Runs `step` on a laptop then on a phone, checking the page (and its tap targets on the phone) after each. */
export async function atBothSizes(page: Page, label: string, step: (size: 'laptop' | 'phone') => Promise<void>): Promise<void> {
  for (const [size, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewport(viewport);
    await step(size);
    await checkPage(page, `${label}-${size}`);
    if (size === 'phone') expect({ label, small: await smallTargets(page) }).toEqual({ label, small: [] });
  }
  await page.setViewport(LAPTOP);
}

/**
 * Saves the settings (`press` clicks the file's own "Save"), then waits until the page has re-read them (a new
 * revision on the form): edits made before that would be drawn over.
 */
export async function saveAndReread(page: Page, press: (name: string) => Promise<void>): Promise<void> {
  const revision = await page.$eval('form[aria-label="Settings"]', (form) => form.getAttribute('data-revision'));
  await press('Save');
  await page.waitForFunction(
    (old) => {
      const now = document.querySelector('form[aria-label="Settings"]')?.getAttribute('data-revision');
      return Boolean(now) && now !== old;
    },
    { timeout: 30_000 },
    revision,
  );
}
