#!/usr/bin/env node
import { createCommand } from './commands/createCommand';
import { dataset } from './commands/dataset';
import { driftCommand } from './commands/driftCommand';
import { importCommand } from './commands/importCommand';
import { lint } from './commands/lint';
import { models } from './commands/models';
import { quietLibraries } from './quietLibraries';
import { startLanguageServer } from './server';
import { VERSION } from './version';

const USAGE = `oci-genai-tf ${VERSION}: Terraform tooling for OCI Generative AI models

Usage:
  oci-genai-tf lsp --stdio      run the language server over standard input and output
  oci-genai-tf lint [PATH...]   check Terraform files, as the editor does (oci-genai-tf lint --help)
  oci-genai-tf dataset check PATH...
                                check JSONL fine-tuning datasets (oci-genai-tf dataset --help)
  oci-genai-tf models list      list the models of a compartment (oci-genai-tf models --help)
  oci-genai-tf import OCID      print the HCL that adopts a live model (oci-genai-tf import --help)
  oci-genai-tf create FILE ADDR create in OCI the model a block describes (oci-genai-tf create --help)
  oci-genai-tf drift [PATH]     compare the model blocks with their live models (oci-genai-tf drift --help)
  oci-genai-tf --version        print the version
  oci-genai-tf --help           print this help
`;

const io = {
  cwd: process.cwd(),
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  env: process.env,
  stdin: process.stdin,
  stderrStream: process.stderr,
};

/** Exit codes: 0 ok, 1 findings or failure (per command), 2 usage. */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return;
  }
  if (command === 'lsp') {
    // Language clients add `--clientProcessId=<pid>` (VS Code's does); the server learns the same from
    // `initialize`, so it is accepted and not needed.
    const unknown = rest.filter((arg) => arg !== '--stdio' && !/^--clientProcessId=\d+$/.test(arg));
    if (!rest.includes('--stdio') || unknown.length) {
      io.stderr(`oci-genai-tf lsp: ${unknown.length ? `unknown option ${unknown[0]}; ` : ''}the only transport is --stdio (oci-genai-tf lsp --stdio)\n`);
      process.exitCode = 2;
      return;
    }
    startLanguageServer(process.stdin, process.stdout);
    return;
  }
  if (command === 'lint') {
    process.exitCode = await lint(rest, io);
    return;
  }
  if (command === 'dataset') {
    process.exitCode = await dataset(rest, io);
    return;
  }
  const ociCommands: Record<string, (args: string[], commandIo: typeof io) => Promise<number>> = { models, import: importCommand, create: createCommand, drift: driftCommand };
  const ociCommand = Object.hasOwn(ociCommands, command) ? ociCommands[command] : undefined;
  if (ociCommand) {
    quietLibraries();
    process.exitCode = await ociCommand(rest, io);
    return;
  }
  io.stderr(`oci-genai-tf: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  io.stderr(`oci-genai-tf: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
