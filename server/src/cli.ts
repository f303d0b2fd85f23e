#!/usr/bin/env node
import { startLanguageServer } from './server';
import { VERSION } from './version';

const USAGE = `oci-genai-tf ${VERSION}: Terraform tooling for OCI Generative AI models

Usage:
  oci-genai-tf lsp --stdio      run the language server over standard input and output
  oci-genai-tf --version        print the version
  oci-genai-tf --help           print this help
`;

/** Exit codes: 0 ok, 2 usage. */
function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'lsp') {
    // Language clients add `--clientProcessId=<pid>` (VS Code's does); the server learns the same from
    // `initialize`, so it is accepted and not needed.
    const unknown = rest.filter((arg) => arg !== '--stdio' && !/^--clientProcessId=\d+$/.test(arg));
    if (!rest.includes('--stdio') || unknown.length) {
      process.stderr.write(
        `oci-genai-tf lsp: ${unknown.length ? `unknown option ${unknown[0]}; ` : ''}the only transport is --stdio (oci-genai-tf lsp --stdio)\n`,
      );
      process.exitCode = 2;
      return;
    }
    startLanguageServer(process.stdin, process.stdout);
    return;
  }
  process.stderr.write(`oci-genai-tf: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
}

main(process.argv.slice(2));
