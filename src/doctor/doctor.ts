// `config doctor`: warnings about a valid bundle that will not block it but will surprise someone on a call. The
// checks are the table in ./checks; this runs them, each workspace's checks before its numbers'.
import type { ConfigIssue } from '../config/errors';
import type { Bundle } from '../config/types';
import { DOCTOR_CHECKS, type DoctorCheck, type NumberCheck, numberContext, type WorkspaceCheck, type WorkspaceContext } from './checks';

export { CARRIER_VOICEMAIL_SECONDS, SHORT_TIMEOUT_SECONDS } from './checks';

/** The warnings the checks (all of them, or the ones given) find in a valid bundle. */
export function diagnose(bundle: Bundle, checks: readonly DoctorCheck[] = DOCTOR_CHECKS): ConfigIssue[] {
  const workspaceChecks = checks.filter((check): check is WorkspaceCheck => check.scope === 'workspace');
  const numberChecks = checks.filter((check): check is NumberCheck => check.scope === 'number');
  return bundle.workspaces.flatMap((workspace, w) => {
    const context: WorkspaceContext = {
      workspace,
      users: new Map(workspace.users.map((user) => [user.id, user])),
      at: (...rest) => ['workspaces', w, ...rest].join('.'),
    };
    return [
      ...workspaceChecks.flatMap((check) => check.find(context)),
      ...workspace.numbers.flatMap((number, n) => {
        const numberAt = numberContext(context, number, n);
        return numberChecks.flatMap((check) => check.find(numberAt));
      }),
    ];
  });
}
