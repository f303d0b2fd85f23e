import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import { makeDiagnostic } from '../features/rules';
import { whyNotRead } from '../workspace/analysisLimits';
import { Workspace } from '../workspace/workspace';

export interface FileDiagnostics {
  /** Absolute path. */
  file: string;
  text: string;
  diagnostics: Diagnostic[];
}

export interface LintOutcome {
  results: FileDiagnostics[];
  /** Files that could not be read: an I/O error, reported like a missing path. */
  problems: string[];
}

/**
 * Lints files with the editor's own engine: the files of one folder are opened together in a workspace, so that
 * references resolve across them, then closed before the next folder (memory stays that of one module).
 */
export function lintFiles(parser: Parser, files: string[], cwd: string): LintOutcome {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file);
    const list = byFolder.get(folder);
    if (list) list.push(file);
    else byFolder.set(folder, [file]);
  }
  const results: FileDiagnostics[] = [];
  const problems: string[] = [];
  const workspace = new Workspace(parser);
  try {
    for (const folderFiles of byFolder.values()) {
      const opened: { file: string; uri: string; text: string }[] = [];
      for (const file of folderFiles) {
        let text: string;
        try {
          const unread = whyNotRead(fs.statSync(file).size);
          if (unread) {
            results.push({ file, text: '', diagnostics: [makeDiagnostic('not-analysed', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, unread)] });
            continue;
          }
          text = fs.readFileSync(file, 'utf8');
        } catch (error) {
          problems.push(`${path.relative(cwd, file)}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
          continue;
        }
        const uri = pathToFileURL(file).href;
        workspace.open(uri, file.endsWith('.tfvars') ? 'terraform-vars' : 'terraform', 1, text);
        opened.push({ file, uri, text });
      }
      for (const { file, uri, text } of opened) results.push({ file, text, diagnostics: workspace.diagnostics(uri) });
      for (const { uri } of opened) workspace.close(uri);
    }
  } finally {
    workspace.dispose();
  }
  return { results, problems };
}
