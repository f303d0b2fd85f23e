import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ErrorCodes } from 'vscode-jsonrpc';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  ClientCapabilities,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Position,
  PublishDiagnosticsParams,
  Range,
  SemanticTokens,
  ServerCapabilities,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import { BUILT_CLI, LspTestClient } from '../support/lspClient';
import {
  answerRangeProblems,
  comparePositions,
  DocumentLines,
  foldingRangeProblems,
  rangeContains,
  semanticTokenProblems,
} from '../support/protocolRanges';
import { COMPLETE_MODEL, FINE_TUNING_EXAMPLE } from '../support/samples';
import { generateTerraform } from '../support/terraformGenerator';
import { FIXTURES, fileUri } from '../support/workspace';

/**
 * A fuzz suite over the server's stdio protocol: valid files broken in every way a user (or a disk) can break
 * them, sent as incremental edits and as whole documents, then every request the server advertises at random
 * places, some past the end. Every request must be answered in time and without an internal error, every range
 * in answers and diagnostics must be inside its document, nothing may be logged as failed, the server must stay
 * alive, and a text edited into shape must get the diagnostics of the same text opened fresh.
 *
 * FUZZ_SEED repeats a run (the seed is printed first), FUZZ_PATH (printed with a failure) goes straight to its
 * smallest case, FUZZ_RUNS raises the number of runs, FUZZ_DEBUG prints the server's log and the time per request
 * and keeps the text of a failing run in oci-genai-tf-fuzz-failure.tf in the temporary folder.
 */

const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : crypto.randomInt(2 ** 31);
const RUNS = process.env['FUZZ_RUNS'] ? Number(process.env['FUZZ_RUNS']) : 40;
/** fast-check's replay path, printed with a failure, to go straight to the shrunk counterexample. */
const PATH = process.env['FUZZ_PATH'];
console.log(`fuzz seed ${SEED}, ${RUNS} runs (repeat with FUZZ_SEED=${SEED}${PATH ? ` FUZZ_PATH=${PATH}` : ''})`);

const parameters = (): fc.Parameters<unknown> => ({
  seed: SEED,
  numRuns: RUNS,
  ...(PATH ? { path: PATH } : {}),
  // Shrinking reruns a server round trip per attempt (and a hang costs its timeout each time): bounded, it ends
  // with the smallest case found so far. Healthy runs take well under a second each.
  interruptAfterTimeLimit: 60_000 + RUNS * 3_000,
  markInterruptAsFailure: true,
  includeErrorInReport: true,
});

/** Long enough for a slow machine; the formatter has a 10 s bound of its own, after which it answers nothing. */
const REQUEST_TIMEOUT_MS = 5_000;
const FORMATTING_TIMEOUT_MS = 12_000;

// ---------------------------------------------------------------------------------------------------------------
// The documents mutated: real, valid Terraform with our blocks, heredocs, templates, for-expressions, dynamic blocks.

const TRICKY_SYNTAX = fs.readFileSync(path.join(FIXTURES, 'valid/tricky-syntax/main.tf'), 'utf8');
const TFVARS = 'compartment_id = "ocid1.compartment.oc1..aaaa"\nlabels = { team = "ml", "a b" = 1 }\nsizes = [1, 2.5e3, -3]\nbody = <<EOT\n${x} %{if y}z%{endif}\nEOT\n';
const BASES: { name: string; text: string }[] = [
  { name: 'main.tf', text: COMPLETE_MODEL },
  { name: 'main.tf', text: FINE_TUNING_EXAMPLE },
  { name: 'main.tf', text: TRICKY_SYNTAX },
  { name: 'main.tf', text: generateTerraform(130) },
  { name: 'main.tf', text: COMPLETE_MODEL.replace(/\n/g, '\r\n') },
  { name: 'fuzz.auto.tfvars', text: TFVARS },
  { name: 'main.tf', text: '' },
];

// ---------------------------------------------------------------------------------------------------------------
// Mutations: tokens inserted, ranges deleted, lines swapped.

/**
 * One line of 200 kB (a word, a string with emoji, NUL in a comment, base64), or 100 kB of openers and steps: on
 * those, tree-sitter's error recovery takes up to a second per parse, and a line is parsed again for each block it
 * is nested in, all before the next request is answered.
 */
