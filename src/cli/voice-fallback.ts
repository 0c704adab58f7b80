// `npm run voice-fallback [-- --quiet]`: writes the numbers' Voice fallback assets (assets/voice-fallback.xml and
// assets/voice-fallback-done.xml) from .env and the configuration the service ships, and says whom they ring.
// The build runs it, so `npm start`, `npm run deploy` and `twilio serverless:deploy` all serve a current one.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { voiceFallbackPlan, writeVoiceFallbackAssets } from '../deploy/voice-fallback';
import { PROJECT_ROOT, runCli } from './_run';

const program = new Command()
  .name('voice-fallback')
  .description("Write the numbers' Voice fallback TwiML assets from .env (FALLBACK_NUMBER, else the company phone, else a message).")
  .option('--quiet', 'print nothing unless something is wrong')
  .action((options: { quiet?: boolean }) => {
    const dotenvFile = join(PROJECT_ROOT, '.env');
    const assetsDir = join(PROJECT_ROOT, 'assets');
    const plan = voiceFallbackPlan(existsSync(dotenvFile) ? readFileSync(dotenvFile, 'utf8') : undefined, assetsDir);
    const files = writeVoiceFallbackAssets(assetsDir, plan);
    if (!options.quiet)
      process.stdout.write(`Voice fallback (${files.map((file) => relative(PROJECT_ROOT, file)).join(', ')}): ${plan.reason}\n`);
  });

runCli(() => program.parseAsync(process.argv).then(() => undefined));
