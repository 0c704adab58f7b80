// Checks made before a deploy, on package.json: an exact @twilio/runtime-handler version the platform accepts,
// and no dependency the functions do not need (each one would be installed on Twilio for nothing).
import { UserFacingError } from '../errors/user-facing-error';
import { REFUSED_RUNTIME_HANDLER_VERSIONS, RUNTIME_DEPENDENCIES, RUNTIME_HANDLER } from './settings';

/** A deploy that would fail on Twilio, or upload more than it should; the message says what to change. */
export class DeployCheckError extends UserFacingError {
  override readonly name: string = 'DeployCheckError';
}

export interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** The runtime handler's version, if it is exact and not refused by the platform. */
export function checkRuntimeHandler(pkg: PackageJson): string {
  const version = pkg.dependencies?.[RUNTIME_HANDLER];
  if (version === undefined) {
    const where = pkg.devDependencies?.[RUNTIME_HANDLER] ? ' (it is in "devDependencies", which are not deployed)' : '';
    throw new DeployCheckError(`package.json must list ${RUNTIME_HANDLER} in "dependencies" with an exact version such as "2.0.1"${where}`);
  }
  if (!EXACT_VERSION.test(version)) {
    throw new DeployCheckError(
      `package.json lists ${RUNTIME_HANDLER} as "${version}": the platform needs an exact version such as "2.0.1", not a range`,
    );
  }
  const refused = REFUSED_RUNTIME_HANDLER_VERSIONS[version];
  if (refused)
    throw new DeployCheckError(
      `package.json lists ${RUNTIME_HANDLER} ${version}, and ${refused}: pin "2.0.1" (npm install --save-exact ${RUNTIME_HANDLER}@2.0.1)`,
    );
  return version;
}

/** package.json "dependencies" must be exactly what the functions load at run time. */
export function checkDependencies(pkg: PackageJson): void {
  const names = Object.keys(pkg.dependencies ?? {});
  const extra = names.filter((name) => !(RUNTIME_DEPENDENCIES as readonly string[]).includes(name));
  const missing = RUNTIME_DEPENDENCIES.filter((name) => !names.includes(name));
  if (extra.length) {
    throw new DeployCheckError(
      `package.json "dependencies" would upload ${extra.join(', ')}, which the functions do not load (scripts/build.mjs bundles everything but ${RUNTIME_DEPENDENCIES.join(' and ')}): move ${extra.length === 1 ? 'it' : 'them'} to "devDependencies"`,
    );
  }
  if (missing.length)
    throw new DeployCheckError(
      `package.json "dependencies" must list ${missing.join(' and ')}: the deployed functions load ${missing.length === 1 ? 'it' : 'them'}`,
    );
}