const HUGE_LINES = [
  'x'.repeat(200_000),
  `  long = "${'é😀'.repeat(66_000)}"\n`,
  `# ${'\u0000'.repeat(200_000)}`,
  `  b64 = "${'QUJD'.repeat(50_000)}"`,
  '{'.repeat(100_000),
  '[('.repeat(50_000),
  '${'.repeat(50_000),
  '"${'.repeat(33_000),
  '%{'.repeat(50_000),
  'a.'.repeat(50_000),
  '"'.repeat(100_000),
  '<<EOT\n'.repeat(16_000),
];

const TOKENS = [
  '{', '}', '"', '[', ']', '(', ')', '<<EOT\n', '<<-EOT\n', '\nEOT\n', '  EOT\n', '${', '%{', '%{ for x in y }', '%{ endfor }', '=', ':', '=>',
  '...', '?', '.', '[*]', ',', '\\', '#', '//', '/*', '*/', '\n', '\r\n', '\r', '\u0000', '\uFEFF', '\uFFFD', '😀', '👩‍👩‍👧', 'e\u0301',
  '\u0301', '\u200D', '\uD83D', '\uDE00', '\t', ' ', 'resource "oci_generative_ai_model" "x" {\n', 'dynamic "d" {\n', 'content {\n',
  'for_each = ', 'training_config_type = "LORA_TRAINING_CONFIG"', 'var.', 'local.', 'data.', 'oci_generative_ai_model.', '2e-4', '-',
  'true', 'null', '= <<EOT\n', 'fine_tune_details {\n', 'lifecycle {', 'count.index', '[for x in y : x]', '{ for k, v in m : k => v }',
];

const identifier = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,12}$/);
const insertedText = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 4, arbitrary: identifier },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** `huge` is an index into HUGE_LINES, so that a counterexample prints short. */
type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'huge'; at: number; line: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'swap'; a: number; b: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertedText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), line: fc.nat({ max: HUGE_LINES.length - 1 }) }) },
  { weight: 18, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 400 })) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }) },
);

/** An edit as offsets into the text it applies to. */
interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** Editors never put a position between the `\r` and `\n` of a line break (it is past the line's end): move it before. */
function clampOffset(text: string, offset: number): number {
  return offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** A mutation of `text` as one edit; `at`, `a` and `b` wrap around the text's length or line count. */
function toEdit(text: string, m: Mutation): OffsetEdit {
  if (m.kind === 'insert' || m.kind === 'huge') {
    const at = clampOffset(text, m.at % (text.length + 1));
    return { start: at, end: at, text: m.kind === 'huge' ? HUGE_LINES[m.line]! : m.text };
  }
  if (m.kind === 'delete') {
    const start = clampOffset(text, m.at % (text.length + 1));
    return { start, end: clampOffset(text, Math.min(text.length, start + m.length)), text: '' };
  }
  const starts = lineStarts(text);
  const [a, b] = [m.a % starts.length, m.b % starts.length].sort((x, y) => x - y) as [number, number];
  const lineText = (i: number) => text.slice(starts[i], (starts[i + 1] ?? text.length + 1) - 1).replace(/\r$/, '');
  const bodyEnd = (i: number) => starts[i]! + lineText(i).length;
  if (a === b) return { start: starts[a]!, end: starts[a]!, text: '' };
  const between = text.slice(bodyEnd(a), starts[b]);
  return { start: starts[a]!, end: bodyEnd(b), text: lineText(b) + between + lineText(a) };
}

function applyOffsetEdit(text: string, edit: OffsetEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/** How the mutated text reaches the server. */
type Delivery = 'incremental' | 'batched' | 'full' | 'open';

/** A request's place: a line and character wrapped into the document, or deliberately past its end. */
type Place = { kind: 'inside'; line: number; character: number } | { kind: 'pastLine' | 'pastEnd' | 'farAway'; line: number; character: number };

const place: fc.Arbitrary<Place> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('inside' as const), line: fc.nat(), character: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('pastLine' as const, 'pastEnd' as const, 'farAway' as const), line: fc.nat(), character: fc.nat({ max: 5 }) }) },
);

function positionOf(p: Place, lines: DocumentLines): Position {
  const line = p.line % lines.lineCount;
  const length = lines.lineLength(line)!;
  switch (p.kind) {
    case 'inside':
      return { line, character: p.character % (length + 1) };
    case 'pastLine':
      return { line, character: length + 1 + p.character };
    case 'pastEnd':
      return { line: lines.lineCount + p.character, character: p.line % 10 };
    case 'farAway':
      return { line: 2 ** 31 - 1 - p.character, character: 2 ** 31 - 1 };
  }
}

