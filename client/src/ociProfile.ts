import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CloudStatus } from '../../server/src/cloud/cloud';
import { ProfilesRequest } from '../../server/src/protocol';

const CONFIG_DOCS = 'https://docs.oracle.com/en-us/iaas/Content/API/SDKDocs/cliconfigure.htm';

/**
 * Offers the profiles of the config file, then the regions, and writes the choice to the user settings
 * `ociGenaiTf.oci.profile` and `ociGenaiTf.oci.region`, which the server follows.
 */
export async function selectProfile(client: LanguageClient): Promise<void> {
  const { configFile, profiles, profile: current, region: currentRegion, regions } = await client.sendRequest(ProfilesRequest, undefined);
  if (profiles.length === 0) {
    void vscode.window.showWarningMessage(configFile ? `${configFile} has no profiles; \`oci setup config\` writes one.` : 'There is no OCI config file to choose a profile from; `oci setup config` writes one.');
    return;
  }
  const pickedProfile = await vscode.window.showQuickPick(
    profiles.map(({ name, region }) => ({ label: name, region, description: [region, name === current ? 'current' : undefined].filter(Boolean).join(' · ') || undefined })),
    { title: `OCI profile (from ${configFile})`, placeHolder: 'The profile whose key and tenancy the editor uses', ignoreFocusOut: true },
  );
  if (!pickedProfile) return;
  // The profile's own region first, then the one in use (a setting may override it), then every other.
  const own = pickedProfile.region;
  const inUse = pickedProfile.label === current && currentRegion !== own ? currentRegion : undefined;
  const regionItems: (vscode.QuickPickItem & { region: string | undefined })[] = [
    { label: "Use the profile's region", description: own ?? 'the profile has no region line', region: undefined },
    ...(inUse ? [{ label: inUse, description: 'current', region: inUse }] : []),
    ...regions.filter((region) => region !== inUse && region !== own).map((region) => ({ label: region, region })),
  ];
  const pickedRegion = await vscode.window.showQuickPick(regionItems, { title: `OCI region for profile [${pickedProfile.label}]`, ignoreFocusOut: true });
  if (!pickedRegion) return;
  const configuration = vscode.workspace.getConfiguration('ociGenaiTf.oci');
  await configuration.update('profile', pickedProfile.label, vscode.ConfigurationTarget.Global);
  await configuration.update('region', pickedRegion.region, vscode.ConfigurationTarget.Global);
  // Workspace values win over user values, so the choice would not take effect there.
  const overridden = ['profile', 'region'].filter((key) => configuration.inspect(key)?.workspaceValue !== undefined);
  if (overridden.length) {
    void vscode.window.showWarningMessage(`This workspace sets ${overridden.map((key) => `ociGenaiTf.oci.${key}`).join(' and ')} itself, which overrides the choice saved in your user settings.`);
  }
}

/** Opens the config file the server reads, or says why there is none, offering the OCI CLI's setup instructions. */
export async function openConfigFile(status: CloudStatus | undefined): Promise<void> {
  if (!status) {
    void vscode.window.showInformationMessage('The language server has not said yet which OCI config file it reads; try again in a moment.');
    return;
  }
  if (status.configFile && status.state !== 'unconfigured') {
    await vscode.window.showTextDocument(vscode.Uri.file(status.configFile));
    return;
  }
  if (status.state === 'off') {
    void vscode.window.showInformationMessage('No OCI config file is read while the setting ociGenaiTf.oci.enabled is off.');
    return;
  }
  if (status.state === 'untrusted') {
    void vscode.window.showInformationMessage('No OCI config file is read in an untrusted workspace.');
    return;
  }
  const where = status.configFile ? ` at ${status.configFile}` : '';
  const choice = await vscode.window.showInformationMessage(`There is no OCI config file${where}; \`oci setup config\` writes one.`, 'Open the Setup Instructions');
  if (choice) await vscode.env.openExternal(vscode.Uri.parse(CONFIG_DOCS));
}
