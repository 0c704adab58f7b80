// `npm run bench` starts here: runs the benchmark's TypeScript as it is, each .ts file compiled by esbuild
// when it is first required (types are checked by `npm run typecheck`, not here). Compiling file by file
// rather than bundling keeps every module's __dirname its own, which the Twilio API double relies on.
const { readFileSync } = require('node:fs');
const { transformSync } = require('esbuild');

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'inline' });
  module._compile(code, filename);
};

require('./main.ts');
