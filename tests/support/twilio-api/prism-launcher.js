// Child process that runs the Prism proxies for one test process (a jest worker), each
// `prism proxy DOCUMENT UPSTREAM --errors` on its own 127.0.0.1 port, through the function the Prism CLI's proxy
// command itself calls, plus the relay they all forward to. One Node process for every document and every test
// file of the worker: loading Prism's modules is most of a start (about 1.8 s here), so it is done once.
//
// The relay lets one Prism serve a different API double per test file: the front router names the double's port
// in a header on each request, Prism forwards that header with the request, and the relay passes the request on
// to that port, answer and all (a dropped connection stays dropped, a hung request stays hung).
//
// argv[2]: JSON { "proxies": [{ "document": path, "port": number }], "removeOnExit": [path] }. Sends
// { ready: true } over IPC once all listen, then closes the channel. Exits when its parent does (stdin closes),
// so it never outlives the tests, and removes the files named (its registration and log).

const { rmSync } = require('node:fs');
const http = require('node:http');
// Pinned with @stoplight/prism-cli 5.14.2 (package.json): the CLI's own server factory.
const { createSingleProcessPrism } = require('@stoplight/prism-cli/dist/util/createServer');

/** Header naming the API double's port; kept in sync with DOUBLE_PORT_HEADER in prism.ts. */
const DOUBLE_PORT_HEADER = 'x-twilio-double-port';

function startRelay() {
  const relay = http.createServer((req, res) => {
    const port = Number(req.headers[DOUBLE_PORT_HEADER]);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`prism relay: no valid ${DOUBLE_PORT_HEADER} header`);
      return;
    }
    // A connection per request (agent: false): a kept-alive socket the double is closing could fail a request.
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('aborted', () => res.destroy());
        answer.on('error', () => res.destroy());
      },
    );
    // The double dropped the connection (or is gone): drop Prism's too, so Prism reports it as it would have.
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(0, '127.0.0.1', () => resolve(relay.address().port));
  });
}

const { proxies, removeOnExit = [] } = JSON.parse(process.argv[2] || '{}');

async function main() {
  if (!Array.isArray(proxies) || proxies.length === 0) throw new Error('no proxies given');
  const relayPort = await startRelay();
  await Promise.all(
    proxies.map((proxy) =>
      // The options `prism proxy` passes (see prism-cli dist/commands/proxy.js) with --errors on.
      createSingleProcessPrism({
        document: proxy.document,
        upstream: new URL(`http://127.0.0.1:${relayPort}`),
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
  process.send({ ready: true }, () => process.disconnect());
}

// The parent holds the other end of stdin: when it exits, for whatever reason, so does this process.
function parentGone() {
  for (const file of removeOnExit) rmSync(file, { force: true });
  process.exit(0);
}
process.stdin.on('end', parentGone);
process.stdin.on('error', parentGone);
process.stdin.resume();

main().catch((error) => {
  process.stderr.write(`prism-launcher: ${error?.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
