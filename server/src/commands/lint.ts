import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { createTerraformParser } from '../hcl/treeSitter';
import { findTerraformFiles } from '../lint/findFiles';
import { formatJson, formatSarif, formatText } from '../lint/formats';
import { lintFiles } from '../lint/lintFiles';

export const LINT_USAGE = `Usage: oci-genai-tf lint [PATH...] [--format text|json|sarif] [--min-severity error|warning|info]

Checks the Terraform files under each PATH (default: the current folder) with the same engine and messages as
the editor. Folders are searched recursively for .tf and .tfvars files, leaving out hidden folders such as
.terraform; the files of one folder form a module, so references resolve across them.

  --format text           file:line:col: severity: message [rule] (1-based; the default)
  --format json           an array of { file, range, severity, rule, message } with LSP's 0-based positions
  --format sarif          SARIF 2.1.0, for code scanning
  --min-severity LEVEL    the lowest severity that fails the run (default: error). Every finding is reported.

Exit codes: 0 nothing at or above the minimum severity, 1 something is, 2 a usage or I/O error (a path that
does not exist counts here, even with findings).
`;

const FORMATS = { text: formatText, json: formatJson, sarif: formatSarif };
const THRESHOLDS: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface CommandIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface LintOptions {
  paths: string[];
  format: keyof typeof FORMATS;
  threshold: DiagnosticSeverity;
}

function parseArguments(args: string[]): LintOptions | string {
  const options: LintOptions = { paths: [], format: 'text', threshold: DiagnosticSeverity.Error };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inlineValue ?? args[++i];
    if (flag === '--format') {
      const format = value();
      if (!format || !(format in FORMATS)) return `--format takes text, json or sarif${format ? `, not "${format}"` : ''}`;
      options.format = format as keyof typeof FORMATS;
    } else if (flag === '--min-severity') {
      const level = value();
      if (!level || !(level in THRESHOLDS)) return `--min-severity takes error, warning or info${level ? `, not "${level}"` : ''}`;
      options.threshold = THRESHOLDS[level]!;
    } else if (flag.startsWith('-') && flag !== '-') {
      return `unknown option ${flag}`;
    } else {
      options.paths.push(arg);
    }
  }
  if (!options.paths.length) options.paths.push('.');
  return options;
}

/** `oci-genai-tf lint`: answers the exit code. */
export async function lint(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(LINT_USAGE);
    return 0;
  }
  const options = parseArguments(args);
  if (typeof options === 'string') {
    io.stderr(`oci-genai-tf lint: ${options}\n\n${LINT_USAGE}`);
    return 2;
  }
  const started = performance.now();
  const found = findTerraformFiles(options.paths, io.cwd);
  const outcome = lintFiles(await createTerraformParser(), found.files, io.cwd);
  io.stdout(FORMATS[options.format](outcome.results, io.cwd));

  const problems = [...found.problems, ...outcome.problems];
  for (const problem of problems) io.stderr(`oci-genai-tf lint: ${problem}\n`);
  const all = outcome.results.flatMap((result) => result.diagnostics);
  if (options.format === 'text') {
    const count = (severity: DiagnosticSeverity): number => all.filter((d) => (d.severity ?? DiagnosticSeverity.Error) === severity).length;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    io.stderr(`${count(DiagnosticSeverity.Error)} error(s), ${count(DiagnosticSeverity.Warning)} warning(s) in ${outcome.results.length} file(s), ${seconds} s\n`);
  }
  if (problems.length) return 2;
  return all.some((d) => (d.severity ?? DiagnosticSeverity.Error) <= options.threshold) ? 1 : 0;
}
