// Read by twilio-run and by the Twilio CLI (`twilio serverless:start`, `twilio serverless:deploy`), which load
// this file on every command. The TypeScript in functions/ and src/ is bundled into dist/functions, which is
// what gets served and deployed; loading this file first rebuilds dist/ when it is missing or older than the
// sources, so no path serves or deploys a stale build (a failed build stops the command, saying what to run).
require('./scripts/build-stamp.cjs').ensureCurrentBuild();

module.exports = {
  functionsFolder: 'dist/functions',
  assetsFolder: 'assets',
  runtime: 'node22',
};
