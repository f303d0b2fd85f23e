// Opens every Terraform file under examples/ in the built language server, over stdio as an editor does, and
// prints what it reports. Exits 1 if the valid example module gets any diagnostic.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const rpc = require('vscode-jsonrpc/node');

const examples = join(root, 'examples');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(tf|tfvars)$/.test(name)) files.push(path);
  }
};
walk(examples);

const server = spawn(process.execPath, [join(root, 'dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
const pending = new Map();
connection.onNotification('textDocument/publishDiagnostics', (params) => pending.get(params.uri)?.(params.diagnostics));
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(examples).href, capabilities: {} });
await connection.sendNotification('initialized', {});

const severities = ['', 'error', 'warning', 'info', 'hint'];
let unexpected = 0;
for (const file of files) {
  const uri = pathToFileURL(file).href;
  const diagnostics = await new Promise((resolve) => {
    pending.set(uri, resolve);
    connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: file.endsWith('.tfvars') ? 'terraform-vars' : 'terraform', version: 1, text: readFileSync(file, 'utf8') },
    });
  });
  const name = relative(root, file);
  console.log(`${name}: ${diagnostics.length ? `${diagnostics.length} problem(s)` : 'no problems'}`);
  for (const d of diagnostics) {
    console.log(`  ${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severities[d.severity]}: ${d.message} [${d.code}]`);
  }
  if (!name.includes('common-mistakes') && diagnostics.length) unexpected += diagnostics.length;
}
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
if (unexpected) {
  console.error(`\n${unexpected} diagnostic(s) in examples that should be clean`);
  process.exit(1);
}
console.log('\nexamples/fine-tuning is clean; examples/common-mistakes shows what the server finds.');
