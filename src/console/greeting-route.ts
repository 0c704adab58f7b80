// The `greeting` function's work: serves an uploaded greeting's audio by its content-addressed id (GET
// /greeting?g=<sha256>) from the state store, to Twilio's <Play> and the console's player. The id is the audio's own
// hash, so a link cannot be guessed and its content never changes: Twilio's media cache may keep it for a year.
// `g=sample` is a generated WAV, so the local player always has something real to play.
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { createStepLog } from '../log/step-log';
import type { AssetMap } from '../runtime/bundle-configuration-source';
import { readEnv } from '../runtime/env';
import { placementOf } from '../runtime/placement';
import { servicesFor } from '../runtime/services';
import { functionsBaseUrl } from '../runtime/webhook';
import { readGreeting } from './greetings';

export function greetingHandler(): ServerlessFunctionSignature {
  return async (context: Context, event: Record<string, unknown>, callback: ServerlessCallback) => {
    const log = createStepLog('greeting');
    const reply = new Twilio.Response();
    const answer = (status: number, contentType: string, body: string | Buffer, cache: string) => {
      reply.setStatusCode(status);
      reply.appendHeader('Content-Type', contentType);
      reply.appendHeader('Cache-Control', cache);
      reply.setBody(body);
    };
    try {
      const placement = placementOf(context);
      const env = readEnv(context as unknown as Record<string, unknown>, { placement });
      const services = servicesFor(
        env,
        () => Runtime.getAssets() as AssetMap,
        process.cwd(),
        functionsBaseUrl(String(context.DOMAIN_NAME ?? ''), placement),
      );
      const id = typeof event.g === 'string' ? event.g : '';
      const greeting = await readGreeting(services.state, id);
      if (!greeting) answer(404, 'text/plain; charset=utf-8', 'There is no such greeting.', 'no-store');
      else answer(200, greeting.contentType, greeting.body, 'public, max-age=31536000, immutable');
    } catch (error) {
      log.error('greeting: failed', error);
      answer(503, 'text/plain; charset=utf-8', 'The greeting could not be read just now; try again in a moment.', 'no-store');
    }
    callback(null, reply);
  };
}
