// The functions folder the served benchmark runs against: a copy of dist/functions plus one trivial
// function that answers a fixed <Dial>, the floor our incoming-call is compared with. It lives under
// dist/ (gitignored) so the functions still find twilio in node_modules, and is removed afterwards.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_FUNCTIONS, PROJECT_ROOT } from './paths';

export const TRIVIAL_FUNCTION = 'trivial-dial';

/** The least a Function can do for a call: the same twilio TwiML builder, one fixed <Dial>, nothing read or written. */
const TRIVIAL_SOURCE = `// Benchmark floor: one fixed <Dial>, built as every Function builds TwiML.
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  twiml.dial({ timeout: 20 }, '+15550100010');
  callback(null, twiml);
};
`;

export interface BenchFunctionsFolder {
  path: string;
  remove(): void;
}

export function createBenchFunctionsFolder(): BenchFunctionsFolder {
  const path = mkdtempSync(join(PROJECT_ROOT, 'dist', 'bench-functions-'));
  for (const file of readdirSync(BUILT_FUNCTIONS)) if (file.endsWith('.js')) copyFileSync(join(BUILT_FUNCTIONS, file), join(path, file));
  writeFileSync(join(path, `${TRIVIAL_FUNCTION}.js`), TRIVIAL_SOURCE);
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
