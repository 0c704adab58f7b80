// One webhook POST to the functions as Twilio makes it (signed, with Twilio's 15 s patience, once more on a new
// connection when a kept-alive one was closed under it), for the call and the text simulations. A refusal or a
// failure is a SimulationError that says what to check.
import { UserFacingError } from '../errors/user-facing-error';
import { signedPost } from './signed-post';

/** The simulation cannot go on: a function refused or failed, or the TwiML makes no sense. */
export class SimulationError extends UserFacingError {
  override readonly name: string = 'SimulationError';
}

/** Twilio waits this long for a webhook's answer. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

export interface WebhookSigning {
  authToken: string;
  /** Where the token came from (AUTH_TOKEN, or the local signing token's file), for the error on a 403. */
  authTokenSource?: string;
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
}

/** What a person should look at when the functions refuse or fail a request. */
export function whatToCheck(status: number, url: string, options: Pick<WebhookSigning, 'authTokenSource'>): string {
  if (status === 403) {
    return [
      `Check: the functions check X-Twilio-Signature with their AUTH_TOKEN, or, when none is set, with the local signing`,
      `token in .local-state/local-auth-token; this simulation signed with ${options.authTokenSource ?? 'its own token'}.`,
      `Use the same on both sides: the same AUTH_TOKEN in .env (which npm start, twilio-run and the simulator all read),`,
      `or none on either; and pass --url the address the server prints (http://localhost:PORT or http://127.0.0.1:PORT).`,
    ].join('\n');
  }
  if (status === 404)
    return `Check: nothing serves ${new URL(url).pathname} there. Is --url a server of these functions (npm start, npx twilio-run or twilio serverless:start in this folder)?`;
  if (status >= 500) return "Check: the function failed; its log (the server's output) says why.";
  return "Check: the server's output says why it answered so.";
}

/** POSTs `params` to `url` signed as Twilio signs; the answer's body when it is 200, else a SimulationError. */
export async function postWebhook(url: string, params: Record<string, string>, signing: WebhookSigning): Promise<string> {
  const send = () => fetch(url, { ...signedPost(signing.authToken, url, params), signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  let response: Response;
  try {
    try {
      response = await send();
    } catch (error) {
      // A kept-alive connection the server closed as we reused it: like Twilio, try once more on a new one.
      if ((error as Error).name === 'TimeoutError') throw error;
      response = await send();
    }
  } catch (cause) {
    const reason =
      (cause as Error).name === 'TimeoutError'
        ? `got no answer within Twilio's ${WEBHOOK_TIMEOUT_MS / 1000} s`
        : `failed: ${describeCause(cause)}`;
    throw new SimulationError(`POST ${url} ${reason}`, { cause });
  }
  const body = await response.text();
  if (response.status !== 200) {
    throw new SimulationError(
      `POST ${url} answered ${response.status}: ${body.slice(0, 300).trim() || '(no body)'}\n${whatToCheck(response.status, url, signing)}`,
    );
  }
  return body;
}
