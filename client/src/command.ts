import * as vscode from 'vscode';

/** Registers a command that says in one sentence what failed (`failure: reason`) instead of throwing. */
export function registerCommand(id: string, failure: string, run: (...args: any[]) => Promise<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await run(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(`${failure}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
