// A local, stateful stand-in for Twilio's REST API (Sync v1 and the 2010-04-01 API) for tests: plain node:http
// on 127.0.0.1 and a free port, Twilio's JSON shapes and error bodies, form-encoded requests, an injectable
// clock for TTLs, fault injection, and a record of every request. Production code never talks to it directly:
// the client module points at it through TWILIO_API_BASE_URL (see ./index.ts, which puts Prism in front).
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Api2010State, type MessageRecord } from './api2010';
import { Clock } from './clock';
import { TwilioApiError, notFound } from './errors';
import { type FaultKind, FaultRegistry, type Product } from './faults';
import { type Params, newSid, parseParams } from './format';
import { SyncRateLimiter, syncObjectOf } from './rate-limits';
import { type DoubleRequest, type DoubleResponse, RouteTable } from './routes';
import { SyncState } from './sync';
import { PricingState } from './pricing';
import { ServerlessState } from './serverless';
import { VerifyState } from './verify';

/**
 * Header the front router sets with the product a request went to: Serverless and Sync paths both start /v1/, and
 * Prism forwards the path without its product.
 */
export const PRODUCT_HEADER = 'x-twilio-double-product';

/** Header the front router sets so the double can tell it which request it dropped. */
export const CORRELATION_HEADER = 'x-twilio-double-correlation';

const MAX_BODY_BYTES = 1024 * 1024;

export interface RecordedRequest {
  id: number;
  /** Double time (ms since epoch) when it arrived. */
  at: number;
  method: string;
  product: Product;
  /** Path within the product: /v1/Services/IS…/Documents, /2010-04-01/Accounts/AC…/Messages.json */
  path: string;
  query: Params;
  /** The form body, parsed (repeated keys as arrays). */
  params: Params;
  headers: Record<string, string | string[] | undefined>;
  /** The status answered; undefined while pending or when a fault hung or dropped it. */
  status?: number;
  fault?: FaultKind;
  /** The Sync object it counted against (Sync only), as the rate limits see it. */
  syncObject?: string;
  /** Refused with 429 / 54009 by the rate limits. */
  rateLimited?: boolean;
}

export interface RequestFilter {
  product?: Product;
  method?: string;
  /** RegExp or substring tested on the product-relative path. */
  path?: RegExp | string;
}

export interface TwilioApiDoubleOptions {
  /** The account the double answers for when a request's Basic auth user is not an AC sid. */
  accountSid?: string;
}

/** The running double. Start it with `TwilioApiDouble.start()`, stop it with `stop()`. */
export class TwilioApiDouble {
  readonly clock = new Clock();
  readonly faults = new FaultRegistry();
  /** Sync's per-object rate limits; off until a test calls `rateLimits.enable()`. */
  readonly rateLimits = new SyncRateLimiter();
  readonly sync: SyncState;
  readonly api: Api2010State;
  readonly verify: VerifyState;
  readonly serverless: ServerlessState;
  readonly pricing: PricingState;
  readonly accountSid: string;

  private readonly routes = new RouteTable();
  /** Serverless's own table: its /v1/ paths would otherwise meet Sync's. */
  private readonly serverlessRoutes: RouteTable;
  /** Pricing's own table: its /v1/ paths would otherwise meet Sync's too. */
  private readonly pricingRoutes: RouteTable;
  private readonly recorded: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly droppedCorrelations = new Set<string>();
  private readonly failures: Error[] = [];
  private nextId = 1;
  private server: Server | undefined;

  private constructor(options: TwilioApiDoubleOptions) {
    this.accountSid = options.accountSid ?? newSid('AC');
    this.sync = new SyncState(() => this.accountSid);
    this.api = new Api2010State(() => this.accountSid);
    this.sync.register(this.routes);
    this.api.register(this.routes);
    this.verify = new VerifyState(() => this.accountSid);
    this.verify.register(this.routes);
    this.serverless = new ServerlessState(() => this.accountSid);
    this.serverlessRoutes = new RouteTable();
    this.serverless.register(this.serverlessRoutes);
    this.pricing = new PricingState();
    this.pricingRoutes = new RouteTable();
    this.pricing.register(this.pricingRoutes);
  }

