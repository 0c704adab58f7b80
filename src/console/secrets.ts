// What the console's functions send of a workspace's secrets: never a secret itself. Each webhook's signing secret
// goes out as its stand-in (`kept:` and a fingerprint, secret-mask.ts), and for a plain user (role `user`) a webhook's
// URL only as its origin (a path or query can be a capability, as Zapier's are). A draft coming back has its stand-ins
// turned into the stored secrets; a stand-in that matches none (the secret was rotated meanwhile) is a problem.
// New secrets are made here, on the server, and shown once by the function that made them.
import { createHash, randomBytes } from 'node:crypto';
import { WEBHOOK_SECRET_PREFIX } from '../config/constants';
import type { BundleInput, Workspace } from '../config/types';
import type { ConfigIssue } from '../config/errors';
import type { Role } from './access';
import { KEPT_SECRET_PREFIX, isKeptSecret } from './secret-mask';

type StoredWorkspace = BundleInput['workspaces'][number];

/** The stand-in of a secret: a short digest of it, which tells which secret it is and nothing of it. */
export const keptSecret = (secret: string): string =>
  `${KEPT_SECRET_PREFIX}${createHash('sha256').update(secret).digest('base64url').slice(0, 16)}`;

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = (): string => `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

function originOf(url: string): string {
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return '';
  }
}

/** The workspace as the console may show it to someone with `role`: no secret in it. */
export function maskedWorkspace(workspace: Workspace, role: Role): Workspace {
  return {
    ...workspace,
    webhooks: workspace.webhooks.map((webhook) => ({
      ...webhook,
      secret: keptSecret(webhook.secret),
      ...(role === 'admin' ? {} : { url: originOf(webhook.url) }),
    })),
  };
}

/**
 * The draft with each webhook's stand-in replaced by the stored secret it stands for (looked up among the stored
 * workspace's webhooks, wherever they are in the list now), and a problem for each stand-in that matches none.
 */
export function withKeptSecrets(draft: unknown, stored: StoredWorkspace): { draft: unknown; problems: ConfigIssue[] } {
  const webhooks = (draft as { webhooks?: unknown } | null)?.webhooks;
  if (!Array.isArray(webhooks)) return { draft, problems: [] };
  const storedSecrets = new Map((stored.webhooks ?? []).map((webhook) => [keptSecret(webhook.secret), webhook.secret]));
  const problems: ConfigIssue[] = [];
  const resolved = webhooks.map((webhook: unknown, index) => {
    const secret = (webhook as { secret?: unknown } | null)?.secret;
    if (!isKeptSecret(secret)) return webhook;
    const found = storedSecrets.get(secret);
    if (found === undefined) {
      problems.push({ path: `webhooks.${index}.secret`, message: 'this secret was changed since the page was opened: reload the page' });
      return webhook;
    }
    return { ...(webhook as object), secret: found };
  });
  return { draft: { ...(draft as object), webhooks: resolved }, problems };
}
