import { models, requests } from 'oci-generativeai';
import type { CallBounds, OciConnection } from './connection';
import { OciFailure } from './failures';
import { parseOcid } from '../schema/ocid';

/**
 * The region an OCID names, to ask that region's endpoint for it; undefined (the profile's region) for OCIDs
 * without one or with an old three-letter code.
 */
function regionOfOcid(ocid: string): string | undefined {
  const region = parseOcid(ocid)?.region;
  return region && /^[a-z]+-[a-z]+-\d+$/.test(region) ? region : undefined;
}

/** Enough for any tenancy; a service that keeps answering pages past this is looping. */
const MAX_PAGES = 500;
const PAGE_SIZE = 100;

/**
 * Every page of a list, following `opc-next-page` (the SDK's `paginateRecords` looks for `items` on the response,
 * where ListModels has none). All pages share the caller's time bound.
 */
async function allPages<T>(fetchPage: (page: string | undefined) => Promise<{ items: T[]; next: string | undefined }>, action: string): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let page: string | undefined;
  for (let count = 0; count < MAX_PAGES; count++) {
    const answer = await fetchPage(page);
    items.push(...answer.items);
    if (!answer.next) return items;
    if (seen.has(answer.next)) throw new OciFailure('invalid-response', `Could not ${action}: OCI sent the same page token twice.`);
    seen.add(answer.next);
    page = answer.next;
  }
  throw new OciFailure('invalid-response', `Could not ${action}: OCI kept sending pages past ${MAX_PAGES}.`);
}

export type ModelFilter = Omit<requests.ListModelsRequest, 'page' | 'limit' | 'opcRequestId' | 'retryConfiguration'>;

/** Every model a compartment lists: the region's base models and the compartment's custom models. */
export function listModels(connection: OciConnection, filter: ModelFilter, bounds: CallBounds): Promise<models.ModelSummary[]> {
  const action = `list the models of compartment ${filter.compartmentId}`;
  return allPages(async (page) => {
    const response = await connection.call((client) => client.listModels({ ...filter, limit: PAGE_SIZE, ...(page ? { page } : {}) }), {
      ...bounds,
      action,
      idempotent: true,
    });
    return { items: response.modelCollection.items, next: response.opcNextPage };
  }, action);
}

/** One page of a compartment's models, for views that show the first page quickly and load more on request. */
export async function listModelsPage(
  connection: OciConnection,
  filter: ModelFilter,
  page: string | undefined,
  limit: number,
  bounds: CallBounds,
): Promise<{ items: models.ModelSummary[]; nextPage: string | undefined }> {
  const response = await connection.call((client) => client.listModels({ ...filter, limit, ...(page ? { page } : {}) }), {
    ...bounds,
    action: `list the models of compartment ${filter.compartmentId}`,
    idempotent: true,
  });
  return { items: response.modelCollection.items, nextPage: response.opcNextPage };
}

/** One model, asked of the region its OCID names. */
export async function getModel(connection: OciConnection, modelId: string, bounds: CallBounds): Promise<models.Model> {
  const response = await connection.call((client) => client.getModel({ modelId }), {
    ...bounds,
    action: `read model ${modelId}`,
    idempotent: true,
    region: regionOfOcid(modelId),
  });
  return response.model;
}

export type ClusterFilter = Omit<requests.ListDedicatedAiClustersRequest, 'page' | 'limit' | 'opcRequestId' | 'retryConfiguration'>;

export function listDedicatedAiClusters(connection: OciConnection, filter: ClusterFilter, bounds: CallBounds): Promise<models.DedicatedAiClusterSummary[]> {
  const action = `list the dedicated AI clusters of compartment ${filter.compartmentId}`;
  return allPages(async (page) => {
    const response = await connection.call(
      (client) => client.listDedicatedAiClusters({ ...filter, limit: PAGE_SIZE, ...(page ? { page } : {}) }),
      { ...bounds, action, idempotent: true },
    );
    return { items: response.dedicatedAiClusterCollection.items, next: response.opcNextPage };
  }, action);
}

export async function getDedicatedAiCluster(connection: OciConnection, clusterId: string, bounds: CallBounds): Promise<models.DedicatedAiCluster> {
  const response = await connection.call((client) => client.getDedicatedAiCluster({ dedicatedAiClusterId: clusterId }), {
    ...bounds,
    action: `read dedicated AI cluster ${clusterId}`,
    idempotent: true,
    region: regionOfOcid(clusterId),
  });
  return response.dedicatedAiCluster;
}

/**
 * Starts fine-tuning a model. The retry token makes the call safe to repeat, by our retries and by a later
 * attempt after a crash: OCI answers the model the first call created.
 */
export async function createModel(
  connection: OciConnection,
  details: models.CreateModelDetails,
  retryToken: string,
  bounds: CallBounds,
): Promise<{ model: models.Model; workRequestId: string }> {
  const response = await connection.call((client) => client.createModel({ createModelDetails: details, opcRetryToken: retryToken }), {
    ...bounds,
    action: `create the model ${details.displayName ?? ''}`.trimEnd(),
    idempotent: true,
  });
  return { model: response.model, workRequestId: response.opcWorkRequestId };
}

export async function getWorkRequest(connection: OciConnection, workRequestId: string, bounds: CallBounds): Promise<models.WorkRequest> {
  const response = await connection.call((client) => client.getWorkRequest({ workRequestId }), {
    ...bounds,
    action: `read work request ${workRequestId}`,
    idempotent: true,
    region: regionOfOcid(workRequestId),
  });
  return response.workRequest;
}

/**
 * The work request creating a model, the newest if there are several: its percentage is what a model CREATING
 * shows. One page, newest first: the creating request is among a model's latest.
 */
export async function modelCreationWorkRequest(
  connection: OciConnection,
  compartmentId: string,
  modelId: string,
  bounds: CallBounds,
): Promise<models.WorkRequestSummary | undefined> {
  const response = await connection.call(
    (client) =>
      client.listWorkRequests({
        compartmentId,
        resourceId: modelId,
        sortBy: requests.ListWorkRequestsRequest.SortBy.TimeAccepted,
        sortOrder: models.SortOrder.Desc,
        limit: 20,
      }),
    { ...bounds, action: `list the work requests of model ${modelId}`, idempotent: true, region: regionOfOcid(modelId) },
  );
  return response.workRequestSummaryCollection.items.find((request) => request.operationType === models.OperationType.CreateModel);
}

/** What went wrong in a work request, oldest first, all pages. */
export function listWorkRequestErrors(connection: OciConnection, workRequestId: string, bounds: CallBounds): Promise<models.WorkRequestError[]> {
  const action = `read the errors of work request ${workRequestId}`;
  return allPages(async (page) => {
    const response = await connection.call(
      (client) =>
        client.listWorkRequestErrors({
          workRequestId,
          sortBy: requests.ListWorkRequestErrorsRequest.SortBy.Timestamp,
          sortOrder: models.SortOrder.Asc,
          ...(page ? { page } : {}),
        }),
      { ...bounds, action, idempotent: true, region: regionOfOcid(workRequestId) },
    );
    return { items: response.workRequestErrorCollection.items, next: response.opcNextPage };
  }, action);
}