interface Scenario {
  base: number;
  mutations: Mutation[];
  delivery: Delivery;
  places: Place[];
  /** Whether to compare with the same text opened fresh. */
  reopen: boolean;
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  base: fc.nat({ max: BASES.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }),
  delivery: fc.constantFrom<Delivery>('incremental', 'incremental', 'batched', 'full', 'open'),
  places: fc.array(place, { minLength: 1, maxLength: 3 }),
  reopen: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------------------------
// Bytes on disk: valid files with invalid UTF-8, NUL bytes and byte order marks spliced in.

const BAD_BYTES: number[][] = [
  [0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x90, 0x28, 0xbc], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
  [0xff], [0xfe], [0x00], [0x00, 0x00, 0x00], [0xef, 0xbb, 0xbf], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80],
];

const byteSplices = fc.array(
  fc.record({ at: fc.nat(), bytes: fc.oneof(fc.constantFrom(...BAD_BYTES), fc.uint8Array({ maxLength: 6 }).map((b) => [...b])) }),
  { maxLength: 6 },
);

function spliceBytes(text: string, splices: { at: number; bytes: number[] }[]): Buffer {
  let bytes = Buffer.from(text, 'utf8');
  for (const { at, bytes: inserted } of splices) {
    const offset = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, offset), Buffer.from(inserted), bytes.subarray(offset)]);
  }
  return bytes;
}

