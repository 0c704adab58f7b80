// Twilio Serverless v1 in the API double, the part a deploy reads and writes besides uploading: Services,
// their Environments (a domain per suffix, as twilio-run creates them) and each Environment's Variables, with
// Twilio's limits on a Variable (a key of at most 128 characters, a value of at most 450 bytes). Checked against
// twilio_serverless_v1.json by the worker's Prism like every other product.
import { TwilioApiError, badRequest, notFound } from './errors';
import { type Params, isoDate, newSid, param } from './format';
import type { DoubleRequest, DoubleResponse, PathParams, RouteTable } from './routes';
import { syncPage } from './sync';

const BASE = 'https://serverless.twilio.com/v1';
const KEY_MAX_CHARACTERS = 128;
const VALUE_MAX_BYTES = 450;

interface Dated {
  created: number;
  updated: number;
}

export interface ServerlessServiceRecord extends Dated {
  sid: string;
  uniqueName: string;
  friendlyName: string;
  includeCredentials: boolean;
  uiEditable: boolean;
  domainBase: string;
}

export interface ServerlessEnvironmentRecord extends Dated {
  sid: string;
  serviceSid: string;
  uniqueName: string;
  domainSuffix: string | null;
}

export interface ServerlessVariableRecord extends Dated {
  sid: string;
  serviceSid: string;
  environmentSid: string;
  key: string;
  value: string;
}

export class ServerlessState {
  readonly services = new Map<string, ServerlessServiceRecord>();
  readonly environments = new Map<string, ServerlessEnvironmentRecord>();
  readonly variables = new Map<string, ServerlessVariableRecord>();

  constructor(private readonly accountSid: () => string) {}

