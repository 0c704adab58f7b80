// console-do-not-disturb: a user turns their own "Do not disturb" on or off (an admin anyone's in the workspace),
// written at once and alone: the stored workspace with that one field changed (saveDoNotDisturb, do-not-disturb.ts,
// which the `DND on` text shares), through the same compare-and-set as a save (settings.ts). Without `revision` it
// needs none (a user's page holds no other edits to protect); with one it is refused when someone saved since, like a
// save.
import { canWrite } from './access';
import { saveDoNotDisturb } from './do-not-disturb';
import { refuse, type ConsoleAction } from './handler';
import { consoleStore } from './settings';

const SWITCH_VALUES: Readonly<Record<string, boolean>> = { true: true, on: true, false: false, off: false };

/** `workspace`, `on` ("true" or "false"), optional `user` (default: the signed-in user) and `revision`. */
export const setDoNotDisturb: ConsoleAction = async (request) => {
  const on = SWITCH_VALUES[(request.params.on ?? '').trim().toLowerCase()];
  if (on === undefined) return refuse(400, 'Say whether do not disturb is on: on is "true" or "false".');
  const membership = request.membership!;
  const userId = (request.params.user || membership.user) ?? '';
  if (!userId) return refuse(400, 'Choose whose do not disturb to change (user).');
  const { store, readOnly } = consoleStore(request.env, request.services, request.assets);
  if (readOnly) return refuse(409, readOnly);
  const { outcome, name } = await saveDoNotDisturb(store, request.params.workspace!, userId, on, {
    baseRevision: request.params.revision || null,
    // Confirmed against the workspace as stored now: an admin may change anyone's, a user only their own.
    mayWrite: (workspace) => {
      const confirmed = request.confirm(workspace);
      return canWrite(confirmed) || confirmed?.user === userId;
    },
  });
  switch (outcome.status) {
    case 'saved':
      request.log.info(`do not disturb ${on ? 'on' : 'off'} for user ${userId} of workspace ${request.params.workspace}`);
      return { json: { status: 'saved', user: userId, doNotDisturb: on, revision: outcome.revision } };
    case 'conflict':
      return {
        status: 409,
        json: { ...outcome, error: 'Someone else saved this workspace after you opened it: reload, then try again.' },
      };
    case 'invalid':
      return {
        status: 422,
        json: { ...outcome, error: `The workspace as stored is not valid; fix it before changing do not disturb for ${name ?? userId}.` },
      };
    case 'forbidden':
    case 'missing':
      return refuse(403, 'You can turn do not disturb on or off for yourself; an admin of this workspace can for anyone.');
    case 'refused':
      return refuse(outcome.httpStatus, outcome.error);
  }
};
