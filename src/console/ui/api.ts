// The console page's calls to its functions: same-origin POSTs with the session cookie (which scripts cannot read)
// and the console's request header, answered with JSON. A 401 means the session is gone: back to sign-in.
import type { Workspace } from '../../config/schema';

export interface ConsoleProblem {
  path: string;
  message: string;
}

export interface MeWorkspace {
  id: string;
  name: string;
  role: 'admin' | 'user';
  user: string | null;
  users: { id: string; name: string }[];
}

export interface Me {
  subject: string;
  agency: boolean;
  expiresAt: string;
  workspaces: MeWorkspace[];
  configuration: { source: string; readOnly: string | null };
  phone: { available: boolean };
}

export interface SettingsResponse {
  workspace: Workspace;
  revision: string;
  canEdit: boolean;
  readOnly: string | null;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/** POSTs `params` as JSON to /<name>; resolves the JSON answer, or rejects with an ApiError. */
export async function call<T>(name: string, params: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`/${name}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Console-Request': '1' },
    body: JSON.stringify(params),
  });
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (response.status === 401 && name !== 'console-sign-in') onSignedOut();
  if (!response.ok)
    throw new ApiError(response.status, typeof body.error === 'string' ? body.error : `The console answered ${response.status}.`, body);
  return body as T;
}
