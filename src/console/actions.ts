// What each console function does, behind consoleHandler's checks: sign in (the local link, or a phone and a
// Verify code), sign out, who am I, a workspace's settings (read, save), the text-back "Send Test", and the web
// phone's access token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { E164_PATTERN } from '../config/schema';
import { testSender } from '../flows/sms-textback';
import { twilioClientFrom } from '../runtime/services';
import { checkTemplate } from '../templates/template';
import { sendTestText } from '../textback/textback';
import { canWrite, membershipsFor, type Membership } from './access';
import { refuse, type ConsoleAction, type ConsoleReply, type ConsoleRequest } from './handler';
import { CHECK_CODE_LIMIT, SEND_CODE_LIMIT, takeAttempt } from './rate-limit';
import { revokeSession, startSessionToken } from './session';
import { SIGN_IN_COOKIE, issueSignInSource, signInSourceOf } from './sign-in-source';
import { maskedWorkspace, keptSecret, newWebhookSecret } from './secrets';
import { changeWorkspace, consoleStore, DraftRefusal, readWorkspace, type SaveOutcome, type WorkspaceChange } from './settings';
import { serverPhoneWords } from './phone-words';
import { CodeVerifier } from './verify';
import { typedPhones } from './typed-phones';
import { voiceToken } from './voice-token';

export const CONSOLE_PAGE = '/console/index.html';
export const USED_LOGIN_TOKENS_MAP = 'console-login-used';