  register(routes: RouteTable): void {
    routes
      .add('GET', '/v1/Services', (req) => this.listServices(req))
      .add('POST', '/v1/Services', (req) => this.createService(req))
      .add('GET', '/v1/Services/{Sid}', (req, p) => ({ status: 200, body: this.renderService(this.service(p.Sid!, req.path)) }))
      .add('GET', '/v1/Services/{ServiceSid}/Environments', (req, p) => this.listEnvironments(req, p))
      .add('POST', '/v1/Services/{ServiceSid}/Environments', (req, p) => this.createEnvironment(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables', (req, p) => this.listVariables(req, p))
      .add('POST', '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables', (req, p) => this.createVariable(req, p))
      .add('GET', '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables/{Sid}', (req, p) => ({
        status: 200,
        body: this.renderVariable(this.variable(req, p)),
      }))
      .add('POST', '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables/{Sid}', (req, p) => this.updateVariable(req, p))
      .add('DELETE', '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables/{Sid}', (req, p) => {
        this.variables.delete(this.variable(req, p).sid);
        return { status: 204 };
      });
  }

  /** The variables of a service's environment, key -> value (what the functions' context would hold). */
  variablesOf(serviceSid: string, environmentSid: string): Record<string, string> {
    const found = [...this.variables.values()].filter(
      (variable) => variable.serviceSid === serviceSid && variable.environmentSid === environmentSid,
    );
    return Object.fromEntries(found.sort((a, b) => a.key.localeCompare(b.key)).map((variable) => [variable.key, variable.value]));
  }

  /** The environment's domain, as Twilio names it: the service's domain base, then the suffix when it has one. */
  domainOf(environment: ServerlessEnvironmentRecord): string {
    const base = this.services.get(environment.serviceSid)!.domainBase;
    return `${base}${environment.domainSuffix ? `-${environment.domainSuffix}` : ''}.twil.io`;
  }

  private service(sidOrName: string, path: string): ServerlessServiceRecord {
    const service = this.services.get(sidOrName) ?? [...this.services.values()].find((candidate) => candidate.uniqueName === sidOrName);
    if (!service) throw notFound(path);
    return service;
  }

  private environment(req: DoubleRequest, p: PathParams): ServerlessEnvironmentRecord {
    const service = this.service(p.ServiceSid!, req.path);
    const environment = this.environments.get(p.EnvironmentSid!);
    if (!environment || environment.serviceSid !== service.sid) throw notFound(req.path);
    return environment;
  }

  private variable(req: DoubleRequest, p: PathParams): ServerlessVariableRecord {
    const environment = this.environment(req, p);
    const variable = this.variables.get(p.Sid!);
    if (!variable || variable.environmentSid !== environment.sid) throw notFound(req.path);
    return variable;
  }

  private listServices(req: DoubleRequest): DoubleResponse {
    const all = [...this.services.values()].sort((a, b) => a.created - b.created);
    return { status: 200, body: syncPage(all, req.query, `${BASE}/Services`, 'services', (service) => this.renderService(service)) };
  }

  private createService(req: DoubleRequest): DoubleResponse {
    const uniqueName = required(req.body, 'UniqueName');
    if ([...this.services.values()].some((service) => service.uniqueName === uniqueName))
      throw new TwilioApiError(409, 54301, `Unique name already exists: ${uniqueName}`);
    const record: ServerlessServiceRecord = {
      sid: newSid('ZS'),
      uniqueName,
      friendlyName: required(req.body, 'FriendlyName'),
      includeCredentials: param(req.body, 'IncludeCredentials') !== 'false',
      uiEditable: param(req.body, 'UiEditable') === 'true',
      domainBase: `${uniqueName}-${String(1000 + this.services.size).slice(-4)}`,
      created: req.now,
      updated: req.now,
    };
    this.services.set(record.sid, record);
    return { status: 201, body: this.renderService(record) };
  }

  private listEnvironments(req: DoubleRequest, p: PathParams): DoubleResponse {
    const service = this.service(p.ServiceSid!, req.path);
    const all = [...this.environments.values()]
      .filter((environment) => environment.serviceSid === service.sid)
      .sort((a, b) => a.created - b.created);
    return {
      status: 200,
      body: syncPage(all, req.query, `${BASE}/Services/${service.sid}/Environments`, 'environments', (environment) =>
        this.renderEnvironment(environment),
      ),
    };
  }

  private createEnvironment(req: DoubleRequest, p: PathParams): DoubleResponse {
    const service = this.service(p.ServiceSid!, req.path);
    const suffix = param(req.body, 'DomainSuffix');
    if (suffix !== undefined && suffix.length > 16) throw badRequest('DomainSuffix must be at most 16 characters', 20001);
    const record: ServerlessEnvironmentRecord = {
      sid: newSid('ZE'),
      serviceSid: service.sid,
      uniqueName: required(req.body, 'UniqueName'),
      domainSuffix: suffix || null,
      created: req.now,
      updated: req.now,
    };
    this.environments.set(record.sid, record);
    return { status: 201, body: this.renderEnvironment(record) };
  }

  private listVariables(req: DoubleRequest, p: PathParams): DoubleResponse {
    const environment = this.environment(req, p);
    const all = [...this.variables.values()]
      .filter((variable) => variable.environmentSid === environment.sid)
      .sort((a, b) => a.created - b.created);
    const listUrl = `${BASE}/Services/${environment.serviceSid}/Environments/${environment.sid}/Variables`;
    return { status: 200, body: syncPage(all, req.query, listUrl, 'variables', (variable) => this.renderVariable(variable)) };
  }

  private createVariable(req: DoubleRequest, p: PathParams): DoubleResponse {
    const environment = this.environment(req, p);
    const key = checkedKey(required(req.body, 'Key'));
    if ([...this.variables.values()].some((variable) => variable.environmentSid === environment.sid && variable.key === key))
      throw badRequest(`Variable with key ${key} already exists`, 20001);
    const record: ServerlessVariableRecord = {
      sid: newSid('ZV'),
      serviceSid: environment.serviceSid,
      environmentSid: environment.sid,
      key,
      value: checkedValue(required(req.body, 'Value')),
      created: req.now,
      updated: req.now,
    };
    this.variables.set(record.sid, record);
    return { status: 201, body: this.renderVariable(record) };
  }

  private updateVariable(req: DoubleRequest, p: PathParams): DoubleResponse {
    const variable = this.variable(req, p);
    const key = param(req.body, 'Key');
    const value = param(req.body, 'Value');
    if (key !== undefined) variable.key = checkedKey(key);
    if (value !== undefined) variable.value = checkedValue(value);
    variable.updated = req.now;
    return { status: 200, body: this.renderVariable(variable) };
  }

  private renderService(service: ServerlessServiceRecord) {
    const url = `${BASE}/Services/${service.sid}`;
    return {
      sid: service.sid,
      account_sid: this.accountSid(),
      friendly_name: service.friendlyName,
      unique_name: service.uniqueName,
      include_credentials: service.includeCredentials,
      ui_editable: service.uiEditable,
      domain_base: service.domainBase,
      date_created: isoDate(service.created),
      date_updated: isoDate(service.updated),
      url,
      links: { functions: `${url}/Functions`, assets: `${url}/Assets`, environments: `${url}/Environments`, builds: `${url}/Builds` },
    };
  }

  private renderEnvironment(environment: ServerlessEnvironmentRecord) {
    const url = `${BASE}/Services/${environment.serviceSid}/Environments/${environment.sid}`;
    return {
      sid: environment.sid,
      account_sid: this.accountSid(),
      service_sid: environment.serviceSid,
      build_sid: null,
      unique_name: environment.uniqueName,
      domain_suffix: environment.domainSuffix,
      domain_name: this.domainOf(environment),
      date_created: isoDate(environment.created),
      date_updated: isoDate(environment.updated),
      url,
      links: { variables: `${url}/Variables`, deployments: `${url}/Deployments`, logs: `${url}/Logs` },
    };
  }

  private renderVariable(variable: ServerlessVariableRecord) {
    return {
      sid: variable.sid,
      account_sid: this.accountSid(),
      service_sid: variable.serviceSid,
      environment_sid: variable.environmentSid,
      key: variable.key,
      value: variable.value,
      date_created: isoDate(variable.created),
      date_updated: isoDate(variable.updated),
      url: `${BASE}/Services/${variable.serviceSid}/Environments/${variable.environmentSid}/Variables/${variable.sid}`,
    };
  }
}

function required(params: Params, name: string): string {
  const value = param(params, name);
  if (value === undefined || value === '') throw badRequest(`Missing required parameter ${name} in the post body`, 20001);
  return value;
}

function checkedKey(key: string): string {
  if (key.length > KEY_MAX_CHARACTERS) throw badRequest(`Key must be at most ${KEY_MAX_CHARACTERS} characters`, 20001);
  return key;
}

function checkedValue(value: string): string {
  if (Buffer.byteLength(value, 'utf8') > VALUE_MAX_BYTES) throw badRequest(`Value must be at most ${VALUE_MAX_BYTES} bytes`, 20001);
  return value;
}
