// Child process that runs several Prism proxies side by side, each `prism proxy DOCUMENT UPSTREAM --errors` on
// its own 127.0.0.1 port, through the function the Prism CLI's proxy command itself calls. One Node process
// instead of one per document halves start-up: loading Prism's modules is most of it (about 1.8 s here).
// argv[2]: JSON [{ "document": path, "upstream": url, "port": number }]. Prints READY_LINE once all listen.
'use strict';

// Pinned with @stoplight/prism-cli 5.14.2 (package.json): the CLI's own server factory.
const { createSingleProcessPrism } = require('@stoplight/prism-cli/dist/util/createServer');

const READY_LINE = 'prism-launcher: ready';

async function main() {
  const proxies = JSON.parse(process.argv[2] || '[]');
  if (!Array.isArray(proxies) || proxies.length === 0) throw new Error('no proxies given');
  await Promise.all(
    proxies.map((proxy) =>
      // The options `prism proxy` passes (see prism-cli dist/commands/proxy.js) with --errors on.
      createSingleProcessPrism({
        document: proxy.document,
        upstream: new URL(proxy.upstream),
        host: '127.0.0.1',
        port: proxy.port,
        errors: true,
        validateRequest: true,
        cors: true,
        multiprocess: false,
        verboseLevel: 'error',
      }),
    ),
  );
  process.stdout.write(`\n${READY_LINE}\n`);
}

main().catch((error) => {
  process.stderr.write(`prism-launcher: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
