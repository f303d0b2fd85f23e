import { createHash } from 'node:crypto';
import { isoTime } from './clock';
import type {
  ActionType,
  Model,
  ModelMetrics,
  OperationStatus,
  WorkRequest,
  WorkRequestError,
  WorkRequestLogEntry,
} from './resources';

/**
 * A work request is a script of steps, each due at a fixed fraction of the work request's duration: the same
 * elapsed time always shows the same status, percentage, logs and model state, which is what lets tests (and the
 * Terraform provider's polling) follow it deterministically. Nothing runs in the background; a run catches up
 * whenever someone looks.
 */
export interface Step {
  /** When the step happens, as a fraction of the duration (0 = when the request is accepted, 1 = the end). */
  at: number;
  status: OperationStatus;
  percentComplete: number;
  /** What the resource entry of the work request says from this step on. */
  actionType: ActionType;
  log?: string;
  error?: { code: string; message: string };
  /** Changes to the model this work request is about. */
  model?: Partial<Pick<Model, 'lifecycleState' | 'lifecycleDetails' | 'modelMetrics'>>;
}

const TERMINAL: readonly OperationStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELED'];

/** The entity type in work request resources; the Terraform provider looks for one containing "model". */
export const MODEL_ENTITY_TYPE = 'GenerativeAiModel';

export class WorkRequestRun {
  readonly errors: WorkRequestError[] = [];
  readonly logs: WorkRequestLogEntry[] = [];
  private nextStep = 0;

  constructor(
    readonly workRequest: WorkRequest,
    private readonly steps: readonly Step[],
    /** Elapsed-clock time at acceptance. */
    private readonly acceptedAt: number,
    private readonly durationMs: number,
  ) {}

  get finished(): boolean {
    return TERMINAL.includes(this.workRequest.status);
  }

  /** Applies every step due by `elapsedNow`, handing each model change (and its time) to `applyToModel`. */
  advance(elapsedNow: number, applyToModel: (change: NonNullable<Step['model']>, time: string) => void): void {
    const acceptedWall = Date.parse(this.workRequest.timeAccepted);
    while (this.nextStep < this.steps.length) {
      const step = this.steps[this.nextStep]!;
      const offsetMs = step.at * this.durationMs;
      if (this.acceptedAt + offsetMs > elapsedNow) return;
      this.nextStep += 1;
      const time = isoTime(acceptedWall + offsetMs);
      const request = this.workRequest;
      request.status = step.status;
      request.percentComplete = step.percentComplete;
      for (const resource of request.resources) resource.actionType = step.actionType;
      if (step.status === 'IN_PROGRESS' && request.timeStarted === undefined) request.timeStarted = time;
      if (TERMINAL.includes(step.status)) request.timeFinished = time;
      if (step.log) this.logs.push({ message: step.log, timestamp: time });
      if (step.error) this.errors.push({ ...step.error, timestamp: time });
      if (step.model) applyToModel(step.model, time);
    }
  }
}

function datasetUri(model: Model): string {
  const dataset = model.fineTuneDetails!.trainingDataset;
  return `oci://${dataset.bucketName}@${dataset.namespaceName}/${dataset.objectName}`;
}

/** Accepted, dataset check, training epoch by epoch, then ACTIVE; or FAILED at the dataset check. */
export function createModelSteps(model: Model, context: { baseModelName: string; clusterName: string; datasetFound: boolean }): Step[] {
  const config = model.fineTuneDetails!.trainingConfig!;
  const epochs = typeof config.totalTrainingEpochs === 'number' ? config.totalTrainingEpochs : 1;
  const name = model.displayName ?? model.id;
  const steps: Step[] = [
    { at: 0, status: 'ACCEPTED', percentComplete: 0, actionType: 'IN_PROGRESS', log: `Accepted the request to create custom model ${name} from ${context.baseModelName}.` },
    { at: 0.1, status: 'IN_PROGRESS', percentComplete: 5, actionType: 'IN_PROGRESS', log: `Validating the training dataset ${datasetUri(model)}.` },
  ];
  if (!context.datasetFound) {
    const message = `The training dataset ${datasetUri(model)} was not found, or you are not authorized to read it.`;
    steps.push({
      at: 0.25,
      status: 'FAILED',
      percentComplete: 5,
      actionType: 'FAILED',
      log: `Fine-tuning failed: ${message}`,
      error: { code: 'NotAuthorizedOrNotFound', message },
      model: { lifecycleState: 'FAILED', lifecycleDetails: message },
    });
    return steps;
  }
  steps.push(
    { at: 0.25, status: 'IN_PROGRESS', percentComplete: 15, actionType: 'IN_PROGRESS', log: 'The training dataset is valid; 80% is used for training and 20% for validation.' },
    {
      at: 0.3,
      status: 'IN_PROGRESS',
      percentComplete: 20,
      actionType: 'IN_PROGRESS',
      log: `Fine-tuning on dedicated AI cluster ${context.clusterName} with ${config.trainingConfigType} for ${epochs} epoch(s).`,
      model: { lifecycleDetails: 'Fine-tuning in progress.' },
    },
  );
  // At most five epoch lines, so a 50-epoch job does not flood the log.
  const shown = Math.min(epochs, 5);
  for (let k = 1; k <= shown; k++) {
    steps.push({
      at: 0.3 + (0.6 * k) / shown,
      status: 'IN_PROGRESS',
      percentComplete: Math.round(20 + (75 * k) / shown),
      actionType: 'IN_PROGRESS',
      log: `Completed epoch ${Math.round((k * epochs) / shown)} of ${epochs}.`,
    });
  }
  steps.push({
    at: 1,
    status: 'SUCCEEDED',
    percentComplete: 100,
    actionType: 'CREATED',
    log: `Custom model ${model.id} is ACTIVE.`,
    model: { lifecycleState: 'ACTIVE', lifecycleDetails: 'Fine-tuning completed.', modelMetrics: trainingMetrics(model) },
  });
  return steps;
}

/** The model is DELETING from the request on; DELETED at the end. */
export function deleteModelSteps(model: Model): Step[] {
  const name = model.displayName ?? model.id;
  return [
    { at: 0, status: 'ACCEPTED', percentComplete: 0, actionType: 'IN_PROGRESS', log: `Accepted the request to delete custom model ${name}.` },
    { at: 0.1, status: 'IN_PROGRESS', percentComplete: 10, actionType: 'IN_PROGRESS', log: `Deleting custom model ${name}.` },
    { at: 1, status: 'SUCCEEDED', percentComplete: 100, actionType: 'DELETED', log: `Custom model ${model.id} is DELETED.`, model: { lifecycleState: 'DELETED' } },
  ];
}

/** Plausible final metrics, the same for the same model id. */
function trainingMetrics(model: Model): ModelMetrics {
  const hash = createHash('sha256').update(model.id).digest();
  const fraction = (byte: number): number => hash[byte]! / 255;
  return {
    modelMetricsType: model.capabilities.includes('CHAT') ? 'CHAT_MODEL_METRICS' : 'TEXT_GENERATION_MODEL_METRICS',
    finalAccuracy: Math.round((0.8 + 0.15 * fraction(0)) * 10000) / 10000,
    finalLoss: Math.round((0.25 + 0.35 * fraction(1)) * 10000) / 10000,
  };
}
