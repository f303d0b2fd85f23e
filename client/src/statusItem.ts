import * as vscode from 'vscode';
import type { CloudStatus } from '../../server/src/cloud/cloud';

const ICONS: Record<CloudStatus['state'], string> = {
  ready: '$(cloud)',
  off: '$(circle-slash)',
  untrusted: '$(shield)',
  unconfigured: '$(cloud)',
  error: '$(warning)',
};

/** The status bar's OCI item: the profile and region the server uses, or why it does not call OCI. */
export class OciStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ociGenaiTf.status', vscode.StatusBarAlignment.Right, 100);
  private current: CloudStatus | undefined;

  constructor() {
    this.item.name = 'OCI Generative AI profile';
    this.item.command = { title: 'Select OCI Profile and Region', command: 'ociGenaiTf.selectProfile' };
  }

  /** What the server reported last; undefined before its first report. */
  get status(): CloudStatus | undefined {
    return this.current;
  }

  show(status: CloudStatus): void {
    this.current = status;
    const where = status.state === 'ready' ? `${status.profile} · ${status.region}` : status.state === 'unconfigured' ? 'no config' : status.state;
    this.item.text = `${ICONS[status.state]} OCI: ${where}`;
    this.item.tooltip = `${status.message}${status.configFile ? `\n\nConfig file: ${status.configFile}` : ''}\n\nClick to choose the OCI profile and region.`;
    this.item.backgroundColor = status.state === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
