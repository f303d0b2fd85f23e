import * as vscode from 'vscode';
import type { ModelsTreeNode } from '../../server/src/protocol';
import { compartmentOcidProblem } from './compartmentOcid';

/** An entry of the `ociGenaiTf.compartments` setting, which the server reads to make the view's roots. */
interface ConfiguredCompartment {
  id: string;
  name?: string;
}

const SECTION = 'ociGenaiTf';
const KEY = 'compartments';

function compartmentsIn(value: unknown): ConfiguredCompartment[] {
  return Array.isArray(value) ? (value as ConfiguredCompartment[]) : [];
}

/** Asks for an OCID (checked as it is typed) and an optional name, and appends them to the user setting. */
export async function addCompartment(): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const shown = new Set(compartmentsIn(configuration.get(KEY)).map((entry) => entry.id));
  const id = await vscode.window.showInputBox({
    title: 'Add a compartment to the OCI Generative AI view',
    prompt: 'The OCID of a compartment or tenancy, as the OCI Console shows it.',
    placeHolder: 'ocid1.compartment.oc1..',
    ignoreFocusOut: true,
    validateInput: (text) => compartmentOcidProblem(text) ?? (shown.has(text.trim()) ? 'This compartment is already in the view.' : undefined),
  });
  if (id === undefined) return;
  const name = await vscode.window.showInputBox({
    title: 'Add a compartment to the OCI Generative AI view',
    prompt: 'A name to show for it; leave empty to use the OCID.',
    ignoreFocusOut: true,
  });
  if (name === undefined) return;
  const entry: ConfiguredCompartment = name.trim() ? { id: id.trim(), name: name.trim() } : { id: id.trim() };
  const userEntries = compartmentsIn(configuration.inspect(KEY)?.globalValue);
  await configuration.update(KEY, [...userEntries, entry], vscode.ConfigurationTarget.Global);
  // A workspace value replaces the user's list rather than adding to it, so the new entry would not show.
  if (configuration.inspect(KEY)?.workspaceValue !== undefined) {
    void vscode.window.showWarningMessage(`The compartment was added to your user settings, but this workspace's own "${SECTION}.${KEY}" setting hides it.`);
  }
}

/** Removes the node's compartment from the setting, wherever it is listed (user or workspace). */
export async function removeCompartment(node: ModelsTreeNode): Promise<void> {
  const id = node.id.slice('compartment:'.length);
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const inspected = configuration.inspect(KEY);
  const targets: [unknown, vscode.ConfigurationTarget][] = [
    [inspected?.globalValue, vscode.ConfigurationTarget.Global],
    [inspected?.workspaceValue, vscode.ConfigurationTarget.Workspace],
  ];
  for (const [value, target] of targets) {
    const listed = compartmentsIn(value);
    const kept = listed.filter((entry) => entry.id !== id);
    if (kept.length !== listed.length) await configuration.update(KEY, kept.length ? kept : undefined, target);
  }
}
