// A TwiML bin for the simulator's verb tests: serves fixed TwiML documents by path over HTTP, as any webhook
// host would, refuses a request whose X-Twilio-Signature is not Twilio's (checked by the twilio library), and
// keeps every request it got (path and parameters) so a test can read what the simulator sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface BinRequest {
  path: string;
  params: Record<string, string>;
}

export interface TwimlBin {
  baseUrl: string;
  requests: BinRequest[];
  stop(): Promise<void>;
}

/** Serves DOCUMENTS (path to the inside of a <Response>) signed-checked with AUTH_TOKEN, until stopped. */
export async function startTwimlBin(authToken: string, documents: Record<string, string>): Promise<TwimlBin> {
  const requests: BinRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const url = `http://${request.headers.host}${request.url}`;
      const path = new URL(url).pathname;
      requests.push({ path, params });
      const signature = String(request.headers['x-twilio-signature'] ?? '');
      if (request.method !== 'POST' || !twilio.validateRequest(authToken, signature, url, params)) {
        response.writeHead(403).end('bad signature');
        return;
      }
      const document = documents[path];
      if (document === undefined) {
        response.writeHead(404).end(`nothing at ${path}`);
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Response>${document}</Response>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
