// Writes the numbers' Voice fallback assets (src/twiml/voice-fallback.ts) into assets/ before the service is
// served or deployed (the build runs it: npm run voice-fallback), from what the deploy knows: FALLBACK_NUMBER
// from .env, else the company phone of the configuration the service ships (the CONFIG_ASSET bundle) when it has
// exactly one, else nobody to ring: an apology and a recorded message. A configuration kept in Sync is not read
// here (it changes without a deploy): with SYNC_SERVICE_SID set, set FALLBACK_NUMBER.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { readBundleFile } from '../config/parse';
import { EnvironmentError, describeEnvProblems, readEnvLeniently } from '../runtime/env';
import { VOICE_FALLBACK_ASSET, VOICE_FALLBACK_DONE_ASSET, voiceFallbackDoneTwiml, voiceFallbackTwiml } from '../twiml/voice-fallback';

export interface VoiceFallbackPlan {
  /** Who the fallback rings; undefined: nobody, the caller leaves a message. */
  phone: string | undefined;
  /** Why, in a sentence a developer reads after the build. */
  reason: string;
}

/** The files an asset path can come from: `/x.json` is assets/x.json, x.private.json or x.protected.json. */
function assetFile(assetsDir: string, assetPath: string): string | undefined {
  const name = assetPath.replace(/^\//, '');
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return [name, `${stem}.private${extension}`, `${stem}.protected${extension}`]
    .map((file) => join(assetsDir, file))
    .find((file) => existsSync(file));
}

/** The variables the fallback is written from: one that is not valid stops the build (the deploy would refuse it too). */
const READ = ['FALLBACK_NUMBER', 'SYNC_SERVICE_SID', 'CONFIG_ASSET'] as const;

/**
 * Whom the fallback rings, from `.env`'s text (undefined: no .env) and the assets folder the service ships. A
 * FALLBACK_NUMBER (or SYNC_SERVICE_SID, CONFIG_ASSET) that is not valid is an error naming it; the other
 * variables are not this step's to judge.
 */
export function voiceFallbackPlan(dotenvText: string | undefined, assetsDir: string): VoiceFallbackPlan {
  const { env, problems } = readEnvLeniently(dotenvText === undefined ? {} : (parseEnv(dotenvText) as Record<string, string>));
  const relevant = problems.filter((problem) => (READ as readonly string[]).includes(problem.variable));
  if (relevant.length) throw new EnvironmentError(`The Voice fallback cannot be written: ${describeEnvProblems(relevant)} (in .env)`);
  if (env.FALLBACK_NUMBER) return { phone: env.FALLBACK_NUMBER, reason: `rings FALLBACK_NUMBER ${env.FALLBACK_NUMBER}` };
  if (env.SYNC_SERVICE_SID)
    return {
      phone: undefined,
      reason: 'takes a message: no FALLBACK_NUMBER, and the configuration is in Sync (set FALLBACK_NUMBER to ring a phone)',
    };
  const file = assetFile(assetsDir, env.CONFIG_ASSET);
  if (!file)
    return {
      phone: undefined,
      reason: `takes a message: no FALLBACK_NUMBER, and no asset ${env.CONFIG_ASSET} to read a company phone from`,
    };
  const phones = [
    ...new Set(readBundleFile(file).workspaces.flatMap((workspace) => (workspace.companyPhone ? [workspace.companyPhone] : []))),
  ];
  if (phones.length === 1) return { phone: phones[0], reason: `rings the company phone ${phones[0]} (no FALLBACK_NUMBER)` };
  const why = phones.length === 0 ? 'no workspace has a company phone' : `the workspaces have ${phones.length} different company phones`;
  return { phone: undefined, reason: `takes a message: no FALLBACK_NUMBER, and ${why} (set FALLBACK_NUMBER to ring one)` };
}

/** Writes both assets (only when they change, so a running server sees no needless change); returns the files. */
export function writeVoiceFallbackAssets(assetsDir: string, plan: VoiceFallbackPlan): string[] {
  const documents: [string, string][] = [
    [join(assetsDir, VOICE_FALLBACK_ASSET.file), `${voiceFallbackTwiml(plan.phone)}\n`],
    [join(assetsDir, VOICE_FALLBACK_DONE_ASSET.file), `${voiceFallbackDoneTwiml()}\n`],
  ];
  for (const [file, xml] of documents) if (!existsSync(file) || readFileSync(file, 'utf8') !== xml) writeFileSync(file, xml);
  return documents.map(([file]) => file);
}
