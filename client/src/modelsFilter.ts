import * as vscode from 'vscode';
import { ModelCapability } from 'oci-generativeai/lib/model/model-capability';
import type { ModelsFilter } from '../../server/src/protocol';

/** The capabilities the SDK knows, in its order; its UNKNOWN_VALUE stands for values it does not know. */
const CAPABILITIES = Object.values(ModelCapability).filter((value): value is ModelCapability => typeof value === 'string' && value !== ModelCapability.UnknownValue);
const LIFECYCLE_STATES = ['ACTIVE', 'CREATING', 'FAILED', 'DELETING', 'DELETED'];
const TITLE = 'Filter the OCI Generative AI models';

/** One value or "any" (undefined); the whole choice is undefined when the person cancels. */
async function pickOne(values: string[], current: string | undefined, anyLabel: string, step: number): Promise<{ value: string | undefined } | undefined> {
  const items: (vscode.QuickPickItem & { value: string | undefined })[] = [
    { label: anyLabel, value: undefined, description: current === undefined ? 'current' : undefined },
    ...values.map((value) => ({ label: value, value, description: value === current ? 'current' : undefined })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (${step}/3)`, ignoreFocusOut: true });
  return picked && { value: picked.value };
}

/** Capability, lifecycle state and vendor, starting from the filter in force; undefined when cancelled. */
export async function pickModelsFilter(current: ModelsFilter): Promise<ModelsFilter | undefined> {
  const capability = await pickOne(CAPABILITIES, current.capability, 'Any capability', 1);
  if (!capability) return undefined;
  const lifecycleState = await pickOne(LIFECYCLE_STATES, current.lifecycleState, 'Any state', 2);
  if (!lifecycleState) return undefined;
  const vendor = await vscode.window.showInputBox({
    title: `${TITLE} (3/3)`,
    prompt: 'The vendor, such as cohere or meta; leave empty for any vendor.',
    value: current.vendor ?? '',
    ignoreFocusOut: true,
  });
  if (vendor === undefined) return undefined;
  const filter: ModelsFilter = {};
  if (capability.value) filter.capability = capability.value;
  if (lifecycleState.value) filter.lifecycleState = lifecycleState.value;
  if (vendor.trim()) filter.vendor = vendor.trim();
  return filter;
}
