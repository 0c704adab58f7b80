// The edge between a console function and src/console: reads the environment, the session cookie and the request
// once, refuses what the session does not allow, runs one action and answers JSON (or a redirect). The rules every
// console function follows are here, once:
// - no valid session (missing, forged, expired or signed out): 401, unless the action is a sign-in step;
// - a workspace the session may not open: 403, and the workspace's data is never read;
// - a write without the admin role in that workspace, or any change (a write, sign-out) without the console's request
//   header (a form or image on another site cannot set it): 403, nothing written.
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import type { AssetMap } from '../runtime/bundle-configuration-source';
import { readEnv, type Env } from '../runtime/env';
import { createStepLog, describeError, type StepLog } from '../log/step-log';
import { placementOf } from '../runtime/placement';
import { servicesFor, type Services } from '../runtime/services';
import { functionsBaseUrl } from '../runtime/webhook';
import { confirmMembership, membershipOf, type Membership, type WorkspaceUsers } from './access';
import { SESSION_COOKIE, cookieAttributes, isRevoked, readSession, withMemberships, type SessionClaims } from './session';
import { SIGN_IN_COOKIE } from './sign-in-source';
import { GREETING_MAX_BASE64 } from './greeting-audio';

/** The header every console page request carries; a cross-site form or image cannot send it. */
export const CONSOLE_REQUEST_HEADER = 'x-console-request';

export type Access =
  /** Sign-in steps: no session needed. */
  | { session: 'none' }
  /** Any signed-in user (no workspace involved); `changes`: it changes something (sign-out), so it needs the console's header. */
  | { session: 'any'; changes?: boolean }
  /**
   * A member of the workspace named by the `workspace` parameter; `admin` for writes. `changes`: a change any member
   * may make (their own do not disturb), so it needs the console's header like an admin's write.
   */
  | { session: 'workspace'; role: 'user' | 'admin'; changes?: boolean };

export interface ConsoleRequest {
  params: Readonly<Record<string, string>>;
  env: Env;
  now: Date;
  log: StepLog;
  services: Services;
  assets: () => AssetMap;
  /** The request's cookies (the session's is read already, as `session`). */
  cookies: Readonly<Record<string, string>>;
  /** The host the request came to, e.g. "localhost:3000" or "call-routing-1234-dev.twil.io". */
  domain: string;
  /** Served locally by twilio-run (runtime/placement): cookies are not marked Secure; the local link works. */
  local: boolean;
  session: SessionClaims | null;
  /** The membership that let this request in (workspace actions only). */
  membership: Membership | null;
  /** The membership checked against the configuration as it is now (call with the workspace once read). */
  confirm(workspace: WorkspaceUsers): Membership | null;
}

export interface ConsoleReply {
  status?: number;
  json?: unknown;
  /** A 302 to this path instead of JSON. */
  redirect?: string;
  /** Sets the session cookie to this token, for this many seconds; null clears it. */
  cookie?: { token: string; maxAgeSeconds: number } | null;
  /** Sets the sign-in cookie (sign-in-source.ts) the same way. */
  signInCookie?: { token: string; maxAgeSeconds: number } | null;
}

export type ConsoleAction = (request: ConsoleRequest) => ConsoleReply | Promise<ConsoleReply>;

export interface ConsoleHandlerOptions {
  clock?: () => Date;
  assets?: () => AssetMap;
}

const MAX_PARAM_LENGTH = 64 * 1024;
/** Parameters that may be longer: a greeting's audio as base64 (cut one past its limit, so the action sees it was over). */
const LONG_PARAMS: Readonly<Record<string, number>> = { audio: GREETING_MAX_BASE64 + 1 };

/** Request fields as strings (JSON bodies and forms alike); `request` (headers and cookies) is not a parameter. */
function stringParams(event: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'request') continue;
    if (typeof value === 'string') params[key] = value.slice(0, LONG_PARAMS[key] ?? MAX_PARAM_LENGTH);
    else if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
  }
  return params;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const value = headers[name] ?? headers[name.toLowerCase()] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
}

