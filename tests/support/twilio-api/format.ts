// Formats shared by the API double's resources: sids, Twilio's two date styles, form parameters, paging.
import { randomBytes } from 'node:crypto';
import { badRequest } from './errors';

/** A form or query parameter: repeated keys (MediaUrl=a&MediaUrl=b) become arrays, as Twilio reads them. */
export type Params = Record<string, string | string[]>;

export const newSid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

/** Sync style: 2015-07-30T20:00:00Z (ISO 8601, whole seconds). */
export const isoDate = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** API 2010 style: Thu, 30 Jul 2015 20:12:31 +0000 (RFC 2822). */
export const rfc2822Date = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');

export function parseParams(text: string): Params {
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = params[key];
    if (existing === undefined) params[key] = value;
    else params[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return params;
}

/** The single value of a parameter (the last one when repeated), or undefined. */
export function param(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function intParam(params: Params, name: string): number | undefined {
  const value = param(params, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`${name} must be an integer, got ${value}`, 20001);
  return Number(value);
}

export function boolParam(params: Params, name: string): boolean | undefined {
  const value = param(params, name)?.toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value !== 'true' && value !== 'false') throw badRequest(`${name} must be true or false, got ${value}`, 20001);
  return value === 'true';
}

export interface PageWindow<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasNext: boolean;
  start: number;
}

/** Twilio's Page/PageSize paging (PageToken is accepted and ignored: Page alone locates the window). */
export function pageOf<T>(all: readonly T[], query: Params): PageWindow<T> {
  const pageSize = Math.min(Math.max(intParam(query, 'PageSize') ?? 50, 1), 1000);
  const page = Math.max(intParam(query, 'Page') ?? 0, 0);
  const start = page * pageSize;
  return { items: all.slice(start, start + pageSize), page, pageSize, hasNext: start + pageSize < all.length, start };
}

/** The query string of one page, keeping the caller's filters (everything but the paging keys). */
export function pageQuery(query: Params, page: number, pageSize: number, token?: string): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'Page' || key === 'PageSize' || key === 'PageToken') continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  search.set('PageSize', String(pageSize));
  search.set('Page', String(page));
  if (token) search.set('PageToken', token);
  return search.toString();
}
