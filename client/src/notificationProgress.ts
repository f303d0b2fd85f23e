import * as vscode from 'vscode';
import {
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
  type BaseLanguageClient,
  type ClientCapabilities,
  type FeatureState,
  type ProgressToken,
  type StaticFeature,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';

/**
 * Shows the progress the server starts (`window/workDoneProgress/create`: a create in OCI, minutes to hours of
 * training) as a notification with a Cancel button. vscode-languageclient shows it in the status bar, where it
 * cannot be cancelled; here Cancel tells the server to stop waiting, and the model goes on being created.
 * Registered after the built-in features, whose `initialize` runs first at every (re)start, so that this handler
 * is the one in force.
 */
export class NotificationProgressFeature implements StaticFeature {
  private readonly following = new Set<vscode.Disposable>();

  constructor(private readonly client: BaseLanguageClient) {}

  getState(): FeatureState {
    return { kind: 'static' };
  }

  fillClientCapabilities(capabilities: ClientCapabilities): void {
    (capabilities.window ??= {}).workDoneProgress = true;
  }

  initialize(): void {
    this.client.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => this.follow(token));
  }

  /** The server stopped: its progress ends with it. */
  clear(): void {
    for (const part of this.following) part.dispose();
    this.following.clear();
  }

  private follow(token: ProgressToken): void {
    let shown: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    let reported = 0;
    let finish: (() => void) | undefined;
    const report = ({ message, percentage }: WorkDoneProgressBegin | WorkDoneProgressReport): void => {
      const increment = percentage === undefined ? undefined : Math.max(0, Math.min(percentage, 100) - reported);
      reported += increment ?? 0;
      shown?.report({ message, increment });
    };
    const part: vscode.Disposable = {
      dispose: () => {
        listener.dispose();
        this.following.delete(part);
        finish?.();
      },
    };
    const listener = this.client.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'begin') {
        const options = { location: vscode.ProgressLocation.Notification, title: value.title, cancellable: value.cancellable === true };
        void vscode.window.withProgress(options, (progress, cancellation) => {
          shown = progress;
          cancellation.onCancellationRequested(() => void this.client.sendNotification(WorkDoneProgressCancelNotification.type, { token }));
          report(value);
          return new Promise<void>((resolve) => (finish = resolve));
        });
      } else if (value.kind === 'report') report(value);
      else part.dispose();
    });
    this.following.add(part);
  }
}
