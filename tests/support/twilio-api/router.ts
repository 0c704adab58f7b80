// The front door of the test Twilio API: `/sync/…` goes to the Sync Prism and `/api/…` to the 2010-04-01 Prism,
// each with its product prefix stripped. Every answer Prism makes up itself (422 for a request the description
// refuses, 401, 404 for an undescribed path, 500 for a response the description refuses) is recorded as a
// contract violation; Prism's warnings (e.g. an undocumented error status) are kept apart.
import { type IncomingMessage, type Server, type ServerResponse, Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CORRELATION_HEADER, PRODUCT_HEADER } from './double';
import type { Product } from './faults';

const PRISM_ERROR = 'https://stoplight.io/prism/errors#';

export interface ValidationIssue {
  location?: string[];
  severity?: string;
  code?: string | number;
  message: string;
}

export interface ContractViolation {
  method: string;
  /** The path as the client sent it, product first: /api/2010-04-01/Accounts/AC…/Messages.json */
  path: string;
  status: number;
  /** Prism's error type, without its URL prefix: UNPROCESSABLE_ENTITY, VIOLATIONS, NO_PATH_MATCHED_ERROR, UNAUTHORIZED, FetchError… */
  type: string;
  title: string;
  detail?: string;
  validation: ValidationIssue[];
  /** The request body as sent (form text), for the failure message. */
  body: string;
}

export interface ContractWarning {
  method: string;
  path: string;
  status: number;
  issues: ValidationIssue[];
}

export interface FrontRouterOptions {
  /** Prism port per product. */
  upstreams: Record<Product, number>;
  /** Added to every request sent on (the shared Prism's relay reads the double's port from one). */
  headers?: Record<string, string>;
  /** Asked whether the double dropped a request, so the router drops the client's connection too. */
  wasDropped: (correlationId: string) => boolean;
}

export class FrontRouter {
  private readonly found: ContractViolation[] = [];
  private readonly warned: ContractWarning[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly agent = new Agent({ keepAlive: true });
  private nextCorrelation = 1;

  private constructor(
    private readonly server: Server,
    private readonly options: FrontRouterOptions,
  ) {}

  static async start(options: FrontRouterOptions): Promise<FrontRouter> {
    let router: FrontRouter | undefined;
    const server = createServer((req, res) => router!.forward(req, res));
    router = new FrontRouter(server, options);
    server.on('connection', (socket) => {
      router!.sockets.add(socket);
      socket.on('close', () => router!.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return router;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  violations(): readonly ContractViolation[] {
    return this.found;
  }

  warnings(): readonly ContractWarning[] {
    return this.warned;
  }

  clear(): void {
    this.found.length = 0;
    this.warned.length = 0;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    await closed;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    const fullPath = req.url ?? '/';
    const match = /^\/(sync|api|verify|serverless|pricing)(\/[^?]*)?(\?.*)?$/.exec(fullPath);
    if (!match) {
      this.answerUnknownProduct(method, fullPath, res);
      return;
    }
    const product = match[1] as Product;
    const path = `${match[2] ?? '/'}${match[3] ?? ''}`;
    const correlation = String(this.nextCorrelation++);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: this.options.upstreams[product],
          method,
          path,
          agent: this.agent,
          headers: {
            ...req.headers,
            ...this.options.headers,
            host: `127.0.0.1:${this.options.upstreams[product]}`,
            [CORRELATION_HEADER]: correlation,
            [PRODUCT_HEADER]: product,
          },
        },
        (answer) => this.relay(answer, { method, fullPath, correlation, body: body.toString('utf8') }, res),
      );
      upstream.on('error', (error) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`front router: Prism (${product}) failed: ${error.message}`);
        }
      });
      // The client gave up (its deadline): give up upstream too.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    });
  }

  private relay(
    answer: IncomingMessage,
    request: { method: string; fullPath: string; correlation: string; body: string },
    res: ServerResponse,
  ): void {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('error', () => res.destroy());
    answer.on('end', () => {
      const payload = Buffer.concat(chunks);
      const status = answer.statusCode ?? 502;
      const problem = prismProblem(answer, payload);
      if (problem && this.options.wasDropped(request.correlation)) {
        res.destroy(); // the double dropped the connection: so does the front door
        return;
      }
      if (problem) {
        this.found.push({
          method: request.method,
          path: request.fullPath,
          status,
          type: problem.type.startsWith(PRISM_ERROR) ? problem.type.slice(PRISM_ERROR.length) : problem.type,
          title: problem.title ?? '',
          ...(problem.detail ? { detail: problem.detail } : {}),
          validation: problem.validation ?? [],
          body: request.body,
        });
      } else {
        const issues = parseViolationsHeader(answer.headers['sl-violations']);
        if (issues.length > 0) this.warned.push({ method: request.method, path: request.fullPath, status, issues });
      }
      if (res.destroyed) return;
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      delete headers.connection;
      delete headers['keep-alive'];
      headers['content-length'] = String(payload.length);
      res.writeHead(status, headers).end(payload);
    });
  }

  private answerUnknownProduct(method: string, fullPath: string, res: ServerResponse): void {
    const message = `front router: ${fullPath} names no product this API serves (${Object.keys(this.options.upstreams).join(', ')})`;
    this.found.push({ method, path: fullPath, status: 404, type: 'UNKNOWN_PRODUCT', title: message, validation: [], body: '' });
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 20404, message, status: 404 }));
  }
}

interface PrismProblem {
  type: string;
  title?: string;
  detail?: string;
  validation?: ValidationIssue[];
}

/**
 * Prism's own problem+json answer (the double never answers problem+json), or undefined when the answer came
 * from the double. Its type is a stoplight.io URL for validation errors, or an error name (e.g. FetchError when
 * the double closed the connection).
 */
function prismProblem(answer: IncomingMessage, payload: Buffer): PrismProblem | undefined {
  if (!String(answer.headers['content-type'] ?? '').includes('application/problem+json')) return undefined;
  try {
    const body = JSON.parse(payload.toString('utf8')) as PrismProblem;
    return typeof body.type === 'string' ? body : { type: 'UNKNOWN', title: payload.toString('utf8') };
  } catch {
    return { type: 'UNKNOWN', title: payload.toString('utf8') };
  }
}

function parseViolationsHeader(value: string | string[] | undefined): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? (parsed as ValidationIssue[]) : [];
  } catch {
    return [{ message: value }];
  }
}