function respond(reply: ConsoleReply, local: boolean) {
  const response = new Twilio.Response();
  response.appendHeader('Cache-Control', 'no-store');
  for (const [name, cookie] of [
    [SESSION_COOKIE, reply.cookie],
    [SIGN_IN_COOKIE, reply.signInCookie],
  ] as const) {
    if (cookie === undefined) continue;
    if (cookie === null) response.setCookie(name, '', cookieAttributes(0, !local));
    else response.setCookie(name, cookie.token, cookieAttributes(cookie.maxAgeSeconds, !local));
  }
  if (reply.redirect) {
    response.setStatusCode(302);
    response.appendHeader('Location', reply.redirect);
    response.appendHeader('Content-Type', 'text/plain; charset=utf-8');
    response.setBody(`See ${reply.redirect}`);
    return response;
  }
  response.setStatusCode(reply.status ?? 200);
  response.appendHeader('Content-Type', 'application/json');
  response.setBody((reply.json ?? {}) as object);
  return response;
}

/** Whether the action writes (a workspace's admin actions, a user's own do not disturb, sign-out): then only the console's own page may ask. */
const changesSomething = (access: Access): boolean =>
  access.session === 'workspace' ? access.role === 'admin' || access.changes === true : access.session === 'any' && access.changes === true;

/** A refusal the page shows: the status and a sentence for a person. */
export const refuse = (status: number, error: string): ConsoleReply => ({ status, json: { error } });

/** Wraps one console action as a Twilio Function handler. */
export function consoleHandler(
  name: string,
  access: Access,
  action: ConsoleAction,
  options: ConsoleHandlerOptions = {},
): ServerlessFunctionSignature {
  const clock = options.clock ?? (() => new Date());
  const assets = options.assets ?? (() => Runtime.getAssets() as AssetMap);
  return async (context: Context, event: Record<string, unknown>, callback: ServerlessCallback) => {
    const log = createStepLog(name);
    const domain = String(context.DOMAIN_NAME ?? '');
    const placement = placementOf(context);
    const local = !placement.deployed;
    const request = (event.request ?? {}) as { headers?: Record<string, unknown>; cookies?: Record<string, unknown> };
    try {
      const env = readEnv(context as unknown as Record<string, unknown>, { placement, notice: (message) => log.warn(message) });
      const now = clock();
      const params = stringParams(event);
      // With the functions' own base URL, so a Send Test asks for its delivery report like every text.
      const services = servicesFor(env, assets, process.cwd(), functionsBaseUrl(domain, placement));
      let session: SessionClaims | null = null;
      let membership: Membership | null = null;
      if (access.session !== 'none') {
        if (!env.CONSOLE_SESSION_SECRET)
          return callback(
            null,
            respond(refuse(503, 'The console is not set up: CONSOLE_SESSION_SECRET is not set (see .env.example).'), local),
          );
        const token = request.cookies?.[SESSION_COOKIE];
        session = readSession(env.CONSOLE_SESSION_SECRET, typeof token === 'string' ? token : undefined, now);
        if (session && (await isRevoked(services.state, session))) session = null;
        if (session) session = await withMemberships(services.state, session);
        if (!session) return callback(null, respond({ ...refuse(401, 'Sign in first.'), cookie: token ? null : undefined }, local));
        if (access.session === 'workspace') {
          membership = membershipOf(session, params.workspace ?? '');
          if (!membership) {
            log.warn(`refused ${session.sub} access to workspace "${(params.workspace ?? '').slice(0, 40)}"`);
            return callback(null, respond(refuse(403, 'You do not have access to that workspace.'), local));
          }
          if (access.role === 'admin' && membership.role !== 'admin')
            return callback(null, respond(refuse(403, 'Only an admin of this workspace can change it.'), local));
        }
        if (changesSomething(access) && !header(request.headers, CONSOLE_REQUEST_HEADER))
          return callback(null, respond(refuse(403, 'Changes must come from the console page.'), local));
      }
      const claims = session;
      const cookies = Object.fromEntries(
        Object.entries(request.cookies ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      const reply = await action({
        params,
        cookies,
        env,
        now,
        log,
        services,
        assets,
        domain,
        local,
        session,
        membership,
        confirm: (workspace) => (claims ? confirmMembership(claims, workspace) : null),
      });
      callback(null, respond(reply, local));
    } catch (error) {
      log.error('failed', error);
      callback(null, respond(refuse(500, `The console could not do that: ${describeError(error)}`), local));
    }
  };
}
