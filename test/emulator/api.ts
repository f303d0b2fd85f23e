import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, invalidParameter, notAuthorizedOrNotFound, parseJson } from './errors';
import type { OperationName } from './faults';
import { listPage, timeValue, type Query, type SortSpec } from './listing';
import { OBJECT_STORAGE_ROUTES } from './objectStorageApi';
import { isOcidOf } from './ocid';
import {
  CLUSTER_LIFECYCLE_STATES,
  MODEL_CAPABILITIES,
  MODEL_LIFECYCLE_STATES,
  OPERATION_STATUSES,
  type DedicatedAiCluster,
  type Model,
  type ModelSummary,
  type WorkRequest,
  type WorkRequestError,
  type WorkRequestLogEntry,
} from './resources';
import { etagOf, type Store } from './store';
import { validateCreateModel, validateUpdateModel } from './validation';

/** One API call, after routing and authentication. */
export interface ApiRequest {
  params: Readonly<Record<string, string>>;
  query: Query;
  headers: IncomingHttpHeaders;
  /** The body in one buffer; empty for routes with a raw body. */
  body: Buffer;
  /** The body as it arrived, in chunks: what routes with a raw body (an object's bytes) keep. */
  content: readonly Buffer[];
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes (an object's), sent as they are in place of a JSON body. */
  bytes?: readonly Buffer[];
}

export type Handler = (store: Store, request: ApiRequest) => Reply;

export interface Route {
  method: string;
  path: RegExp;
  operation: OperationName;
  handler: Handler;
  /** The body is an object's bytes: not signed, kept in chunks, and allowed to be large. */
  rawBody?: true;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { allowedMethods: string[] } | undefined;

/** The paths the SDK calls, with their operations: Generative AI's (20231130), then Object Storage's. */
const ROUTES: Route[] = [
  { method: 'GET', path: /^\/20231130\/models$/, operation: 'ListModels', handler: listModels },
  { method: 'POST', path: /^\/20231130\/models$/, operation: 'CreateModel', handler: createModel },
  { method: 'GET', path: /^\/20231130\/models\/(?<modelId>[^/]+)$/, operation: 'GetModel', handler: getModel },
  { method: 'PUT', path: /^\/20231130\/models\/(?<modelId>[^/]+)$/, operation: 'UpdateModel', handler: updateModel },
  { method: 'DELETE', path: /^\/20231130\/models\/(?<modelId>[^/]+)$/, operation: 'DeleteModel', handler: deleteModel },
  { method: 'GET', path: /^\/20231130\/workRequests$/, operation: 'ListWorkRequests', handler: listWorkRequests },
  { method: 'GET', path: /^\/20231130\/workRequests\/(?<workRequestId>[^/]+)$/, operation: 'GetWorkRequest', handler: getWorkRequest },
  { method: 'GET', path: /^\/20231130\/workRequests\/(?<workRequestId>[^/]+)\/errors$/, operation: 'ListWorkRequestErrors', handler: listWorkRequestErrors },
  { method: 'GET', path: /^\/20231130\/workRequests\/(?<workRequestId>[^/]+)\/logs$/, operation: 'ListWorkRequestLogs', handler: listWorkRequestLogs },
  { method: 'GET', path: /^\/20231130\/dedicatedAiClusters$/, operation: 'ListDedicatedAiClusters', handler: listClusters },
  { method: 'GET', path: /^\/20231130\/dedicatedAiClusters\/(?<dedicatedAiClusterId>[^/]+)$/, operation: 'GetDedicatedAiCluster', handler: getCluster },
  ...OBJECT_STORAGE_ROUTES,
];

export function matchRoute(method: string, pathname: string): RouteMatch {
  const allowedMethods: string[] = [];
  for (const route of ROUTES) {
    const match = route.path.exec(pathname);
    if (!match) continue;
    if (route.method !== method) {
      allowedMethods.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
    return { route, params };
  }
  return allowedMethods.length > 0 ? { allowedMethods } : undefined;
}

const MODEL_SORT: SortSpec<Model> = {
  keys: {
    timeCreated: { value: (model) => timeValue(model.timeCreated), defaultOrder: 'DESC' },
    displayName: { value: (model) => model.displayName ?? '', defaultOrder: 'ASC' },
    lifecycleState: { value: (model) => model.lifecycleState, defaultOrder: 'ASC' },
  },
  defaultKey: 'timeCreated',
};

const CLUSTER_SORT: SortSpec<DedicatedAiCluster> = {
  keys: {
    timeCreated: { value: (cluster) => timeValue(cluster.timeCreated), defaultOrder: 'DESC' },
    displayName: { value: (cluster) => cluster.displayName ?? '', defaultOrder: 'ASC' },
    lifecycleState: { value: (cluster) => cluster.lifecycleState, defaultOrder: 'ASC' },
  },
  defaultKey: 'timeCreated',
};

const WORK_REQUEST_SORT: SortSpec<WorkRequest> = {
  keys: { timeAccepted: { value: (request) => timeValue(request.timeAccepted), defaultOrder: 'DESC' } },
  defaultKey: 'timeAccepted',
};

/** The API reference gives descending as the default order of work request errors and logs. */
const ENTRY_SORT: SortSpec<WorkRequestError | WorkRequestLogEntry> = {
  keys: { timestamp: { value: (entry) => timeValue(entry.timestamp), defaultOrder: 'DESC' } },
  defaultKey: 'timestamp',
};

function listModels(store: Store, { query }: ApiRequest): Reply {
  const compartmentId = listedCompartment(store, query);
  const vendor = query.optional('vendor');
  const capabilities = query.all('capability', MODEL_CAPABILITIES);
  const lifecycleState = query.oneOf('lifecycleState', MODEL_LIFECYCLE_STATES);
  const displayName = query.optional('displayName');
  const id = query.optional('id');
  // A model matches a repeated capability filter when it has any of the listed capabilities.
  const models = store.modelsVisibleIn(compartmentId).filter(
    (model) =>
      (lifecycleState ? model.lifecycleState === lifecycleState : model.lifecycleState !== 'DELETED') &&
      (vendor === undefined || model.vendor === vendor) &&
      (capabilities.length === 0 || capabilities.some((capability) => model.capabilities.includes(capability))) &&
      (displayName === undefined || model.displayName === displayName) &&
      (id === undefined || model.id === id),
  );
  const page = listPage(models, query, MODEL_SORT, (model) => model.id);
  return collection(page.items.map(modelSummary), page.nextPage);
}

function getModel(store: Store, { params }: ApiRequest): Reply {
  return withEtag(existingModel(store, params['modelId']!));
}

function createModel(store: Store, request: ApiRequest): Reply {
  const body = parseJson(request.body);
  const token = retryToken(request.headers);
  const retry = token !== undefined ? { token, bodyDigest: canonicalDigest(body) } : undefined;
  const created = (retry && store.retriedCreate(retry.token, retry.bodyDigest)) ?? store.createModel(validateCreateModel(body, store), retry);
  const reply = withEtag(created.model);
  reply.headers!['opc-work-request-id'] = created.workRequestId;
  return reply;
}

function updateModel(store: Store, request: ApiRequest): Reply {
  const model = existingModel(store, request.params['modelId']!);
  checkIfMatch(request.headers, model);
  const changes = validateUpdateModel(parseJson(request.body));
  return withEtag(store.updateModel(model, changes));
}

function deleteModel(store: Store, request: ApiRequest): Reply {
  const model = existingModel(store, request.params['modelId']!);
  checkIfMatch(request.headers, model);
  const run = store.deleteModel(model);
  return { status: 202, headers: { 'opc-work-request-id': run.workRequest.id } };
}

function getWorkRequest(store: Store, { params }: ApiRequest): Reply {
  return withEtag(existingWorkRequest(store, params['workRequestId']!).workRequest);
}

function listWorkRequestErrors(store: Store, { params, query }: ApiRequest): Reply {
  const page = listPage(existingWorkRequest(store, params['workRequestId']!).errors, query, ENTRY_SORT, (entry) => entry.timestamp + entry.message);
  return collection(page.items, page.nextPage);
}

function listWorkRequestLogs(store: Store, { params, query }: ApiRequest): Reply {
  const page = listPage(existingWorkRequest(store, params['workRequestId']!).logs, query, ENTRY_SORT, (entry) => entry.timestamp + entry.message);
  return collection(page.items, page.nextPage);
}

function listWorkRequests(store: Store, { query }: ApiRequest): Reply {
  const compartmentId = listedCompartment(store, query);
  const workRequestId = query.optional('workRequestId');
  const status = query.oneOf('status', OPERATION_STATUSES);
  const resourceId = query.optional('resourceId');
  const requests = store
    .workRequestsIn(compartmentId)
    .map((run) => run.workRequest)
    .filter(
      (request) =>
        (workRequestId === undefined || request.id === workRequestId) &&
        (status === undefined || request.status === status) &&
        (resourceId === undefined || request.resources.some((resource) => resource.identifier === resourceId)),
    );
  const page = listPage(requests, query, WORK_REQUEST_SORT, (request) => request.id);
  return collection(page.items, page.nextPage);
}

function listClusters(store: Store, { query }: ApiRequest): Reply {
  const compartmentId = listedCompartment(store, query);
  const lifecycleState = query.oneOf('lifecycleState', CLUSTER_LIFECYCLE_STATES);
  const displayName = query.optional('displayName');
  const id = query.optional('id');
  const clusters = store
    .clustersIn(compartmentId)
    .filter(
      (cluster) =>
        (lifecycleState ? cluster.lifecycleState === lifecycleState : cluster.lifecycleState !== 'DELETED') &&
        (displayName === undefined || cluster.displayName === displayName) &&
        (id === undefined || cluster.id === id),
    );
  const page = listPage(clusters, query, CLUSTER_SORT, (cluster) => cluster.id);
  return collection(page.items, page.nextPage);
}

function getCluster(store: Store, { params }: ApiRequest): Reply {
  const id = params['dedicatedAiClusterId']!;
  const cluster = store.cluster(id);
  if (!cluster) throw notAuthorizedOrNotFound(`dedicated AI cluster ${id}`);
  return withEtag(cluster);
}

function listedCompartment(store: Store, query: Query): string {
  const compartmentId = query.required('compartmentId');
  if (!isOcidOf(compartmentId, ['compartment', 'tenancy'])) throw invalidParameter(`compartmentId "${compartmentId}" is not a compartment OCID.`);
  if (!store.hasCompartment(compartmentId)) throw notAuthorizedOrNotFound(`compartment ${compartmentId}`);
  return compartmentId;
}

function existingModel(store: Store, id: string): Model {
  const model = store.model(id);
  if (!model) throw notAuthorizedOrNotFound(`model ${id}`);
  return model;
}

function existingWorkRequest(store: Store, id: string): NonNullable<ReturnType<Store['workRequest']>> {
  const run = store.workRequest(id);
  if (!run) throw notAuthorizedOrNotFound(`work request ${id}`);
  return run;
}

function modelSummary(model: Model): ModelSummary {
  const { description: _description, timeUpdated: _timeUpdated, ...summary } = model;
  return summary;
}

function collection(items: unknown[], nextPage: string | undefined): Reply {
  return { status: 200, body: { items }, headers: nextPage ? { 'opc-next-page': nextPage } : {} };
}

function withEtag(resource: object): Reply {
  return { status: 200, body: resource, headers: { etag: etagOf(resource) } };
}

/** `if-match` makes an update or delete conditional on the etag the client last saw. */
function checkIfMatch(headers: IncomingHttpHeaders, resource: object): void {
  const expected = headers['if-match'];
  if (expected !== undefined && expected !== '*' && expected !== etagOf(resource)) {
    throw new ApiError(412, 'NoEtagMatch', 'The etag in the if-match header does not match the current etag of the resource.');
  }
}

/** OCI accepts retry tokens of 1 to 64 characters. */
function retryToken(headers: IncomingHttpHeaders): string | undefined {
  const token = headers['opc-retry-token'];
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || token.length < 1 || token.length > 64) throw invalidParameter('opc-retry-token must be 1 to 64 characters long.');
  return token;
}

/** A digest that ignores key order and whitespace, so a retry that serializes differently still matches. */
function canonicalDigest(value: unknown): string {
  const canonical = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(canonical)
      : typeof item === 'object' && item !== null
        ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, canonical((item as Record<string, unknown>)[key])]))
        : item;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}
