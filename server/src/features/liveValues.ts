import type { LiveCatalog, LiveCluster, LiveModel } from '../cloud/liveData';
import { parseOcid } from '../schema/ocid';
import type { ModuleContext } from '../workspace/moduleIndex';
import type { LiveValue, LiveValueProvider, LiveValueRequest } from './completion';
import { escapeMarkdown } from './markdownText';

const MODEL = 'oci_generative_ai_model';
const VARIABLE = /^var\.([A-Za-z_][\w-]*)$/;

function isCompartment(value: string | undefined): value is string {
  const kind = value === undefined ? undefined : parseOcid(value)?.kind;
  return kind === 'compartment' || kind === 'tenancy';
}

/**
 * The compartment a block's `compartment_id` names, when it can be known without Terraform: a literal OCID, or a
 * variable's value from, in Terraform's order of precedence, the `.tfvars` files, `TF_VAR_<name>` and its default.
 */
export function resolveCompartment(written: string | undefined, module: ModuleContext, env: NodeJS.ProcessEnv): string | undefined {
  if (written === undefined) return undefined;
  if (isCompartment(written)) return written;
  const name = VARIABLE.exec(written)?.[1];
  if (!name) return undefined;
  return [module.variableValues.get(name), env[`TF_VAR_${name}`], module.variables.get(name)?.defaultValue].find(isCompartment);
}

function modelValue(model: LiveModel): LiveValue {
  const name = model.displayName ?? model.id;
  return {
    label: `${name}${model.version ? ` (${model.version})` : ''}`,
    insertText: JSON.stringify(model.id),
    detail: `${model.vendor ?? 'base model'}: can be fine-tuned`,
    documentation: `**${escapeMarkdown(name)}** ${escapeMarkdown(model.version ?? '')}\n\n${model.vendor ? `Vendor: ${escapeMarkdown(model.vendor)}. ` : ''}Capabilities: ${model.capabilities.map(escapeMarkdown).join(', ')}.\n\n${escapeMarkdown(model.id)}`,
  };
}

function clusterValue(cluster: LiveCluster): LiveValue {
  const shape = [cluster.unitShape, cluster.unitCount !== undefined ? `${cluster.unitCount} unit${cluster.unitCount === 1 ? '' : 's'}` : undefined].filter(Boolean).join(', ');
  return {
    label: cluster.displayName ?? cluster.id,
    insertText: JSON.stringify(cluster.id),
    detail: `fine-tuning cluster${shape ? `: ${shape}` : ''}`,
    documentation: `**${escapeMarkdown(cluster.displayName ?? 'Dedicated AI cluster')}**, FINE_TUNING, ${escapeMarkdown(cluster.lifecycleState)}${shape ? `, ${escapeMarkdown(shape)}` : ''}\n\n${escapeMarkdown(cluster.id)}`,
  };
}

/**
 * Live values for completion: the region's base models that can be fine-tuned for `base_model_id`, the
 * compartment's fine-tuning clusters for `fine_tune_details.dedicated_ai_cluster_id`. From the catalog's cache:
 * the first request for a compartment answers nothing and starts the fetch.
 */
export function liveValueProvider(catalog: LiveCatalog, module: ModuleContext, fallbackCompartment: string | undefined, env: NodeJS.ProcessEnv): LiveValueProvider {
  return {
    values(request: LiveValueRequest): LiveValue[] {
      if (request.type.kind !== 'resource' || request.type.type !== MODEL) return [];
      const compartment = resolveCompartment(request.compartment, module, env) ?? fallbackCompartment;
      if (!compartment) return [];
      const nested = request.path.slice(1).join('.');
      if (nested === '' && request.attribute === 'base_model_id') return (catalog.fineTunableBaseModels(compartment) ?? []).map(modelValue);
      if (nested === 'fine_tune_details' && request.attribute === 'dedicated_ai_cluster_id') {
        return (catalog.fineTuningClusters(compartment) ?? []).map(clusterValue);
      }
      return [];
    },
  };
}