  /** Starts a double on 127.0.0.1 and a free port. */
  static async start(options: TwilioApiDoubleOptions = {}): Promise<TwilioApiDouble> {
    const double = new TwilioApiDouble(options);
    await double.listen();
    return double;
  }

  get port(): number {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the Twilio API double is not running');
    return address.port;
  }

  /** Base URL of the double itself (no Prism in front): requests may carry /sync or /api first, or not. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Messages created so far, oldest first (they are recorded, never sent). */
  get messages(): readonly MessageRecord[] {
    return this.api.messages;
  }

  /** Messages created so far to this phone, oldest first. */
  messagesTo(to: string): MessageRecord[] {
    return this.api.messages.filter((message) => message.to === to);
  }

  /** Requests received so far, oldest first, optionally filtered. */
  requests(filter: RequestFilter = {}): RecordedRequest[] {
    return this.recorded.filter((r) => {
      if (filter.product && r.product !== filter.product) return false;
      if (filter.method && r.method !== filter.method.toUpperCase()) return false;
      if (typeof filter.path === 'string' && !r.path.includes(filter.path)) return false;
      if (filter.path instanceof RegExp && !filter.path.test(r.path)) return false;
      return true;
    });
  }

  requestCount(filter: RequestFilter = {}): number {
    return this.requests(filter).length;
  }

  /** Requests per product, e.g. `{ sync: 3, api: 1 }`. */
  countsByProduct(): Record<Product, number> {
    const counts = { sync: 0, api: 0 } as Record<Product, number>; // verify appears once it has been called
    for (const r of this.recorded) counts[r.product] = (counts[r.product] ?? 0) + 1;
    return counts;
  }

  clearRequests(): void {
    this.recorded.length = 0;
  }

  /** Unexpected exceptions inside the double's handlers (a bug in the double, not a Twilio error). */
  internalErrors(): readonly Error[] {
    return this.failures;
  }

  /** True when the double dropped the connection of the request the router tagged with this id. */
  wasDropped(correlationId: string): boolean {
    return this.droppedCorrelations.has(correlationId);
  }

