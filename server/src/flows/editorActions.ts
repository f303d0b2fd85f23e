import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Cloud } from '../cloud/cloud';
import { ModuleEvaluator } from '../convert/evaluate';
import type { Value } from '../convert/values';
import type { HclDocument } from '../hcl/chunkedDocument';
import { loadOci } from '../oci/load';
import type { CreateModelResponse, CreatePlanResponse, UnknownValue } from '../protocol';
import { sleep } from '../sleep';
import { uriToPath } from '../workspace/moduleIndex';
import type { Workspace } from '../workspace/workspace';
import { CreateRecords, detailsHash } from './createRecords';
import { createdMark, creatingMark, failedImportChange, markChange, writeImportChange, type TextChange } from './importBlockText';
import { importModel, type ImportedModel } from './importModel';
import { planCreate } from './planCreate';
import { runCreate } from './runCreate';

const MODEL = 'oci_generative_ai_model';
/** A first answer from OCI usually takes well under a second; a person should not wait longer than this for choices. */
const CHOICES_WAIT_MS = 5000;
const CHOICES_POLL_MS = 100;

/** What the editor must do for a create: change a file, show progress. The server adapts LSP to it. */
export interface EditorPort {
  /** Applies a change to the file's current text (open or on disk) as one undoable edit; false if refused. */
  editFile(uri: string, change: (text: string) => TextChange | undefined): Promise<boolean>;
  progress(title: string): Promise<{ report(percent: number | undefined, message: string): void; done(): void; stopped: AbortSignal }>;
}

