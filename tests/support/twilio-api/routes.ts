// The API double's request/response types and a small route table keyed by the OpenAPI path templates.
import type { IncomingHttpHeaders } from 'node:http';
import type { Product } from './faults';
import type { Params } from './format';

/** One request as the double's handlers see it: product prefix removed, body and query parsed. */
export interface DoubleRequest {
  id: number;
  method: string;
  product: Product;
  /** Path within the product, as in the OpenAPI description: /v1/Services/IS…/Documents */
  path: string;
  query: Params;
  body: Params;
  headers: IncomingHttpHeaders;
  /** The account from Basic auth (the username), if any. */
  authUser: string | undefined;
  /** The double's time when the request arrived (ms since epoch). */
  now: number;
}

export interface DoubleResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type PathParams = Record<string, string>;
export type Handler = (request: DoubleRequest, params: PathParams) => DoubleResponse;

interface Route {
  method: string;
  regex: RegExp;
  names: string[];
  handler: Handler;
}

export type RouteMatch = { handler: Handler; params: PathParams } | { methodNotAllowed: true } | undefined;

/** Routes written as OpenAPI templates: `/v1/Services/{ServiceSid}/Documents/{Sid}`. Earlier routes win. */
export class RouteTable {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('');
    this.routes.push({ method: method.toUpperCase(), regex: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  find(method: string, path: string): RouteMatch {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.regex.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: PathParams = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { handler: route.handler, params };
    }
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }
}
