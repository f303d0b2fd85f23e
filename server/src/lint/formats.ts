import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { RULES, type RuleId } from '../features/rules';
import { HOMEPAGE, VERSION } from '../version';
import type { FileDiagnostics } from './lintFiles';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

export function severityName(severity: DiagnosticSeverity | undefined): SeverityName {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'info';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}

/** A path as the user reads it: relative to the working directory, with `/` separators. */
function displayPath(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

function ruleOf(diagnostic: Diagnostic): string {
  return String(diagnostic.code ?? 'unknown');
}

function sorted(results: FileDiagnostics[]): { result: FileDiagnostics; diagnostic: Diagnostic }[] {
  return results.flatMap((result) =>
    [...result.diagnostics]
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
      .map((diagnostic) => ({ result, diagnostic })),
  );
}

/** `file:line:col: severity: message [rule]`, 1-based, the column counted in characters (code points). */
export function formatText(results: FileDiagnostics[], cwd: string): string {
  const lines: string[] = [];
  const fileLines = new Map<FileDiagnostics, string[]>();
  for (const { result, diagnostic } of sorted(results)) {
    let textLines = fileLines.get(result);
    if (!textLines) {
      textLines = result.text.split(/\r\n|\r|\n/);
      fileLines.set(result, textLines);
    }
    const { line, character } = diagnostic.range.start;
    const column = [...(textLines[line] ?? '').slice(0, character)].length + 1;
    lines.push(`${displayPath(result.file, cwd)}:${line + 1}:${column}: ${severityName(diagnostic.severity)}: ${String(diagnostic.message)} [${ruleOf(diagnostic)}]`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** An array of `{ file, range, severity, rule, message }` with LSP's 0-based positions (UTF-16 code units). */
export function formatJson(results: FileDiagnostics[], cwd: string): string {
  const items = sorted(results).map(({ result, diagnostic }) => ({
    file: displayPath(result.file, cwd),
    range: diagnostic.range,
    severity: severityName(diagnostic.severity),
    rule: ruleOf(diagnostic),
    message: String(diagnostic.message),
  }));
  return `${JSON.stringify(items, null, 2)}\n`;
}

const SARIF_LEVEL: Record<SeverityName, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * SARIF 2.1.0 for code scanning: every rule the tool has (id, short and full description, help, default level),
 * and one result per diagnostic with its level, message and region (1-based, UTF-16 columns as LSP counts),
 * the file given relative to the working directory.
 */
export function formatSarif(results: FileDiagnostics[], cwd: string): string {
  const ruleIds = Object.keys(RULES) as RuleId[];
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => ({
    id,
    // A readable name, distinct from the id as SARIF asks: "Missing required argument or block" -> MissingRequiredArgumentOrBlock.
    name: RULES[id].title.replace(/[^A-Za-z0-9]+(.)?/g, (_, letter: string | undefined) => (letter ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: `${RULES[id].title}.` },
    fullDescription: { text: RULES[id].help },
    help: { text: RULES[id].help, markdown: RULES[id].help },
    helpUri: HOMEPAGE,
    defaultConfiguration: { level: SARIF_LEVEL[severityName(RULES[id].severity)] },
  }));
  const sarifResults: Sarif.Result[] = sorted(results).map(({ result, diagnostic }) => {
    const rule = ruleOf(diagnostic);
    const ruleIndex = ruleIds.indexOf(rule as RuleId);
    const { start, end } = diagnostic.range;
    return {
      ruleId: rule,
      ...(ruleIndex === -1 ? {} : { ruleIndex }),
      level: SARIF_LEVEL[severityName(diagnostic.severity)],
      message: { text: String(diagnostic.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(displayPath(result.file, cwd)), uriBaseId: '%SRCROOT%' },
            region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
          },
        },
      ],
    };
  });
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'oci-genai-tf', version: VERSION, semanticVersion: VERSION, informationUri: HOMEPAGE, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