/** Import and create as the editor offers them, on the open documents and the user's connection. */
export class EditorActions {
  constructor(
    private readonly workspace: Workspace,
    private readonly parser: Parser,
    private readonly cloud: Cloud,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The HCL for a model; `moduleUri` is a document or a folder of the module it is for. */
  async importModel(modelId: string, moduleUri: string): Promise<ImportedModel> {
    const connection = this.connection();
    const file = uriToPath(moduleUri);
    const dir = file && (file.endsWith('.tf') || file.endsWith('.tfvars') ? path.dirname(file) : file);
    const document = this.workspace.get(moduleUri);
    const module = document ? this.workspace.modules.contextFor(document) : dir ? this.workspace.modules.contextForDir(dir) : undefined;
    if (!module) throw new Error(`${moduleUri} is not a file or folder on this machine.`);
    return importModel({ oci: loadOci(), connection, modelId, module, registry: this.workspace.registry, env: this.env });
  }

  /** The address of the model block at a position, for "create the block at the cursor". */
  modelAt(document: HclDocument, line: number): string | undefined {
    const chunk = document.chunks[document.chunkIndexAtLine(line)];
    if (!chunk) return undefined;
    for (const item of this.workspace.analyzer.analyze(chunk, 'configuration').headers) {
      if (item.kind !== 'block' || item.type !== 'resource' || item.labels[0]?.value !== MODEL || !item.labels[1]) continue;
      if (line - chunk.startLine >= item.range.start.line && line - chunk.startLine <= item.range.end.line) return `${MODEL}.${item.labels[1].value}`;
    }
    return undefined;
  }

  /** The plan; live choices still being fetched are waited for a few seconds, so that the first ask offers them. */
  async planCreate(uri: string, address: string, answers: Readonly<Record<string, Value>>): Promise<CreatePlanResponse> {
    const deadline = Date.now() + CHOICES_WAIT_MS;
    for (;;) {
      const { response, choicesPending } = this.plan(uri, address, answers);
      if (!choicesPending || Date.now() >= deadline) return response;
      await sleep(CHOICES_POLL_MS);
    }
  }

  /** The plan, and for a ready one the line after which its import block goes. */
  private plan(uri: string, address: string, answers: Readonly<Record<string, Value>>): { response: CreatePlanResponse; endLine?: number; choicesPending?: boolean } {
    const file = uriToPath(uri);
    if (!file) return { response: { kind: 'refused', reason: `${uri} is not a file on this machine.` } };
    const dir = path.dirname(file);
    const module = this.workspace.modules.contextForDir(dir);
    const evaluator = new ModuleEvaluator(dir, module, this.parser, this.workspace.openDocuments(), { env: this.env, varFiles: [] });
    try {
      const plan = planCreate({
        evaluator,
        registry: this.workspace.registry,
        address,
        knownIds: module.knownIds,
        diagnostics: (planned) => {
          const open = [...this.workspace.openDocuments()].find((d) => uriToPath(d.uri) === planned);
          return open ? this.workspace.diagnostics(open.uri) : [];
        },
        answers,
      });
      if (plan.kind === 'refused') return { response: plan };
      if (plan.kind === 'incomplete') {
        const choices = plan.unknown.map((u) => this.choicesFor(u.path, plan.compartmentId));
        return {
          response: { kind: 'incomplete', address, unknown: plan.unknown.map((u, i) => ({ ...u, choices: choices[i] ?? [] })) },
          choicesPending: choices.some((c) => c === undefined),
        };
      }
      const status = this.cloud.status;
      return {
        response: { kind: 'ready', address, details: plan.details, region: status.region ?? '', profile: status.profile ?? '', detailsHash: detailsHash(plan.details) },
        endLine: plan.endLine,
      };
    } finally {
      evaluator.dispose();
    }
  }

  /** Creates the model of a ready plan, writing the import block and following the training; see `runCreate`. */
  /** `confirmedHash`: what the person saw and confirmed; a block changed since is not created. */
  async createModel(uri: string, address: string, answers: Readonly<Record<string, Value>>, editor: EditorPort, confirmedHash?: string): Promise<CreateModelResponse> {
    const { response: plan, endLine } = this.plan(uri, address, answers);
    if (plan.kind !== 'ready' || endLine === undefined) {
      throw new Error(plan.kind === 'refused' ? plan.reason : `values are missing: ${plan.kind === 'incomplete' ? plan.unknown.map((u) => u.path).join(', ') : ''}`);
    }
    if (confirmedHash !== undefined && confirmedHash !== plan.detailsHash) {
      throw new Error(`${address} changed after you confirmed what would be sent; nothing was created. Run Create again to see the new request.`);
    }
    const connection = this.connection();
    const file = uriToPath(uri)!;
    const progress = await editor.progress(`Creating ${address} in OCI`);
    try {
      const outcome = await runCreate({
        oci: loadOci(),
        connection,
        records: new CreateRecords(path.dirname(file)),
        address,
        details: plan.details as object,
        signal: progress.stopped,
        events: {
          modelKnown: async (modelId, workRequestId) => {
            progress.report(0, `model ${modelId} is being created`);
            await editor.editFile(uri, (text) => writeImportChange(text, endLine, address, modelId, creatingMark(workRequestId)));
          },
          progress: (percent, status) => progress.report(percent, status.replace(/_/g, ' ').toLowerCase()),
        },
      });
      if (outcome.status === 'succeeded') await editor.editFile(uri, (text) => markChange(text, address, createdMark(new Date())));
      if (outcome.status === 'failed') await editor.editFile(uri, (text) => failedImportChange(text, address, outcome.modelId, outcome.errors.join('; ')));
      return outcome;
    } finally {
      progress.done();
    }
  }

  /**
   * Live values for the arguments a person most often has to give: base model and cluster. Undefined while the
   * catalog is still fetching them.
   */
  private choicesFor(argumentPath: string, blockCompartment: string | undefined): UnknownValue['choices'] | undefined {
    const catalog = this.cloud.catalog();
    const compartment = blockCompartment ?? this.cloud.defaultCompartment();
    if (!catalog || !compartment) return [];
    if (argumentPath === 'base_model_id') {
      return catalog.fineTunableBaseModels(compartment)?.map((m) => ({ label: m.displayName ?? m.id, description: [m.vendor, m.version].filter(Boolean).join(' '), value: m.id }));
    }
    if (argumentPath === 'fine_tune_details.dedicated_ai_cluster_id') {
      return catalog.fineTuningClusters(compartment)?.map((c) => ({ label: c.displayName ?? c.id, description: c.unitShape ?? '', value: c.id }));
    }
    return [];
  }

  private connection() {
    const connection = this.cloud.connection();
    if (!connection) throw new Error(this.cloud.status.message);
    return connection;
  }
}
