import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import type { PassphrasePrompt } from '../oci/credentials';

/**
 * Asks for a key's passphrase on the terminal without echoing it. Without a terminal there is nobody to ask:
 * undefined, and the caller says what to put in the config instead.
 */
export function terminalPassphrasePrompt(input: NodeJS.ReadStream, output: NodeJS.WriteStream): PassphrasePrompt | undefined {
  if (!input.isTTY) return undefined;
  return ({ profile, failedBefore }) =>
    new Promise((resolve) => {
      output.write(`${failedBefore ? 'That passphrase did not decrypt the key. ' : ''}Passphrase for the key of profile [${profile.name}] (${profile.keyFile}): `);
      // readline echoes what is typed to its output; this one swallows it.
      const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
      const lines = readline.createInterface({ input, output: silent, terminal: true });
      let answered = false;
      lines.question('', (answer) => {
        answered = true;
        lines.close();
        resolve(answer);
      });
      lines.on('SIGINT', () => lines.close());
      lines.on('close', () => {
        output.write('\n');
        if (!answered) resolve(undefined);
      });
    });
}
