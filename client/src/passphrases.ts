import * as vscode from 'vscode';
import type { PassphraseParams } from '../../server/src/protocol';

/**
 * Answers the server's passphrase requests: from VS Code's secret storage when a passphrase is kept for the key,
 * otherwise by asking, and keeps what was typed. One the server found wrong is forgotten and asked again.
 */
export function passphraseHandler(secrets: vscode.SecretStorage) {
  return async ({ profile, configFile, keyFile, failedBefore }: PassphraseParams): Promise<{ passphrase: string | null }> => {
    const key = `passphrase:${configFile}#${profile}:${keyFile}`;
    if (failedBefore) await secrets.delete(key);
    else {
      const kept = await secrets.get(key);
      if (kept !== undefined) return { passphrase: kept };
    }
    const typed = await vscode.window.showInputBox({
      title: `OCI Generative AI for Terraform: passphrase of the API key of profile [${profile}]`,
      prompt: `${failedBefore ? 'That passphrase did not decrypt the key. ' : ''}${keyFile} is encrypted. The passphrase is kept in VS Code's secret storage.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (typed === undefined) return { passphrase: null };
    await secrets.store(key, typed);
    return { passphrase: typed };
  };
}
