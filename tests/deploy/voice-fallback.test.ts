// The numbers' Voice fallback (what Twilio plays when incoming-call cannot answer): a static TwiML asset the build
// writes from .env and the configuration the service ships. One case per source of the phone it rings (or none:
// an apology and a recorded message that ends in a goodbye, never in the same document again), read back as Twilio
// reads it; and the asset the build wrote is what twilio-run serves at the URL `numbers bind` sets.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInput } from '../../src/config/types';
import { voiceFallbackPlan, writeVoiceFallbackAssets } from '../../src/deploy/voice-fallback';
import { EnvironmentError } from '../../src/runtime/env';
import { ROOT, startFunctions } from '../support/twilio-run';
import { parseTwiml, verbsOf, type TwimlNode } from '../support/twiml';

const SORRY = 'Sorry, nobody can take your call right now. Please try again later. Goodbye.';
const workspace = (id: string, companyPhone?: string) => ({ id, name: `${id} Co`, ...(companyPhone ? { companyPhone } : {}) });

/** An assets folder holding `bundles` (file name -> bundle), as the service would ship it. */
function assetsWith(bundles: Record<string, BundleInput>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fallback-assets-'));
  for (const [file, bundle] of Object.entries(bundles)) writeFileSync(join(dir, file), JSON.stringify(bundle));
  return dir;
}

/** Writes the assets for `.env` text and an assets folder; returns both documents as Twilio would read them. */
function written(
  dotenv: string | undefined,
  assetsDir: string,
): { plan: ReturnType<typeof voiceFallbackPlan>; fallback: TwimlNode; done: TwimlNode } {
  const plan = voiceFallbackPlan(dotenv, assetsDir);
  const [fallback, done] = writeVoiceFallbackAssets(assetsDir, plan).map((file) => parseTwiml(readFileSync(file, 'utf8')));
  return { plan, fallback: fallback!, done: done! };
}

const rings = (phone: string) => ({
  verbs: ['Dial', 'Say', 'Hangup'],
  dial: { attrs: { answerOnBridge: 'true', timeout: '30' }, numbers: [phone] },
});

function shape(document: TwimlNode) {
  const dial = document.children.find((verb) => verb.name === 'Dial');
  return dial
    ? {
        verbs: verbsOf(document),
        dial: { attrs: dial.attrs, numbers: dial.children.filter((noun) => noun.name === 'Number').map((noun) => noun.text) },
      }
    : { verbs: verbsOf(document) };
}

const SAMPLE = { workspaces: [workspace('acme', '+15550100001')] };

describe('whom the fallback rings', () => {
  test.each([
    [
      'FALLBACK_NUMBER set: it, before the company phone',
      'FALLBACK_NUMBER=+15550100009\n',
      { 'sample-config.private.json': SAMPLE },
      '+15550100009',
      /FALLBACK_NUMBER \+15550100009/,
    ],
    [
      'no FALLBACK_NUMBER: the company phone of the shipped configuration',
      '',
      { 'sample-config.private.json': SAMPLE },
      '+15550100001',
      /company phone \+15550100001/,
    ],
    ['no .env at all: the company phone', undefined, { 'sample-config.private.json': SAMPLE }, '+15550100001', /company phone/],
    [
      'workspaces sharing one company phone: it',
      'FALLBACK_NUMBER=\n',
      { 'sample-config.private.json': { workspaces: [workspace('a', '+15550100001'), workspace('b', '+15550100001'), workspace('c')] } },
      '+15550100001',
      /company phone/,
    ],
    [
      'CONFIG_ASSET names another bundle: its company phone',
      'CONFIG_ASSET=/clinic.json\n',
      { 'sample-config.private.json': SAMPLE, 'clinic.private.json': { workspaces: [workspace('clinic', '+15550200001')] } },
      '+15550200001',
      /company phone \+15550200001/,
    ],
  ])('%s', (_title, dotenv, bundles, phone, reason) => {
    const { plan, fallback } = written(dotenv, assetsWith(bundles));
    expect(plan).toEqual({ phone, reason: expect.stringMatching(reason) });
    expect(shape(fallback)).toEqual(rings(phone));
    expect(fallback.children[1]).toMatchObject({ name: 'Say', text: SORRY });
  });

  test.each([
    [
      'neither FALLBACK_NUMBER nor a company phone',
      '',
      { 'sample-config.private.json': { workspaces: [workspace('acme')] } },
      /no workspace has a company phone/,
    ],
    [
      'several different company phones: none can be chosen for all',
      '',
      { 'sample-config.private.json': { workspaces: [workspace('a', '+15550100001'), workspace('b', '+15550300001')] } },
      /2 different company phones/,
    ],
    [
      'the configuration is in Sync: the shipped bundle is not it',
      `SYNC_SERVICE_SID=IS${'a'.repeat(32)}\n`,
      { 'sample-config.private.json': SAMPLE },
      /configuration is in Sync/,
    ],
    [
      'CONFIG_ASSET names an asset that is not there',
      'CONFIG_ASSET=/missing.json\n',
      { 'sample-config.private.json': SAMPLE },
      /no asset \/missing\.json/,
    ],
  ])("%s: an apology, then a message with Twilio's own <Record>, then a goodbye", (_title, dotenv, bundles, reason) => {
    const { plan, fallback, done } = written(dotenv, assetsWith(bundles));
    expect(plan).toEqual({ phone: undefined, reason: expect.stringMatching(reason) });
    expect(verbsOf(fallback)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    expect(fallback.children[0]!.text).toMatch(/^Sorry, we cannot take your call right now\. Please leave .* after the tone/);
    // The message goes on to the goodbye document (GET: a static asset), never back to this one (a loop).
    expect(fallback.children[1]!.attrs).toEqual({ action: '/voice-fallback-done.xml', method: 'GET', maxLength: '120', playBeep: 'true' });
    expect(fallback.children[2]).toMatchObject({ name: 'Say', text: SORRY });
    expect(verbsOf(done)).toEqual(['Say', 'Hangup']);
    expect(done.children[0]!.text).toBe('Thank you. We will call you back. Goodbye.');
  });

  test("a FALLBACK_NUMBER that is not a phone number is refused, naming it; another variable's problem is not this step's", () => {
    const dir = assetsWith({ 'sample-config.private.json': SAMPLE });
    expect(() => voiceFallbackPlan('FALLBACK_NUMBER=555-0100\n', dir)).toThrow(EnvironmentError);
    expect(() => voiceFallbackPlan('FALLBACK_NUMBER=555-0100\n', dir)).toThrow(/FALLBACK_NUMBER/);
    expect(voiceFallbackPlan('FALLBACK_NUMBER=+15550100009\nSYNC_TIMEOUT_MS=fast\n', dir)).toMatchObject({ phone: '+15550100009' });
  });
});

test('the build wrote both assets, and twilio-run serves them as written at the paths the numbers are given', async () => {
  const server = await startFunctions();
  try {
    for (const file of ['voice-fallback.xml', 'voice-fallback-done.xml']) {
      const response = await fetch(`${server.baseUrl}/${file}`);
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toBe(readFileSync(join(ROOT, 'assets', file), 'utf8'));
      expect(['Dial', 'Record', 'Say']).toContain(verbsOf(parseTwiml(body))[0]);
    }
  } finally {
    await server.stop();
  }
});
