// The README is the front door and docs/ the rooms behind it: every relative link in them leads somewhere that is
// there (a page, a screenshot, a file of the repository).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../support/twilio-run';

const pages = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The targets of a page's markdown links that are not a web address or an anchor alone, without their anchor. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.replace(/#.*$/, ''));
}

test('the README and docs/ exist, and the README links every page of docs/', () => {
  expect(pages.length).toBeGreaterThan(5);
  const readme = relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  expect(pages.filter((page) => page !== 'README.md' && !readme.includes(page))).toEqual([]);
});

test.each(pages)('every relative link in %s resolves', (page) => {
  const links = relativeLinks(readFileSync(join(ROOT, page), 'utf8'));
  expect(links.filter((target) => !existsSync(join(ROOT, dirname(page), target)))).toEqual([]);
});
