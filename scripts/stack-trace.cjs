#!/usr/bin/env node
// `npm run stack -- FUNCTION [FILE]`: turns a stack trace from Twilio's log (minified positions such as
// `/var/task/handlers/ZF0123.js:2:11252`) back into source positions and names, with the source maps that
// scripts/build.mjs writes beside each bundle (dist/functions/FUNCTION.protected.js.map). Reads FILE, else standard
// input. The maps must be those of the build that was deployed: it does not build (run it from the deployed
// commit's dist/, or rebuild that commit: the same sources and lock file give the same bundles and maps).
'use strict';
const { existsSync, readFileSync, readdirSync } = require('node:fs');
const { SourceMap } = require('node:module');
const { basename, join, relative, resolve } = require('node:path');

const ROOT = join(__dirname, '..');
const FUNCTIONS_DIR = join(ROOT, 'dist', 'functions');

/** A stack frame's position: `(file:line:column)` or `at file:line:column`. */
const FRAME = /(\(|at )([^()\s]+?\.js):(\d+):(\d+)(\)?)/g;

/** The built functions whose maps are there, by name without `.protected.js` (`outbound-call`). */
function builtFunctions(functionsDir = FUNCTIONS_DIR) {
  if (!existsSync(functionsDir)) return new Map();
  return new Map(
    readdirSync(functionsDir)
      .filter((file) => file.endsWith('.js.map'))
      .map((file) => [file.replace(/\.js\.map$/, '').replace(/\.protected$/, ''), join(functionsDir, file)]),
  );
}

function loadMap(file) {
  const payload = JSON.parse(readFileSync(file, 'utf8'));
  return { map: new SourceMap(payload), payload, mapDir: resolve(file, '..') };
}

/** The source line a position is on, trimmed and bounded, from the map's own copy of the sources. */
function sourceLine(payload, source, line) {
  const index = payload.sources.indexOf(source);
  const text = index >= 0 ? payload.sourcesContent?.[index]?.split('\n')[line]?.trim() : undefined;
  return text ? `: ${text.length > 100 ? `${text.slice(0, 97)}...` : text}` : '';
}

/**
 * Each frame in our bundle (not `node:` internals, not node_modules) with its source position and line added:
 * `at Ln (/var/task/handlers/ZF1.js:2:11252)` becomes `at Ln (/var/task/handlers/ZF1.js:2:11252) ->
 * src/runtime/webhook.ts:62:17: const reply = new Twilio.Response();`. A frame whose file is a built function
 * (dist/functions/leg-status.protected.js) is read with that function's map; any other with `functionName`'s.
 * Lines without a position pass unchanged.
 */
function mapStackTrace(text, { functionName, functionsDir = FUNCTIONS_DIR, root = ROOT } = {}) {
  const functions = builtFunctions(functionsDir);
  const loaded = new Map();
  const mapFor = (name) => {
    if (!functions.has(name)) return undefined;
    if (!loaded.has(name)) loaded.set(name, loadMap(functions.get(name)));
    return loaded.get(name);
  };
  return text
    .split('\n')
    .map((line) =>
      line.replace(FRAME, (whole, _open, file, lineText, columnText, _close) => {
        if (file.startsWith('node:') || file.includes('node_modules')) return whole;
        const own = basename(file)
          .replace(/\.js$/, '')
          .replace(/\.protected$/, '');
        const source = mapFor(functions.has(own) ? own : functionName);
        if (!source) return whole;
        // Stack traces count lines and columns from 1; source maps from 0.
        const entry = source.map.findEntry(Number(lineText) - 1, Number(columnText) - 1);
        if (!entry || entry.originalSource === undefined) return whole;
        const where = relative(root, resolve(source.mapDir, entry.originalSource));
        return `${whole} -> ${where}:${entry.originalLine + 1}:${entry.originalColumn + 1}${sourceLine(source.payload, entry.originalSource, entry.originalLine)}`;
      }),
    )
    .join('\n');
}

function main(argv) {
  const [functionName, file] = argv;
  const functions = builtFunctions();
  if (!functionName || functionName.startsWith('-') || !functions.has(functionName)) {
    const known = [...functions.keys()].join(', ') || 'none: run npm run build (from the deployed commit) first';
    process.stderr.write(
      `usage: npm run stack -- FUNCTION [FILE]  (a stack trace on standard input or in FILE)\nFUNCTION: the function whose log the trace is from; built: ${known}\n`,
    );
    return 1;
  }
  const text = file ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  process.stdout.write(mapStackTrace(text, { functionName }));
  if (!text.endsWith('\n')) process.stdout.write('\n');
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { mapStackTrace, builtFunctions };
