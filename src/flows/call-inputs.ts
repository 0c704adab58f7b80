// The inputs of a call's decision beyond the caller and the instant (issue 20), in one place for the steps that
// decide: what Twilio sent (StirVerstat), what the call carries on its URL (the first decision's instant, the answers
// at the prompts, the round-robin turn, the user who last answered), and what incoming-call reads only when the
// decision wants it (`decision.wants`): the number's round-robin turn (src/calls/round-robin.ts; a random one when the
// counter cannot be kept) and the caller's last answering user (src/calls/last-answered.ts). A later step decides again
// with exactly what the call carries, at its instant, so a call's route never changes mid-call.
import type { CallbackState } from '../calls/callback-state';
import { LastAnsweredUsers } from '../calls/last-answered';
import { RoundRobin, randomTurn } from '../calls/round-robin';
import type { Workspace } from '../config/types';
import { decide } from '../routing/decide';
import type { RoutingConfiguration } from '../routing/lookup';
import type { CallInput, Decision, WantedInput } from '../routing/types';
import type { WebhookRequest } from '../runtime/request';

/** What a call carries into every later decision (the subset of the callback state that decide() takes). */
export type CarriedInputs = Pick<CallbackState, 'stir' | 'presses' | 'rotation' | 'lastAnswered'>;

/** The carried inputs of a call as given (fields left undefined are not carried). */
export function carriedInputsOf(state: Pick<CallInput, 'stir' | 'presses' | 'rotation' | 'lastAnswered'>): CarriedInputs {
  const inputs: CarriedInputs = {};
  if (state.stir !== undefined) inputs.stir = state.stir;
  if (state.presses !== undefined) inputs.presses = [...state.presses];
  if (state.rotation !== undefined) inputs.rotation = state.rotation;
  if (state.lastAnswered !== undefined) inputs.lastAnswered = state.lastAnswered;
  return inputs;
}

/** The round-robin turn of the called number: counted, or, when the counter fails, drawn at random with why. */
async function readRotation(request: WebhookRequest, workspace: Workspace, number: string): Promise<NonNullable<CallInput['rotation']>> {
  try {
    return await new RoundRobin(request.services.state, request.services.shards).nextTurn(workspace.id, number);
  } catch (error) {
    // Sync's SyncUnavailableError says 'rate-limited' for a 429 (54009): over the per-object rate.
    const rateLimited = (error as { failure?: unknown }).failure === 'rate-limited';
    const why = rateLimited
      ? "the round-robin counter is over Sync's per-object rate (429)"
      : `the round-robin counter could not be kept (${(error as Error).message})`;
    request.log.warn(`round robin: ${why}; starting at a random user`);
    return randomTurn(why);
  }
}

/** The user who last answered the caller; undefined when nobody did (or the store cannot say: the route goes on as usual). */
async function readLastAnswered(request: WebhookRequest, workspace: Workspace, caller: string): Promise<CallInput['lastAnswered']> {
  try {
    return (await new LastAnsweredUsers(request.services.state, request.services.shards).find(workspace.id, caller)) ?? undefined;
  } catch (error) {
    request.log.error('sticky agent: could not read who last answered this caller; the route goes on as usual', error);
    return undefined;
  }
}

/**
 * incoming-call's decision: decided, then, while it wants an input it was not given (each read at most once), that
 * input read and the call decided again. The input as given is completed in place: the caller carries it on.
 */
export async function decideWithWants(
  request: WebhookRequest,
  input: CallInput,
  configuration: RoutingConfiguration,
  workspace: Workspace | null,
): Promise<Decision> {
  let decision = decide(input, configuration, request.now);
  const asked = new Set<WantedInput>();
  for (;;) {
    const wanted = (decision.wants ?? []).filter((want) => !asked.has(want));
    if (!workspace || wanted.length === 0) return decision;
    for (const want of wanted) asked.add(want);
    await Promise.all(
      wanted.map(async (want) => {
        if (want === 'rotation') input.rotation = await readRotation(request, workspace, input.to.trim());
        else if (!input.caller.withheld) {
          const found = await readLastAnswered(request, workspace, input.caller.number);
          if (found) input.lastAnswered = found;
        }
      }),
    );
    decision = decide(input, configuration, request.now);
  }
}