async function startSession(
  request: ConsoleRequest,
  subject: { sub: string; agency: boolean; memberships: Membership[] },
): Promise<ConsoleReply['cookie']> {
  const token = await startSessionToken(
    request.env.CONSOLE_SESSION_SECRET!,
    request.services.state,
    subject,
    request.now,
    request.env.CONSOLE_SESSION_MINUTES,
  );
  return { token, maxAgeSeconds: request.env.CONSOLE_SESSION_MINUTES * 60 };
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `npm start`'s Console link: once, on this machine only, signs the local user in as an admin of every workspace. */
export const signInWithLocalLink: ConsoleAction = async (request) => {
  const { env, params, services, now, local } = request;
  if (!env.CONSOLE_SESSION_SECRET) return refuse(503, 'The console is not set up: CONSOLE_SESSION_SECRET is not set.');
  if (!local || !env.CONSOLE_LOGIN_TOKEN) return refuse(404, 'Local sign-in links work only on a console served by npm start.');
  const token = params.token ?? '';
  if (!sameSecret(token, env.CONSOLE_LOGIN_TOKEN))
    return refuse(401, 'This sign-in link is not valid. Use the Console: link npm start printed.');
  const digest = createHash('sha256').update(token).digest('hex');
  const first = await services.state.create(USED_LOGIN_TOKENS_MAP, digest, { at: now.toISOString() }, 7 * 24 * 3600);
  if (!first) return refuse(401, 'This sign-in link was already used. Restart npm start for a new one.');
  request.log.info('signed in the local user from the npm start link');
  return { redirect: CONSOLE_PAGE, cookie: await startSession(request, { sub: 'local', agency: true, memberships: [] }) };
};

function verifierFor(request: ConsoleRequest): CodeVerifier | null {
  const { env } = request;
  if (!env.VERIFY_SERVICE_SID || !env.ACCOUNT_SID || !env.AUTH_TOKEN) return null;
  return new CodeVerifier(twilioClientFrom(env, 'Sign-in codes', 5000), env.VERIFY_SERVICE_SID);
}

/** Who this phone is in the configuration: an agency admin, or the users of some workspaces. */
async function subjectFor(
  request: ConsoleRequest,
  phone: string,
): Promise<{ sub: string; agency: boolean; memberships: Membership[] } | null> {
  if (request.env.CONSOLE_ADMINS.includes(phone)) return { sub: phone, agency: true, memberships: [] };
  const loaded = await consoleStore(request.env, request.services, request.assets).store.load();
  const memberships = membershipsFor(phone, loaded.bundle.workspaces);
  return memberships.length ? { sub: phone, agency: false, memberships } : null;
}

const NOT_SET_UP = 'Sign-in by text message is not set up on this service (VERIFY_SERVICE_SID, ACCOUNT_SID and AUTH_TOKEN).';

/** How long the sign-in cookie names this browser as the place a phone's codes are tried from: two limit windows. */
const SIGN_IN_SOURCE_MINUTES = 2 * CHECK_CODE_LIMIT.windowMinutes;

/** Where this sign-in request comes from, for the phone: its browser's sign-in cookie (sign-in-source.ts). */
const sourceOf = (request: ConsoleRequest, phone: string, secret: string) =>
  signInSourceOf(secret, request.cookies[SIGN_IN_COOKIE], phone, request.now);

/**
 * Texts a sign-in code to a phone the configuration knows. The answer is the same whether or not the phone is known,
 * so the form does not tell strangers who the users are. The browser keeps a sign-in cookie: its own place for
 * the limits, so its attempts are its own.
 */
export const sendSignInCode: ConsoleAction = async (request) => {
  const phone = (request.params.phone ?? '').trim();
  if (!E164_PATTERN.test(phone)) return refuse(400, 'Enter your mobile number with its country code, such as +15551230000.');
  const secret = request.env.CONSOLE_SESSION_SECRET;
  if (!secret) return refuse(503, 'The console is not set up: CONSOLE_SESSION_SECRET is not set.');
  const verifier = verifierFor(request);
  if (!verifier) return refuse(503, NOT_SET_UP);
  const source = sourceOf(request, phone, secret);
  if (!(await takeAttempt(request.services.state, SEND_CODE_LIMIT, source, phone, request.now))) {
    return refuse(429, `Too many codes asked for this number from here. Try again in ${SEND_CODE_LIMIT.windowMinutes} minutes.`);
  }
  if (await subjectFor(request, phone)) await verifier.send(phone);
  else request.log.warn('a code was asked for a phone that is no user; nothing sent');
  return { json: { status: 'sent' }, signInCookie: issueSignInSource(secret, phone, request.now, SIGN_IN_SOURCE_MINUTES) };
};

/** Checks the code and starts a session with the workspaces (and roles) the phone has. */
export const signInWithCode: ConsoleAction = async (request) => {
  const phone = (request.params.phone ?? '').trim();
  const code = (request.params.code ?? '').trim();
  if (!E164_PATTERN.test(phone) || !/^\d{4,10}$/.test(code)) return refuse(400, 'Enter your number and the code from the text message.');
  const secret = request.env.CONSOLE_SESSION_SECRET;
  if (!secret) return refuse(503, 'The console is not set up: CONSOLE_SESSION_SECRET is not set.');
  const verifier = verifierFor(request);
  if (!verifier) return refuse(503, NOT_SET_UP);
  if (!(await takeAttempt(request.services.state, CHECK_CODE_LIMIT, sourceOf(request, phone, secret), phone, request.now))) {
    return refuse(429, `Too many attempts for this number from here. Try again in ${CHECK_CODE_LIMIT.windowMinutes} minutes.`);
  }
  const subject = await subjectFor(request, phone);
  if (!subject || !(await verifier.check(phone, code)))
    return refuse(401, 'That code is not right, or it has expired: ask for a new one if it keeps failing.');
  request.log.info(
    `signed in ${subject.agency ? 'an agency admin' : `a user of ${subject.memberships.map((m) => m.workspace).join(', ')}`}`,
  );
  return { json: { status: 'signed-in' }, cookie: await startSession(request, subject), signInCookie: null };
};

export const signOut: ConsoleAction = async (request) => {
  await revokeSession(request.services.state, request.session!, request.now);
  return { json: { status: 'signed-out' }, cookie: null };
};

/** The signed-in user and the workspaces they may open. */
export const whoAmI: ConsoleAction = async (request) => {
  const session = request.session!;
  const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
  const loaded = await store.load();
  const workspaces = loaded.bundle.workspaces
    .map((workspace) => ({ workspace, membership: request.confirm(workspace) }))
    .filter((entry): entry is { workspace: typeof entry.workspace; membership: Membership } => entry.membership !== null)
    .map(({ workspace, membership }) => ({
      id: workspace.id,
      name: workspace.name,
      role: membership.role,
      user: membership.user,
      users: workspace.users.map((user) => ({ id: user.id, name: user.name })),
    }));
  return {
    json: {
      subject: session.sub === 'local' ? 'local' : session.sub,
      agency: session.agency,
      expiresAt: new Date(session.exp * 1000).toISOString(),
      workspaces,
      configuration: { source: store.description.replace(/^file .*\//, 'file '), readOnly },
      phone: {
        available: Boolean(request.env.API_KEY_SID && request.env.API_KEY_SECRET && request.env.TWIML_APP_SID && request.env.ACCOUNT_SID),
      },
    },
  };
};

/**
 * A workspace's settings (users see them; only admins may save) and the revision a save must be based on; its
 * secrets never, only their stand-ins (secrets.ts).
 */
export const readSettings: ConsoleAction = async (request) => {
  const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
  const snapshot = await readWorkspace(store, request.params.workspace!);
  const membership = snapshot ? request.confirm(snapshot.workspace) : null;
  if (!snapshot || !membership) return refuse(403, 'You do not have access to that workspace.');
  return {
    json: {
      workspace: maskedWorkspace(snapshot.workspace, membership.role),
      revision: snapshot.revision,
      canEdit: canWrite(membership) && !readOnly,
      readOnly,
    },
  };
};

const ONLY_ADMINS = 'Only an admin of this workspace can change it.';

/**
 * A change of the workspace named by the request, as its admin: one load of the configuration serves the access check
 * (the membership confirmed against the workspace as stored now), the draft and the compare-and-set (settings.ts).
 * Null when the store is read-only (then `refusal`).
 */
async function changeAsAdmin(
  request: ConsoleRequest,
  draftFrom: WorkspaceChange['draftFrom'],
  normalize?: WorkspaceChange['normalize'],
): Promise<{ outcome: SaveOutcome } | { refusal: ConsoleReply }> {
  const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
  if (readOnly) return { refusal: refuse(409, readOnly) };
  const outcome = await changeWorkspace(store, request.params.workspace!, request.params.revision ?? '', {
    mayWrite: (workspace) => canWrite(request.confirm(workspace)),
    draftFrom,
    ...(normalize ? { normalize } : {}),
  });
  return { outcome };
}

/** The answers every change shares: not an admin of the workspace as stored (or no such workspace), no draft made. */
function sharedRefusal(outcome: SaveOutcome): ConsoleReply | null {
  if (outcome.status === 'forbidden' || outcome.status === 'missing') return refuse(403, ONLY_ADMINS);
  if (outcome.status === 'refused') return refuse(outcome.httpStatus, outcome.error);
  return null;
}

const whoChanged = (request: ConsoleRequest) => (request.session!.sub === 'local' ? 'the local user' : 'an admin');

/** Saves a whole workspace: `draft` (JSON text) based on `revision`. */
export const saveSettings: ConsoleAction = async (request) => {
  const workspaceId = request.params.workspace!;
  let draft: unknown;
  const change = await changeAsAdmin(
    request,
    () => {
      try {
        draft = JSON.parse(request.params.draft ?? '');
        return draft;
      } catch {
        return new DraftRefusal(400, 'draft must be the workspace as JSON text');
      }
    },
    typedPhones,
  );
  if ('refusal' in change) return change.refusal;
  const { outcome } = change;
  switch (outcome.status) {
    case 'saved':
      request.log.info(`${whoChanged(request)} saved workspace ${workspaceId}: ${outcome.changes.join('; ')}`);
      return { json: outcome };
    case 'conflict':
      // The edits come back as they were sent, so the page (or a person) can make them again on the newer revision.
      return {
        status: 409,
        json: {
          ...outcome,
          draft,
          error:
            'Someone else saved this workspace after you opened it: nothing of yours was saved. Your edits are kept; reload to see their changes, then make yours again.',
        },
      };
    case 'invalid':
      return { status: 422, json: { ...outcome, error: 'Nothing was saved: fix the problems shown beside the fields.' } };
    default:
      return sharedRefusal(outcome)!;
  }
};

/**
 * A new signing secret for the workspace's webhook whose secret `secret` stands for (its stand-in, as the settings
 * show it), made here and written at once if the workspace is still at `revision`. The answer is the only time the
 * new secret is shown: the settings show its stand-in.
 */
export const rotateWebhookSecret: ConsoleAction = async (request) => {
  const workspaceId = request.params.workspace!;
  const secret = newWebhookSecret();
  let index = -1;
  const change = await changeAsAdmin(request, (stored, workspace) => {
    index = workspace.webhooks.findIndex((webhook) => keptSecret(webhook.secret) === request.params.secret);
    if (index < 0)
      return new DraftRefusal(
        409,
        'That webhook is not saved with this secret any more (removed, or its secret changed): reload the page.',
      );
    return { ...stored, webhooks: (stored.webhooks ?? []).map((webhook, at) => (at === index ? { ...webhook, secret } : webhook)) };
  });
  if ('refusal' in change) return change.refusal;
  const { outcome } = change;
  switch (outcome.status) {
    case 'saved':
      request.log.info(`${whoChanged(request)} rotated the secret of webhook ${index} of workspace ${workspaceId}`);
      return { json: { status: 'rotated', webhook: index, secret, kept: keptSecret(secret), revision: outcome.revision } };
    case 'conflict':
      return {
        status: 409,
        json: {
          ...outcome,
          error: 'Someone else saved this workspace after you opened it: the secret was not changed. Reload, then rotate it again.',
        },
      };
    case 'invalid':
      return { status: 422, json: { ...outcome, error: 'The workspace as stored is not valid; fix it before rotating a secret.' } };
    default:
      return sharedRefusal(outcome)!;
  }
};

/**
 * Text-back's "Send Test": the message on screen (`message`, blank for the default; `optOutLine` as on screen; the
 * saved ones when the page sends neither), to a number the admin types in any form (read in the workspace's country).
 */
export const sendTest: ConsoleAction = async (request) => {
  const { store } = consoleStore(request.env, request.services, request.assets);
  const snapshot = await readWorkspace(store, request.params.workspace!);
  if (!snapshot || !canWrite(request.confirm(snapshot.workspace))) return refuse(403, 'Only an admin of this workspace can send a test.');
  const words = serverPhoneWords();
  const to = words.parsePhone(request.params.to ?? '', words.localeOf(snapshot.workspace));
  if ('error' in to) return refuse(400, `Send a test to: ${to.error}`);
  const shown = onScreenTextBack(request.params);
  if ('error' in shown) return refuse(400, shown.error);
  const number = testSender(snapshot.workspace, request.params.from || undefined);
  if (!number) return refuse(400, 'This workspace has no active number that can text.');
  const workspace = { ...snapshot.workspace, textBack: { ...snapshot.workspace.textBack, ...shown } };
  // What is on screen is what is sent: the workspace's message, not the sending number's own.
  const sender = 'message' in shown ? { ...number, textBack: { ...number.textBack, message: null } } : number;
  return {
    json: await sendTestText(
      { messenger: request.services.messenger, now: request.now, state: request.services.state, shards: request.services.shards },
      workspace,
      sender,
      to.e164,
    ),
  };
};

/** The text-back message and opt-out line as the page shows them (unsaved), checked as a save would check them. */
function onScreenTextBack(
  params: Readonly<Record<string, string | undefined>>,
): { message?: string | null; optOutLine?: boolean } | { error: string } {
  const shown: { message?: string | null; optOutLine?: boolean } = {};
  if (params.optOutLine !== undefined) shown.optOutLine = params.optOutLine === 'true';
  if (params.message === undefined) return shown;
  const message = params.message.trim() ? params.message : null;
  if (message !== null) {
    if (message.length > TEXT_BACK_MAX_LENGTH)
      return { error: `The message is ${message.length} characters; a text-back message may have at most ${TEXT_BACK_MAX_LENGTH}.` };
    const problem = checkTemplate(message);
    if (problem) return { error: `The message cannot be sent: ${problem}` };
  }
  shown.message = message;
  return shown;
}

/** The longest text-back message the configuration accepts (workspaces[].textBack.message). */
const TEXT_BACK_MAX_LENGTH = 1600;

/** A token for the web phone, as the signed-in user (an agency admin picks a user of the workspace with `as`). */
export const phoneToken: ConsoleAction = async (request) => {
  const membership = request.membership!;
  const userId = membership.user ?? request.params.as ?? '';
  const { store } = consoleStore(request.env, request.services, request.assets);
  const snapshot = await readWorkspace(store, request.params.workspace!);
  const confirmed = snapshot ? request.confirm(snapshot.workspace) : null;
  const user = snapshot?.workspace.users.find((candidate) => candidate.id === userId);
  if (!confirmed || !user)
    return refuse(403, membership.user ? 'You are no longer a user of this workspace.' : 'Choose a user of this workspace to answer as.');
  if (!user.webApp) return refuse(409, `The web app is off for ${user.name}: turn on "Web app" for this user so calls ring it.`);
  return { json: voiceToken(request.env, snapshot!.workspace.id, user.id, request.now) };
};