  /** Stops listening and closes every connection, including hung ones. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.fail(res, error));
    });
    server.keepAliveTimeout = 1000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://double.invalid');
    const located = locate(url.pathname, req.headers[PRODUCT_HEADER]);
    const method = (req.method ?? 'GET').toUpperCase();
    const request: DoubleRequest = {
      id: this.nextId++,
      method,
      product: located?.product ?? 'api',
      path: located?.path ?? url.pathname,
      query: parseParams(url.search),
      body: parseParams(text),
      headers: req.headers,
      authUser: basicUser(req.headers.authorization),
      now: this.clock.now(),
    };
    const record: RecordedRequest = {
      id: request.id,
      at: request.now,
      method,
      product: request.product,
      path: request.path,
      query: request.query,
      params: request.body,
      headers: { ...req.headers },
    };
    this.recorded.push(record);

    const fault = this.faults.take({ method, product: request.product, path: `/${request.product}${request.path}`, params: request.body });
    if (fault && fault !== 'applied-then-drop') {
      record.fault = fault;
      this.applyFault(fault, req, res, record);
      return;
    }
    const access =
      request.product === 'sync'
        ? syncObjectOf(method, request.path, (service, collection, sidOrName) =>
            this.sync.objectSid(service, collection, sidOrName, request.now),
          )
        : undefined;
    if (access) record.syncObject = access.object;
    if (access && !this.rateLimits.admit(access, request.now)) {
      record.status = 429;
      record.rateLimited = true;
      send(res, { status: 429, body: new TwilioApiError(429, 54009, 'Rate limit exceeded').toBody() });
      return;
    }
    const response = this.respond(request, located !== undefined);
    record.status = response.status;
    if (fault) {
      record.fault = fault;
      this.applyFault(fault, req, res, record);
      return;
    }
    send(res, response);
  }

  private respond(request: DoubleRequest, known: boolean): DoubleResponse {
    try {
      if (!request.authUser) throw new TwilioApiError(401, 20003, 'Authentication Error - No credentials provided');
      const match = known
        ? (request.product === 'serverless'
            ? this.serverlessRoutes
            : request.product === 'pricing'
              ? this.pricingRoutes
              : this.routes
          ).find(request.method, request.path)
        : undefined;
      if (!match) throw notFound(request.path);
      if ('methodNotAllowed' in match) throw new TwilioApiError(405, 20004, `Method ${request.method} not allowed`);
      return match.handler(request, match.params);
    } catch (error) {
      if (error instanceof TwilioApiError) return { status: error.status, body: error.toBody() };
      this.failures.push(error instanceof Error ? error : new Error(String(error)));
      return { status: 500, body: new TwilioApiError(500, 20500, `API double failure: ${String(error)}`).toBody() };
    }
  }

  private applyFault(fault: FaultKind, req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void {
    switch (fault) {
      case 'server-error':
        record.status = 500;
        send(res, { status: 500, body: new TwilioApiError(500, 20500, 'Internal Server Error').toBody() });
        return;
      case 'rate-limit':
        record.status = 429;
        send(res, { status: 429, body: new TwilioApiError(429, 54009, 'Rate limit exceeded').toBody() });
        return;
      case 'hang':
        return; // never answered; stop() destroys the socket
      case 'drop':
      case 'applied-then-drop': {
        const correlation = req.headers[CORRELATION_HEADER];
        if (typeof correlation === 'string') this.droppedCorrelations.add(correlation);
        req.socket.destroy();
        return;
      }
    }
  }

  private fail(res: ServerResponse, error: unknown): void {
    this.failures.push(error instanceof Error ? error : new Error(String(error)));
    if (!res.headersSent) send(res, { status: 500, body: new TwilioApiError(500, 20500, String(error)).toBody() });
  }
}

/**
 * `/sync/v1/…` or `/v1/…` -> sync; `/api/2010-04-01/…` or `/2010-04-01/…` -> api; `/verify/v2/…` or `/v2/…` -> verify;
 * `/serverless/v1/…` or `/pricing/v1/…`, or `/v1/…` with the router's product header saying serverless or pricing -> that.
 */
function locate(pathname: string, productHeader?: string | string[]): { product: Product; path: string } | undefined {
  const prefixed = /^\/(sync|api|verify|serverless|pricing)(\/.*)$/.exec(pathname);
  const byHeader = productHeader === 'serverless' || productHeader === 'pricing' ? productHeader : undefined;
  const product = (prefixed?.[1] ?? byHeader) as Product | undefined;
  const path = prefixed?.[2] ?? pathname;
  if (product === 'serverless' || product === 'pricing') return path.startsWith('/v1/') ? { product, path } : undefined;
  if (path.startsWith('/v1/') || path === '/v1') return product === 'api' ? undefined : { product: 'sync', path };
  if (path.startsWith('/2010-04-01/')) return product === 'sync' ? undefined : { product: 'api', path };
  if (path.startsWith('/v2/')) return product === undefined || product === 'verify' ? { product: 'verify', path } : undefined;
  return undefined;
}

function basicUser(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const user = Buffer.from(match[1]!, 'base64').toString('utf8').split(':')[0];
  return user || undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TwilioApiError(413, 20001, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, response: DoubleResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  if (Buffer.isBuffer(response.body)) {
    // Media (a recording's audio): the bytes as they are, with the handler's Content-Type.
    headers['Content-Length'] = String(response.body.length);
    res.writeHead(response.status, headers).end(response.body);
    return;
  }
  const payload = JSON.stringify(response.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers).end(payload);
}
