import type { LiveModelDetails, Lookup } from '../cloud/liveData';

/** What OCI says of the model a block stands for, as plain data: the lens, Show Drift and the CLI show it. */
export interface LiveStatus {
  /** `absent`: OCI answers that there is no such model (or none the profile may read). */
  lookup: Lookup<unknown>['state'];
  lifecycleState?: string;
  /** FAILED: why. */
  lifecycleDetails?: string;
  /** CREATING: of the work request that creates it. */
  percentComplete?: number;
  finalAccuracy?: number;
  finalLoss?: number;
  /** `absent` and `unavailable`: OCI's answer, one sentence. */
  message?: string;
}

export function liveStatusOf(lookup: Lookup<LiveModelDetails>): LiveStatus {
  if (lookup.state === 'pending') return { lookup: 'pending' };
  if (lookup.state !== 'known') return { lookup: lookup.state, message: lookup.message };
  const { model, creation } = lookup.value;
  const metrics = isRecord(model['modelMetrics']) ? model['modelMetrics'] : {};
  const status: LiveStatus = { lookup: 'known', lifecycleState: String(model['lifecycleState'] ?? 'UNKNOWN') };
  if (typeof model['lifecycleDetails'] === 'string' && model['lifecycleDetails']) status.lifecycleDetails = model['lifecycleDetails'];
  if (status.lifecycleState === 'CREATING' && typeof creation?.percentComplete === 'number') status.percentComplete = creation.percentComplete;
  if (typeof metrics['finalAccuracy'] === 'number') status.finalAccuracy = metrics['finalAccuracy'];
  if (typeof metrics['finalLoss'] === 'number') status.finalLoss = metrics['finalLoss'];
  return status;
}

/** The model no longer exists for Terraform: applying the file would create another. */
export function isGone(status: LiveStatus): boolean {
  return status.lookup === 'absent' || status.lifecycleState === 'DELETED' || status.lifecycleState === 'DELETING';
}

/** Whether the file can be compared with it: it exists and its fields are there to read. */
export function isComparable(status: LiveStatus): boolean {
  return status.lookup === 'known' && !isGone(status);
}

const LONGEST_REASON = 80;

/** One line: `OCI: ACTIVE · accuracy 0.8731 · loss 0.4127`, `OCI: CREATING 45%`, `OCI: FAILED: <why>`, `OCI: DELETED`. */
export function liveStatusTitle(status: LiveStatus): string {
  switch (status.lookup) {
    case 'pending':
      return 'OCI: reading the model...';
    case 'absent':
      return 'OCI: not found (deleted, or your profile may not read it)';
    case 'unavailable':
      return 'OCI: could not be read';
  }
  const parts = [`OCI: ${status.lifecycleState}${status.percentComplete === undefined ? '' : ` ${Math.round(status.percentComplete)}%`}`];
  if (status.lifecycleState === 'FAILED' && status.lifecycleDetails) {
    const reason = status.lifecycleDetails.replace(/\s+/g, ' ');
    parts[0] += `: ${reason.length > LONGEST_REASON ? `${reason.slice(0, LONGEST_REASON - 3)}...` : reason}`;
  }
  if (!isGone(status)) {
    if (status.finalAccuracy !== undefined) parts.push(`accuracy ${status.finalAccuracy}`);
    if (status.finalLoss !== undefined) parts.push(`loss ${status.finalLoss}`);
  }
  return parts.join(' · ');
}

/** The one diagnostic of a block whose model is gone. */
export function goneMessage(modelId: string, status: LiveStatus): string {
  const what = status.lookup === 'absent' ? `OCI does not find model ${modelId} (deleted, or your profile may not read it)` : `Model ${modelId} is ${status.lifecycleState} in OCI`;
  return `${what}: the import block or state entry that names it is stale; Terraform would create a new model (and cannot import this one).`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
