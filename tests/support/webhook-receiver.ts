// A local receiver of call events for tests, as a customer's endpoint would be written: it verifies each
// request's Standard Webhooks signature with the standardwebhooks library (the receivers' own library) and
// answers 401 to anything it cannot verify. A test can make it answer with another status, or hold requests
// without answering (a slow receiver), and sees what it accepted and refused.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface ReceivedEvent {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The verified, parsed body. */
  event: { type: string; timestamp: string; data: Record<string, unknown> };
}

export interface RefusedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  reason: string;
}

export type ReceiverBehaviour = { kind: 'accept' } | { kind: 'status'; status: number } | { kind: 'hold' };

/** A fresh Standard Webhooks secret (never a fixed one: secrets stay out of the repo). */
export function newWebhookSecret(bytes = 32): string {
  return `whsec_${randomBytes(bytes).toString('base64')}`;
}

export class WebhookReceiver {
  readonly accepted: ReceivedEvent[] = [];
  readonly refused: RefusedRequest[] = [];
  /** Requests that arrived while holding (answered only when the receiver stops). */
  readonly held: { path: string; body: string }[] = [];
  behaviour: ReceiverBehaviour = { kind: 'accept' };
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly secret: string,
  ) {}

  static async start(secret = newWebhookSecret()): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server, secret);
    server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        if (receiver.behaviour.kind === 'hold') {
          receiver.held.push({ path, body });
          return; // never answered
        }
        let event: ReceivedEvent['event'];
        try {
          event = new Webhook(receiver.secret).verify(body, req.headers as Record<string, string>) as ReceivedEvent['event'];
        } catch (error) {
          const reason = error instanceof WebhookVerificationError ? error.message : String(error);
          receiver.refused.push({ path, headers: req.headers, body, reason });
          res.writeHead(401, { 'content-type': 'text/plain' }).end(`refused: ${reason}`);
          return;
        }
        if (receiver.behaviour.kind === 'status') {
          res.writeHead(receiver.behaviour.status, { 'content-type': 'text/plain' }).end('not now');
          return;
        }
        receiver.accepted.push({ path, headers: req.headers, body, event });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The receiver's URL on 127.0.0.1 (http: allowed only while the functions are served locally). */
  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  clear(): void {
    this.accepted.length = 0;
    this.refused.length = 0;
    this.held.length = 0;
    this.behaviour = { kind: 'accept' };
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
