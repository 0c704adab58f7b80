// Makes a Functions service's environment variables exactly what .env says. twilio-run's deploy adds and updates
// variables but never deletes one, so a variable removed from .env (or left by an earlier `twilio serverless:deploy`)
// would stay on the service; this module reads the service's variables through the Serverless API, plans what
// changes (added, changed, removed), describes it with secret values masked, and removes the ones .env no longer has.
import type twilio from 'twilio';

/** A variable as the service holds it. */
export interface ServiceVariable {
  sid: string;
  key: string;
  value: string;
}

/** The environment a deploy writes to, when the service and the environment already exist. */
export interface ServiceEnvironment {
  serviceSid: string;
  environmentSid: string;
  /** e.g. call-routing-1234-dev.twil.io */
  domain: string;
  variables: ServiceVariable[];
}

export interface VariablePlan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** What turns the service's variables (`current`) into .env's (`wanted`), each list sorted by name. */
export function planVariables(current: Record<string, string>, wanted: Record<string, string>): VariablePlan {
  const names = (record: Record<string, string>) => Object.keys(record).sort();
  return {
    added: names(wanted).filter((name) => !(name in current)),
    changed: names(wanted).filter((name) => name in current && current[name] !== wanted[name]),
    removed: names(current).filter((name) => !(name in wanted)),
    unchanged: names(wanted).filter((name) => name in current && current[name] === wanted[name]),
  };
}

/** A variable whose value is a credential or a signing key: its value is never printed. */
const isSecretVariable = (name: string): boolean => /SECRET|TOKEN|PASSWORD|KEY|AUTH|CREDENTIAL|PRIVATE/i.test(name);

const shown = (name: string, value: string | undefined) =>
  value === undefined ? '' : isSecretVariable(name) ? '(secret, not shown)' : JSON.stringify(value);

/** One line per change ("+ NAME=value", "~ NAME: old -> new", "- NAME"), secrets masked, then a count. */
export function describeVariablePlan(plan: VariablePlan, current: Record<string, string>, wanted: Record<string, string>): string[] {
  return [
    ...plan.added.map((name) => `    + ${name} = ${shown(name, wanted[name])}`),
    ...plan.changed.map(
      (name) =>
        `    ~ ${name}: ${isSecretVariable(name) ? '(secret, changed)' : `${shown(name, current[name])} -> ${shown(name, wanted[name])}`}`,
    ),
    ...plan.removed.map((name) => `    - ${name} (not in .env: removed from the service)`),
    `    ${plan.added.length} added, ${plan.changed.length} changed, ${plan.removed.length} removed, ${plan.unchanged.length} unchanged`,
  ];
}

/** twilio-run's names for an environment: the suffix's, or "production" for none. */
const uniqueNameOf = (suffix: string) => (suffix === '' ? 'production' : `${suffix}-environment`);

/** The service a deploy goes to: the one twilio-run remembers for this account (.twiliodeployinfo), else by name. */
export interface ServiceTarget {
  serviceSid?: string | undefined;
  serviceName: string;
}

/**
 * The deploy's service and its environment with this domain suffix, found as twilio-run finds them (the service by
 * its remembered sid, else by unique name; the environment by suffix), with its variables; null when either does not
 * exist yet (a first deploy: nothing to compare with).
 */
export async function findServiceEnvironment(
  client: twilio.Twilio,
  target: ServiceTarget,
  suffix: string,
): Promise<ServiceEnvironment | null> {
  const service = target.serviceSid
    ? await client.serverless.v1
        .services(target.serviceSid)
        .fetch()
        .catch((error: unknown) => {
          if ((error as { status?: number }).status === 404) return undefined; // deleted since: twilio-run makes a new one
          throw error;
        })
    : (await client.serverless.v1.services.list()).find((candidate) => candidate.uniqueName === target.serviceName);
  if (!service) return null;
  const environments = (await client.serverless.v1.services(service.sid).environments.list()).filter(
    (candidate) => candidate.domainSuffix === suffix || (suffix === '' && candidate.domainSuffix === null),
  );
  const environment =
    environments.length > 1 ? environments.find((candidate) => candidate.uniqueName === uniqueNameOf(suffix)) : environments[0];
  if (!environment) return null;
  const variables = await client.serverless.v1.services(service.sid).environments(environment.sid).variables.list();
  return {
    serviceSid: service.sid,
    environmentSid: environment.sid,
    domain: environment.domainName,
    variables: variables.map((variable) => ({ sid: variable.sid, key: variable.key, value: variable.value })),
  };
}

/** The service's variables as a record, name -> value. */
export const variableRecord = (environment: ServiceEnvironment | null): Record<string, string> =>
  Object.fromEntries((environment?.variables ?? []).map((variable) => [variable.key, variable.value]));

/** Removes the service's variables that .env does not have; returns their names. */
export async function removeVariablesNotIn(
  client: twilio.Twilio,
  environment: ServiceEnvironment,
  wanted: Record<string, string>,
): Promise<string[]> {
  const stale = environment.variables.filter((variable) => !(variable.key in wanted));
  for (const variable of stale) {
    await client.serverless.v1.services(environment.serviceSid).environments(environment.environmentSid).variables(variable.sid).remove();
  }
  return stale.map((variable) => variable.key).sort();
}