/** Bytes that look random but repeat with the seed. */
function seededBytes(length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(crypto.createHash('sha256').update(`${SEED}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const VARIABLES = 'variable "compartment_id" {\n  type = string\n}\nvariable "bucket" {\n  default = "b\u00e9"\n}\n';

/** Files every run's module has beside the opened document, each read with bytes no editor would write. */
function writeBrokenModule(dir: string): void {
  const write = (name: string, bytes: Buffer) => fs.writeFileSync(path.join(dir, name), bytes);
  write('variables.tf', Buffer.concat([BOM, Buffer.from(VARIABLES)]));
  write('invalid_utf8.tf', spliceBytes('locals {\n  a = "x"\n  # comment\n  b = 2\n}\n', [{ at: 17, bytes: [0xc3, 0x28] }, { at: 30, bytes: [0xff, 0xfe] }, { at: 60, bytes: [0xe2, 0x82] }]));
  write('nul.tf', Buffer.from('variable "with_nul" {\n  default = "a\u0000b"\n}\n\u0000\u0000\u0000'));
  write('binary.tf', seededBytes(4096));
  write('terraform.tfvars', Buffer.concat([BOM, Buffer.from('compartment_id = "ocid1.compartment.oc1..x'), Buffer.from([0xc0, 0xaf, 0x00]), Buffer.from('"\n')]));
  write('.terraform.lock.hcl', Buffer.concat([Buffer.from('provider "registry.terraform.io/oracle/oci" {\n  version = "6.'), Buffer.from([0xff, 0x00, 0xed, 0xa0, 0x80]), Buffer.from('"\n}\n')]));
  write('terraform.tfstate', Buffer.concat([Buffer.from('{"version": 4, "resources": [{"type": "oci_generative_ai_model", "name": "'), Buffer.from([0xc3, 0x28, 0x00]), Buffer.from('", "instances": [{"attributes": {"id": "x"}}]}]}')]));
}

// ---------------------------------------------------------------------------------------------------------------
// The server: started once, with an OCI profile that is "ready" so that code lenses and live values take part,
// and an endpoint where nothing listens, so nothing leaves this machine.

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function writeOciConfig(dir: string): string {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = path.join(dir, 'key.pem');
  fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const configFile = path.join(dir, 'config');
  const tenancy = 'ocid1.tenancy.oc1..aaaaaaaafuzz';
  fs.writeFileSync(
    configFile,
    `[DEFAULT]\nuser=ocid1.user.oc1..aaaaaaaafuzz\nfingerprint=11:22:33:44:55:66:77:88:99:00:aa:bb:cc:dd:ee:ff\nkey_file=${keyFile}\ntenancy=${tenancy}\nregion=us-chicago-1\n`,
    { mode: 0o600 },
  );
  return configFile;
}

const CLIENT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  // Without `configuration`: the server keeps the settings of `initializationOptions`, the endpoint among them.
  workspace: { codeLens: { refreshSupport: true } },
};

/** The server under test, restarted when it died (after the run that killed it has failed). */
class Server {
  client: LspTestClient | undefined;
  /** Messages the server logged as errors: a handler that failed, caught and answered empty, is still a bug. */
  readonly errors: string[] = [];
  private version = 0;
  private readonly texts = new Map<string, string>();

  constructor(private readonly start: () => Promise<LspTestClient>) {}

  async ready(): Promise<LspTestClient> {
    if (this.client && isAlive(this.client)) return this.client;
    if (this.client) this.client.connection.dispose();
    const client = await this.start();
    client.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      client.logs.push(params.message);
      if (process.env['FUZZ_DEBUG']) console.error(`server log (${params.type}): ${params.message.slice(0, 100_000)}`);
      if (params.type === 1) this.errors.push(params.message);
    });
    this.client = client;
    return client;
  }


  /**
   * Ends a server that did not answer, and waits until it is gone, so that the next run starts a fresh one. Only
   * that one: a run fast-check gave up waiting for may time out after the next run has started its own.
   */
  async kill(client: LspTestClient): Promise<void> {
    if (!isAlive(client)) return;
    const child = client.process;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  nextVersion(uri: string, text: string): number {
    this.version += 1;
    this.texts.set(`${uri}@${this.version}`, text);
    return this.version;
  }

  /** The text the server had for `uri` at `version`, as this suite sent it. */
  textAt(uri: string, version: number): string | undefined {
    return this.texts.get(`${uri}@${version}`);
  }

  forgetTexts(): void {
    this.texts.clear();
  }
}

function isAlive(client: LspTestClient): boolean {
  return client.process.exitCode === null && client.process.signalCode === null;
}

class Timeout extends Error {}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------------
// Requests: every one the server advertises, with the checks its answer must pass.

interface RequestContext {
  uri: string;
  lines: DocumentLines;
  /** The diagnostics last published for the document's current version. */
  diagnostics: Diagnostic[];
  position: Position;
  range: Range;
  inside: boolean;
  capabilities: ServerCapabilities;
}

interface RequestKind {
  method: string;
  advertised: (capabilities: ServerCapabilities) => unknown;
  /** Asked once per place when true, else once per document. */
  atPosition: boolean;
  params: (context: RequestContext) => object;
  /** Problems beyond ranges outside their documents. */
  check?: (answer: unknown, context: RequestContext) => string[];
  timeoutMs?: number;
}

const doc = (context: RequestContext) => ({ textDocument: { uri: context.uri } });
const at = (context: RequestContext) => ({ ...doc(context), position: context.position });

const REQUESTS: RequestKind[] = [
  { method: 'textDocument/completion', advertised: (c) => c.completionProvider, atPosition: true, params: at, check: completionProblems },
  { method: 'textDocument/hover', advertised: (c) => c.hoverProvider, atPosition: true, params: at },
  { method: 'textDocument/signatureHelp', advertised: (c) => c.signatureHelpProvider, atPosition: true, params: at },
  { method: 'textDocument/declaration', advertised: (c) => c.declarationProvider, atPosition: true, params: at },
  { method: 'textDocument/definition', advertised: (c) => c.definitionProvider, atPosition: true, params: at },
  { method: 'textDocument/typeDefinition', advertised: (c) => c.typeDefinitionProvider, atPosition: true, params: at },
  { method: 'textDocument/implementation', advertised: (c) => c.implementationProvider, atPosition: true, params: at },
  {
    method: 'textDocument/references',
    advertised: (c) => c.referencesProvider,
    atPosition: true,
    params: (context) => ({ ...at(context), context: { includeDeclaration: context.position.line % 2 === 0 } }),
  },
  { method: 'textDocument/documentHighlight', advertised: (c) => c.documentHighlightProvider, atPosition: true, params: at },
  { method: 'textDocument/prepareRename', advertised: (c) => typeof c.renameProvider === 'object' && c.renameProvider.prepareProvider, atPosition: true, params: at },
  { method: 'textDocument/rename', advertised: (c) => c.renameProvider, atPosition: true, params: (context) => ({ ...at(context), newName: 'renamed_by_fuzz' }) },
  { method: 'textDocument/documentSymbol', advertised: (c) => c.documentSymbolProvider, atPosition: false, params: doc, check: symbolProblems },
  { method: 'textDocument/foldingRange', advertised: (c) => c.foldingRangeProvider, atPosition: false, params: doc, check: (a, c) => foldingRangeProblems(a as FoldingRange[] | null, c.lines) },
  {
    method: 'textDocument/semanticTokens/full',
    advertised: (c) => c.semanticTokensProvider?.full,
    atPosition: false,
    params: doc,
    check: (answer, context) => semanticTokenProblems((answer as SemanticTokens | null)?.data ?? [], context.lines, context.capabilities.semanticTokensProvider!.legend),
  },
  {
    method: 'textDocument/semanticTokens/range',
    advertised: (c) => c.semanticTokensProvider?.range,
    atPosition: false,
    params: (context) => ({ ...doc(context), range: context.range }),
    check: (answer, context) => semanticTokenProblems((answer as SemanticTokens | null)?.data ?? [], context.lines, context.capabilities.semanticTokensProvider!.legend),
  },
  {
    method: 'textDocument/formatting',
    advertised: (c) => c.documentFormattingProvider,
    atPosition: false,
    params: (context) => ({ ...doc(context), options: { tabSize: 2, insertSpaces: true } }),
    timeoutMs: FORMATTING_TIMEOUT_MS,
  },
  {
    method: 'textDocument/rangeFormatting',
    advertised: (c) => c.documentRangeFormattingProvider,
    atPosition: false,
    params: (context) => ({ ...doc(context), range: context.range, options: { tabSize: 2, insertSpaces: true } }),
    timeoutMs: FORMATTING_TIMEOUT_MS,
  },
  {
    method: 'textDocument/codeAction',
    advertised: (c) => c.codeActionProvider,
    atPosition: false,
    // As an editor asks: for a range, with the diagnostics that touch it.
    params: (context) => ({
      ...doc(context),
      range: context.range,
      context: { diagnostics: context.diagnostics.filter((d) => overlaps(d.range, context.range)), triggerKind: 1 },
    }),
  },
  {
    method: 'textDocument/codeAction',
    advertised: (c) => c.codeActionProvider,
    atPosition: false,
    params: (context) => ({ ...doc(context), range: { start: { line: 0, character: 0 }, end: endOf(context.lines) }, context: { diagnostics: context.diagnostics } }),
  },
  { method: 'textDocument/codeLens', advertised: (c) => c.codeLensProvider, atPosition: false, params: doc },
  { method: 'textDocument/documentLink', advertised: (c) => c.documentLinkProvider, atPosition: false, params: doc },
  { method: 'textDocument/inlayHint', advertised: (c) => c.inlayHintProvider, atPosition: false, params: (context) => ({ ...doc(context), range: context.range }) },
  { method: 'textDocument/selectionRange', advertised: (c) => c.selectionRangeProvider, atPosition: true, params: (context) => ({ ...doc(context), positions: [context.position] }) },
];

function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

function endOf(lines: DocumentLines): Position {
  return { line: lines.lineCount - 1, character: lines.lineLength(lines.lineCount - 1)! };
}

/** LSP: a completion's edit is on one line and covers the position asked about. */
function completionProblems(answer: unknown, context: RequestContext): string[] {
  if (!context.inside) return [];
  const items = Array.isArray(answer) ? (answer as CompletionItem[]) : ((answer as CompletionList | null)?.items ?? []);
  const problems: string[] = [];
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit) continue;
    for (const range of 'range' in edit ? [edit.range] : [edit.insert, edit.replace]) {
      const covers = range.start.line === range.end.line && rangeContains(range, { start: context.position, end: context.position });
      if (!covers) problems.push(`completion ${JSON.stringify(item.label)}: edit range ${JSON.stringify(range)} is not one line around ${JSON.stringify(context.position)}`);
    }
  }
  return problems;
}

/** LSP (and VS Code, which rejects the answer otherwise): a symbol's selection range is inside its range. */
function symbolProblems(answer: unknown): string[] {
  const problems: string[] = [];
  const visit = (symbols: DocumentSymbol[]) => {
    for (const symbol of symbols) {
      if (!('selectionRange' in symbol)) continue;
      if (!rangeContains(symbol.range, symbol.selectionRange)) problems.push(`symbol ${JSON.stringify(symbol.name)}: selection range is outside its range`);
      if (!symbol.name) problems.push(`a symbol with an empty name at ${JSON.stringify(symbol.range)}`);
      visit(symbol.children ?? []);
    }
  };
  visit(Array.isArray(answer) ? (answer as DocumentSymbol[]) : []);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// One run.

interface RunState {
  server: Server;
  client: LspTestClient;
  dir: string;
  problems: string[];
  /** The text last sent, kept with FUZZ_DEBUG when the run fails. */
  text?: string;
}

/** The lines of a document the answers may name: the current text of this run's document, or the file on disk. */
function linesOf(current: { uri: string; lines: DocumentLines }) {
  return (uri: string): DocumentLines | undefined => {
    if (uri === current.uri) return current.lines;
    try {
      return new DocumentLines(fs.readFileSync(new URL(uri), 'utf8'));
    } catch {
      return undefined;
    }
  };
}

/** Milliseconds and count of each method's answers, printed at the end with FUZZ_DEBUG. */
const timings = new Map<string, { ms: number; count: number }>();

/** Asks; a timeout ends the run (the server may be stuck), an internal error is a problem, other errors are allowed. */
async function ask(state: RunState, kind: RequestKind, context: RequestContext): Promise<void> {
  const what = `${kind.method} at ${JSON.stringify(context.position)}`;
  let answer: unknown;
  const started = performance.now();
  try {
    answer = await within(state.client.connection.sendRequest(kind.method, kind.params(context)), kind.timeoutMs ?? REQUEST_TIMEOUT_MS, what);
  } catch (error) {
    if (error instanceof Timeout) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number' && code !== ErrorCodes.InternalError) return;
    state.problems.push(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const spent = timings.get(kind.method) ?? { ms: 0, count: 0 };
  timings.set(kind.method, { ms: spent.ms + performance.now() - started, count: spent.count + 1 });
  const problems = [...answerRangeProblems(answer, context.uri, linesOf(context)), ...(kind.check?.(answer, context) ?? [])];
  for (const problem of problems.slice(0, 5)) state.problems.push(`${what}: ${problem}`);
}

/** Sends the mutations; answers the text the server now has and its version. */
async function deliver(state: RunState, uri: string, base: string, s: Scenario): Promise<{ text: string; version: number; messages: number }> {
  const { client, server } = state;
  const languageId = uri.endsWith('.tfvars') ? 'terraform-vars' : 'terraform';
  const open = async (text: string) => {
    const version = server.nextVersion(uri, text);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return version;
  };
  const change = async (text: string, changes: TextDocumentContentChangeEvent[]) => {
    const version = server.nextVersion(uri, text);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  };
  let text = base;
  const edits: { change: TextDocumentContentChangeEvent; after: string }[] = [];
  for (const m of s.mutations) {
    const edit = toEdit(text, m);
    const lines = TextDocument.create(uri, languageId, 0, text);
    text = applyOffsetEdit(text, edit);
    edits.push({ change: { range: { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) }, text: edit.text }, after: text });
  }
  if (s.delivery === 'open') return { text, version: await open(text), messages: 1 };
  let version = await open(base);
  if (s.delivery === 'full') version = await change(text, [{ text }]);
  else if (s.delivery === 'batched') version = await change(text, edits.map((e) => e.change));
  else for (const e of edits) version = await change(e.after, [e.change]);
  return { text, version, messages: s.delivery === 'incremental' ? 1 + edits.length : 2 };
}

/**
 * The last diagnostics published for `uri` at `version`, waiting for them if they have not come yet. `messages`
 * were sent without waiting before them, and the server handles them in turn: each gets the time of a request.
 */
async function diagnosticsFor(state: RunState, uri: string, version: number, messages = 1): Promise<Diagnostic[]> {
  const published = [...state.client.published].reverse().find((p) => p.uri === uri && p.version === version);
  if (published) return published.diagnostics;
  const versions = () => state.client.published.filter((p) => p.uri === uri).map((p) => p.version ?? 'none').slice(-8);
  const next = state.client.nextDiagnostics(uri, (p) => p.version === version);
  const what = `diagnostics of version ${version} after ${messages} message(s) (published before: ${versions().join(', ')})`;
  return (await within(next, REQUEST_TIMEOUT_MS * messages, what)).diagnostics;
}

function publishedProblems(state: RunState, published: PublishDiagnosticsParams[]): string[] {
  const problems: string[] = [];
  for (const p of published) {
    const text = p.version === undefined || p.version === null ? undefined : state.server.textAt(p.uri, p.version);
    if (text === undefined) continue;
    const found = answerRangeProblems(p.diagnostics, p.uri, linesOf({ uri: p.uri, lines: new DocumentLines(text) }));
    problems.push(...found.slice(0, 5).map((problem) => `diagnostics of version ${p.version}: ${problem}`));
  }
  return problems;
}

const diagnosticKey = (d: Diagnostic) => JSON.stringify([d.range, d.severity, d.code, d.message]);

/** One scenario: the module's disk file rewritten, the mutations delivered, everything asked, then compared. */
async function run(state: RunState, s: Scenario, diskSplices: { at: number; bytes: number[] }[]): Promise<void> {
  const { client } = state;
  const base = BASES[s.base]!;
  const uri = fileUri(path.join(state.dir, base.name));
  await rewriteDiskFile(state, diskSplices);
  const publishedBefore = client.published.length;
  const { text, version, messages } = await deliver(state, uri, base.text, s);
  state.text = text;
  const lines = new DocumentLines(text);
  const diagnostics = await diagnosticsFor(state, uri, version, messages);
  await askEverything(state, uri, lines, diagnostics, s.places);
  if (s.reopen && s.delivery !== 'open') await compareWithFreshOpen(state, uri, text, diagnostics);
  // Saved last, if the server listens: what it does then must not change what the comparison above saw.
  const sync = client.initializeResult!.capabilities.textDocumentSync;
  if (typeof sync === 'object' && sync.save) await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // A request after everything: the server has handled all of the above, and is still there.
  await within(client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), REQUEST_TIMEOUT_MS, 'a last request');
  state.problems.push(...publishedProblems(state, client.published.slice(publishedBefore)));
}

/** Another file of the module changes on disk, and the server hears of it (its own watcher may as well). */
async function rewriteDiskFile(state: RunState, splices: { at: number; bytes: number[] }[]): Promise<void> {
  const file = path.join(state.dir, 'disk.tf');
  fs.writeFileSync(file, spliceBytes(VARIABLES.replace(/compartment_id|bucket/g, (name) => `${name}_on_disk`), splices));
  await state.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 2 }] });
}

/** Every advertised request: those about a position at each place, the others once (with a range between places). */
async function askEverything(state: RunState, uri: string, lines: DocumentLines, diagnostics: Diagnostic[], places: Place[]): Promise<void> {
  const capabilities = state.client.initializeResult!.capabilities;
  const contexts = places.map((p, i): RequestContext => {
    const position = positionOf(p, lines);
    const other = positionOf(places[(i + 1) % places.length]!, lines);
    const [start, end] = comparePositions(position, other) <= 0 ? [position, other] : [other, position];
    return { uri, lines, diagnostics, position, range: { start, end }, inside: p.kind === 'inside', capabilities };
  });
  for (const kind of REQUESTS.filter((k) => k.advertised(capabilities))) {
    for (const context of kind.atPosition ? contexts : contexts.slice(0, 1)) await ask(state, kind, context);
  }
}

/** The same text opened fresh must get the same diagnostics as the edits gave it. */
async function compareWithFreshOpen(state: RunState, uri: string, text: string, edited: Diagnostic[]): Promise<void> {
  const { client, server } = state;
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const languageId = uri.endsWith('.tfvars') ? 'terraform-vars' : 'terraform';
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: server.nextVersion(uri, text), text } });
  // An empty edit publishes everything at once, where an open of a large text publishes its top first.
  const whole = server.nextVersion(uri, text);
  const nothing = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' };
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: whole }, contentChanges: [nothing] });
  const fresh = new Set((await diagnosticsFor(state, uri, whole, 3)).map(diagnosticKey));
  const before = new Set(edited.map(diagnosticKey));
  const onlyFresh = [...fresh].filter((key) => !before.has(key));
  const onlyEdited = [...before].filter((key) => !fresh.has(key));
  if (onlyFresh.length || onlyEdited.length) {
    state.problems.push(`edited and freshly opened differ: only fresh ${onlyFresh.slice(0, 3).join(' ')}; only edited ${onlyEdited.slice(0, 3).join(' ')}`);
  }
}

/** Opens what an editor shows of `bytes` (replacement characters, the BOM dropped), and what Latin-1 shows; asks everything at the end. */
async function openDecoded(state: RunState, bytes: Buffer): Promise<void> {
  const { client, server } = state;
  for (const [name, decoded] of [['utf8.tf', new TextDecoder().decode(bytes)], ['latin1.tf', bytes.toString('latin1')]] as const) {
    const uri = fileUri(path.join(state.dir, name));
    const version = server.nextVersion(uri, decoded);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version, text: decoded } });
    const lines = new DocumentLines(decoded);
    const diagnostics = await diagnosticsFor(state, uri, version);
    state.problems.push(...answerRangeProblems(diagnostics, uri, linesOf({ uri, lines })));
    const end = endOf(lines);
    const capabilities = client.initializeResult!.capabilities;
    const context: RequestContext = { uri, lines, diagnostics, position: end, range: { start: { line: 0, character: 0 }, end }, inside: true, capabilities };
    for (const kind of REQUESTS.filter((k) => k.advertised(capabilities))) await ask(state, kind, context);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
}

/**
 * One run against the server (started again if an earlier run killed it): fails with everything that went
 * wrong, what the server logged as failed, and the end of its log.
 */
async function checkedRun(server: Server, dir: string, body: (state: RunState) => Promise<void>): Promise<void> {
  const client = await server.ready();
  const state: RunState = { server, client, dir, problems: [] };
  const errorsBefore = server.errors.length;
  const logsBefore = client.logs.length;
  server.forgetTexts();
  try {
    await body(state);
  } catch (error) {
    // A server that does not answer may be stuck in a loop: end it, and the next run starts a fresh one.
    if (error instanceof Timeout) await server.kill(client);
    state.problems.push(error instanceof Timeout ? error.message : `the run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  state.problems.push(...server.errors.slice(errorsBefore).map((message) => `the server logged: ${message}`));
  if (!isAlive(client) && !state.problems.some((p) => p.includes('no answer in'))) {
    state.problems.push(`the server is gone (exit code ${client.process.exitCode}, signal ${client.process.signalCode})`);
  }
  if (state.problems.length) {
    state.problems.push(`the server's log ends: ${client.logs.slice(Math.max(logsBefore, client.logs.length - 5)).join(' | ').slice(0, 2000)}`);
    if (process.env['FUZZ_DEBUG'] && state.text !== undefined) fs.writeFileSync(path.join(os.tmpdir(), 'oci-genai-tf-fuzz-failure.tf'), state.text);
  }
  assert.deepEqual(state.problems, []);
}

// ---------------------------------------------------------------------------------------------------------------

describe(`the server under fuzzed input (seed ${SEED})`, () => {
  let root: string;
  let server: Server;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-tf-fuzz-'));
    const configFile = writeOciConfig(root);
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    server = new Server(() =>
      LspTestClient.start({
        capabilities: CLIENT_CAPABILITIES,
        env: { OCI_CONFIG_FILE: configFile, OCI_CLI_PROFILE: 'DEFAULT' },
        initializationOptions: { workspaceTrusted: true, settings: { oci: { endpoint } } },
      }),
    );
    await server.ready();
  });
  after(async () => {
    if (server.client && isAlive(server.client)) await server.client.stop();
    fs.rmSync(root, { recursive: true, force: true });
    if (process.env['FUZZ_DEBUG']) for (const [method, { ms, count }] of timings) console.log(`${method}: ${count} answers, ${Math.round(ms)} ms`);
  });

  it('answers every request inside the document, logs no failure and stays alive, whatever the edits', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'module-'));
    writeBrokenModule(dir);
    await fc.assert(
      fc.asyncProperty(scenario, byteSplices, (s, splices) => checkedRun(server, dir, (state) => run(state, s, splices))),
      parameters(),
    );
  });

  it('reads modules whose files are not UTF-8, and opens documents decoded from such bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(COMPLETE_MODEL, TRICKY_SYNTAX, VARIABLES), byteSplices, fc.boolean(), async (text, splices, bom) => {
        const dir = fs.mkdtempSync(path.join(root, 'bytes-'));
        const bytes = Buffer.concat([bom ? BOM : Buffer.alloc(0), spliceBytes(text, splices)]);
        fs.writeFileSync(path.join(dir, 'other.tf'), bytes);
        fs.writeFileSync(path.join(dir, 'other.tfvars'), bytes);
        writeBrokenModule(dir);
        await checkedRun(server, dir, (state) => openDecoded(state, bytes));
      }),
      { ...parameters(), numRuns: Math.max(5, Math.round(RUNS / 4)) },
    );
  });
});

describe('lint over files that are not UTF-8', () => {
  it('reports and exits 0 or 1, without a crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-tf-fuzz-lint-'));
    try {
      writeBrokenModule(dir);
      fs.writeFileSync(path.join(dir, 'main.tf'), spliceBytes(COMPLETE_MODEL, BAD_BYTES.map((bytes, i) => ({ at: i * 397, bytes }))));
      fs.writeFileSync(path.join(dir, 'huge.tf'), `locals {\n  x = "${'\u0000'.repeat(1000)}${'😀'.repeat(100_000)}"\n}\n`);
      for (const format of ['text', 'json', 'sarif']) {
        const result = spawnSync(process.execPath, [BUILT_CLI, 'lint', dir, '--format', format], { encoding: 'utf8', timeout: 60_000 });
        assert.ok(result.status === 0 || result.status === 1, `--format ${format}: exit ${result.status} (${result.signal ?? ''}): ${result.stderr}`);
        assert.doesNotMatch(result.stderr, /\bat .*\.js:\d+|Error:/, `--format ${format}: a stack trace`);
        if (format !== 'text') JSON.parse(result.stdout);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
