// <Redirect>: Twilio fetches the URL (with the call's current status) and runs its TwiML instead.
import { resolveUrl, type VerbHandler } from './verb';

export const redirect: VerbHandler = async (verb, context) => {
  const url = resolveUrl(verb.text, context);
  const document = await context.session.fetchTwiml(url, { ...context.session.callParams, CallStatus: context.status });
  return { after: 'run', document, url, status: context.status };
};
