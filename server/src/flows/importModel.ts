import { resourceName } from '../convert/hclText';
import { modelToHcl } from '../convert/modelToHcl';
import { formatHcl } from '../format/formatHcl';
import type { OciConnection } from '../oci/connection';
import type { OciModule } from '../oci/load';
import { parseOcid } from '../schema/ocid';
import type { SchemaRegistry } from '../schema/registry';
import type { ModuleContext } from '../workspace/moduleIndex';

const MODEL = 'oci_generative_ai_model';
const IMPORT_BOUND_MS = 30_000;

/** Why a model is not imported, for the person who asked: `base-model` comes with its OCID to use instead. */
export class ImportRefused extends Error {
  override readonly name = 'ImportRefused';

  constructor(
    readonly kind: 'not-a-model' | 'base-model' | 'unusable-state',
    message: string,
  ) {
    super(message);
  }
}

export interface ImportedModel {
  /** The resource block and the `import` block, formatted as terraform fmt does. */
  hcl: string;
  address: string;
}

/**
 * The HCL that adopts a live custom model into a module: refuses what Terraform cannot manage (base models, models
 * that failed or are going away), writes OCIDs the module already names as references, and picks a resource name
 * the module does not use yet.
 */
export async function importModel(input: {
  oci: OciModule;
  connection: OciConnection;
  modelId: string;
  module: ModuleContext;
  registry: SchemaRegistry;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}): Promise<ImportedModel> {
  const { oci, connection, modelId, module } = input;
  if (parseOcid(modelId)?.kind !== 'generativeaimodel') {
    throw new ImportRefused('not-a-model', `"${modelId}" is not the OCID of a Generative AI model (ocid1.generativeaimodel...).`);
  }
  const model = await oci.getModel(connection, modelId, oci.within(IMPORT_BOUND_MS, input.signal));
  const name = model.displayName ?? modelId;
  if (model.type === 'BASE') {
    throw new ImportRefused(
      'base-model',
      `${name} is a base model: base models belong to OCI, not to your Terraform. Use its OCID as the base_model_id of a model you fine-tune.`,
    );
  }
  if (model.lifecycleState === 'FAILED' || model.lifecycleState === 'DELETING' || model.lifecycleState === 'DELETED') {
    const why = model.lifecycleState === 'FAILED' ? `its training failed${model.lifecycleDetails ? ` (${model.lifecycleDetails})` : ''}` : 'it is being deleted or is gone';
    throw new ImportRefused('unusable-state', `${name} is ${model.lifecycleState}: ${why}, so Terraform cannot manage it.`);
  }
  const taken = new Set([...module.objects.keys()].filter((key) => key.startsWith(`resource.${MODEL}.`)).map((key) => key.slice(`resource.${MODEL}.`.length)));
  const resource = resourceName(model.displayName, taken);
  const hcl = modelToHcl(model, input.registry, { name: resource, references: moduleReferences(module, input.env) });
  return { hcl: await formatHcl(hcl), address: `${MODEL}.${resource}` };
}

/**
 * OCIDs the module already names, and how: a variable whose value is that OCID (from `.tfvars`, `TF_VAR_` or its
 * default) or an object whose id is known (an `import` block, the local state).
 */
export function moduleReferences(module: ModuleContext, env: NodeJS.ProcessEnv): Map<string, string> {
  const references = new Map<string, string>();
  for (const [address, id] of module.knownIds) {
    // Only the module's own objects, without instance keys: `type.name.id` is then a valid reference.
    if (/^[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*$/.test(address) && !references.has(id)) references.set(id, `${address}.id`);
  }
  for (const name of [...module.variables.keys()].sort()) {
    const value = module.variableValues.get(name) ?? env[`TF_VAR_${name}`] ?? module.variables.get(name)?.defaultValue;
    if (value && parseOcid(value) && !references.has(value)) references.set(value, `var.${name}`);
  }
  return references;
}
