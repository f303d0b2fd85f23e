import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../features/rules';
import { checkDatasetText } from './checkDataset';
import type { DatasetFinding, DatasetReport } from './datasetChecker';
import { summaryMarkdown } from './summaryText';

/** JSON Lines files: fine-tuning datasets, never Terraform, whatever language the client gives them. */
export function isDatasetDocument(uri: string, languageId: string): boolean {
  return languageId === 'jsonl' || /\.jsonl$/i.test(uri);
}

/** What the server publishes for a dataset: `textDocument/publishDiagnostics`'s parameters. */
export interface DatasetDiagnostics {
  uri: string;
  version: number;
  diagnostics: Diagnostic[];
}

interface OpenDataset {
  document: TextDocument;
  /** Of the last version checked to the end; undefined until the first check ends. */
  report?: DatasetReport;
  /** Ends the check of the current version: a newer version or a close makes it useless. */
  checking: AbortController;
}

/**
 * The open datasets, each checked whole on every change: the check is linear, about 15 ms a megabyte, and gives
 * way to other work every megabyte, so a check that an edit has made useless ends at the next megabyte.
 */
export class DatasetDocuments {
  private readonly open = new Map<string, OpenDataset>();

  has(uri: string): boolean {
    return this.open.has(uri);
  }

  /** Opens the document or replaces it; answers its diagnostics, or undefined if a newer version came first. */
  opened(uri: string, languageId: string, version: number, text: string): Promise<DatasetDiagnostics | undefined> {
    const previous = this.open.get(uri);
    previous?.checking.abort();
    return this.check(TextDocument.create(uri, languageId, version, text), previous?.report);
  }

  /** Applies a client's changes to an open document; answers as `opened`. */
  changed(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): Promise<DatasetDiagnostics | undefined> {
    const open = this.open.get(uri);
    if (!open) return Promise.resolve(undefined);
    open.checking.abort();
    return this.check(TextDocument.update(open.document, [...changes], version), open.report);
  }

  /** Answers whether it was open here. */
  closed(uri: string): boolean {
    this.open.get(uri)?.checking.abort();
    return this.open.delete(uri);
  }

  /** The summary of the last version checked, on the first line. */
  hover(uri: string, position: Position): Hover | null {
    const open = this.open.get(uri);
    if (!open?.report || position.line !== 0) return null;
    return { contents: { kind: MarkupKind.Markdown, value: summaryMarkdown(open.report.summary) }, range: lineRange(open.document, 0) };
  }

  private async check(document: TextDocument, lastReport: DatasetReport | undefined): Promise<DatasetDiagnostics | undefined> {
    const open: OpenDataset = { document, report: lastReport, checking: new AbortController() };
    this.open.set(document.uri, open);
    let report: DatasetReport;
    try {
      report = await checkDatasetText(document.getText(), { signal: open.checking.signal });
    } catch (error) {
      if (open.checking.signal.aborted) return undefined;
      throw error;
    }
    // An edit changes `document` in place, and always aborts the check of the text before it.
    if (open.checking.signal.aborted) return undefined;
    open.report = report;
    return { uri: document.uri, version: document.version, diagnostics: toDiagnostics(document, report) };
  }
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning } as const;

function toDiagnostics(document: TextDocument, report: DatasetReport): Diagnostic[] {
  const text = document.getText();
  const starts = lineStarts(text, report.findings);
  const diagnostics = report.findings.map((finding): Diagnostic => ({
    range: findingRange(document, text, starts.get(finding.line) ?? text.length, finding),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  }));
  if (report.omittedFindings) {
    const all = report.findings.length + report.omittedFindings;
    diagnostics.push({
      range: lineRange(document, 0),
      severity: DiagnosticSeverity.Information,
      code: 'more-findings',
      source: DIAGNOSTIC_SOURCE,
      message: `The first ${report.findings.length} of ${all} problems are shown; \`oci-genai-tf dataset check FILE\` lists them all.`,
    });
  }
  return diagnostics;
}

/**
 * Where the checker's lines (ended by `\n` only) start in the text, for the lines with findings. The client may
 * count a lone `\r` as a line break too, so positions come from offsets, not from line numbers.
 */
function lineStarts(text: string, findings: DatasetFinding[]): Map<number, number> {
  const wanted = [...new Set(findings.map((finding) => finding.line))].sort((a, b) => a - b);
  const starts = new Map<number, number>();
  let line = 1;
  let offset = 0;
  for (const target of wanted) {
    while (line < target && offset <= text.length) {
      const lineFeed = text.indexOf('\n', offset);
      offset = lineFeed < 0 ? text.length + 1 : lineFeed + 1;
      line++;
    }
    if (offset <= text.length) starts.set(target, offset);
  }
  return starts;
}

function findingRange(document: TextDocument, text: string, start: number, finding: DatasetFinding): Range {
  if (finding.span) return { start: document.positionAt(start + finding.span.start), end: document.positionAt(start + finding.span.end) };
  const lineFeed = text.indexOf('\n', start);
  let end = lineFeed < 0 ? text.length : lineFeed;
  if (end > start && text[end - 1] === '\r') end--;
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** The whole line: `offsetAt` stops a position past the end before the line break. */
function lineRange(document: TextDocument, line: number): Range {
  return { start: { line, character: 0 }, end: document.positionAt(document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER })) };
}
