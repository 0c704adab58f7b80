// The console's browser code (src/console/ui, with Preact, the configuration schema and the pure routing module),
// bundled into assets/console/js/, which twilio-run serves and deploys as public assets at /console/js/*. The web
// phone's module (with @twilio/voice-sdk) is a separate chunk that only the phone page loads. scripts/build.mjs
// builds it beside the functions (and its build stamp covers it).
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export const consoleOutdir = (root) => join(root, 'assets', 'console', 'js');

/** esbuild options for the console; `clean` empties the output folder first (a full build, not --watch). */
export function consoleBuildOptions(root, { quiet = false, clean = true } = {}) {
  const outdir = consoleOutdir(root);
  if (clean) rmSync(outdir, { recursive: true, force: true });
  return {
    entryPoints: [join(root, 'src', 'console', 'ui', 'main.tsx')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox111', 'safari16'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: quiet ? 'warning' : 'info',
  };
}
