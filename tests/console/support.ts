// Shared by the console's test files: a configuration with two workspaces (the sample's Acme Plumbing, and Birch
// Dental with a user of its own), the functions served on it with the console's environment, and a cookie-keeping
// client that calls the console's functions as the page does.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInput } from '../../src/config/types';
import { SESSION_COOKIE } from '../../src/console/session';
import type { TwilioApi } from '../support/twilio-api/index';
import { ROOT, startFunctions, type FunctionsServer } from '../support/twilio-run';

export const ACME_ADMIN = '+15550100002'; // alice, admin of acme in the sample
export const ACME_USER = '+15550100004'; // dan, a user of acme
export const BIRCH_ADMIN = '+15550100300'; // erin, admin of birch
export const BIRCH_USER = '+15550100301'; // fay, a user of birch
export const AGENCY_ADMIN = '+15550100999';
export const STRANGER = '+15550100777';
export const LOGIN_TOKEN = 'local-login-token-for-the-console-tests';
export const SESSION_SECRET = 'console-session-secret-for-the-tests-0123456789';
export const VERIFY_SERVICE_SID = `VA${'1'.repeat(32)}`;
export const API_KEY_SID = `SK${'2'.repeat(32)}`;
export const API_KEY_SECRET = 'api-key-secret-for-the-console-tests';
export const TWIML_APP_SID = `AP${'3'.repeat(32)}`;

export function twoWorkspaces(): BundleInput {
  const sample = JSON.parse(readFileSync(join(ROOT, 'assets', 'sample-config.private.json'), 'utf8')) as BundleInput;
  const dan = sample.workspaces[0]!.users!.find((user) => user.id === 'dan')!;
  dan.role = 'user';
  dan.webApp = true;
  sample.workspaces.push({
    id: 'birch',
    name: 'Birch Dental',
    users: [
      { id: 'erin', name: 'Erin Park', phone: BIRCH_ADMIN, role: 'admin', webApp: true },
      { id: 'fay', name: 'Fay Lund', phone: BIRCH_USER, role: 'user' },
    ],
    numbers: [{ number: '+15550100400', name: 'Front desk', forwardingNumber: '+15550100401' }],
  });
  return sample;
}

/** Writes the configuration to a fresh temporary file and returns its path. */
export function configFile(bundle: BundleInput = twoWorkspaces()): string {
  const file = join(mkdtempSync(join(tmpdir(), 'console-config-')), 'bundle.json');
  writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
  return file;
}

/** The functions, serving `file`, with everything the console needs; Twilio's APIs are the double's. `extra` adds variables. */
export function startConsoleFunctions(api: TwilioApi, file: string, extra: Record<string, string> = {}): Promise<FunctionsServer> {
  return startFunctions({
    CONFIG_FILE: file,
    ACCOUNT_SID: api.accountSid,
    AUTH_TOKEN: api.authToken,
    TWILIO_API_BASE_URL: api.baseUrl,
    CONSOLE_SESSION_SECRET: SESSION_SECRET,
    CONSOLE_LOGIN_TOKEN: LOGIN_TOKEN,
    CONSOLE_ADMINS: AGENCY_ADMIN,
    VERIFY_SERVICE_SID,
    API_KEY_SID,
    API_KEY_SECRET,
    TWIML_APP_SID,
    ...extra,
  });
}

export interface ConsoleAnswer {
  status: number;
  body: Record<string, unknown>;
  setCookie: string | null;
}

/** Calls the console's functions as its page does, keeping the session cookie as a browser would. */
export class ConsoleClient {
  /** The session cookie's value. */
  cookie: string | null = null;
  /** Every other cookie the functions set (the sign-in cookie), by name. */
  readonly otherCookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async call(name: string, params: Record<string, string> = {}, options: { header?: boolean } = {}): Promise<ConsoleAnswer> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.header !== false) headers['X-Console-Request'] = '1';
    const cookies = [...(this.cookie ? [[SESSION_COOKIE, this.cookie]] : []), ...this.otherCookies].map(
      ([key, value]) => `${key}=${value}`,
    );
    if (cookies.length) headers.Cookie = cookies.join('; ');
    const response = await fetch(`${this.baseUrl}/${name}`, { method: 'POST', headers, body: JSON.stringify(params), redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    this.keep(setCookie);
    this.keepOthers(response.headers.getSetCookie());
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: response.status, body, setCookie };
  }

  /** GETs the local sign-in link, as a browser following it would. */
  async openLocalLink(token: string): Promise<{ status: number; location: string | null; setCookie: string | null }> {
    const response = await fetch(`${this.baseUrl}/console-login?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    this.keep(setCookie);
    return { status: response.status, location: response.headers.get('location'), setCookie };
  }

  /** Signs in with a phone and the code the API double "texted" to it. */
  async signIn(api: TwilioApi, phone: string): Promise<ConsoleAnswer> {
    const sent = await this.call('console-send-code', { phone });
    if (sent.status !== 200) return sent;
    const code = api.double.verify.lastCode(phone);
    return this.call('console-sign-in', { phone, code: code ?? '000000' });
  }

  private keepOthers(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const key = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (at < 0 || key === SESSION_COOKIE) continue;
      if (value && !/Max-Age=0\b/i.test(line)) this.otherCookies.set(key, value);
      else this.otherCookies.delete(key);
    }
  }

  private keep(setCookie: string | null): void {
    const match = setCookie ? new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie) : null;
    if (match) this.cookie = match[1] || null;
  }
}
