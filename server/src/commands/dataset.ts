import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDatasetStream } from '../dataset/checkDataset';
import { jsonOutput, textOutput } from '../dataset/datasetFormats';
import type { CommandIo } from './lint';
import { parseCommandArgs } from './ociOptions';

export const DATASET_USAGE = `Usage: oci-genai-tf dataset check PATH... [--format text|json]

Checks fine-tuning datasets before you pay for a job: JSON Lines files, one example a line, each a JSON object
with a non-empty string "prompt" and "completion". Reported with their line numbers: lines that are not JSON or
not such an object, missing, empty or non-string fields (errors); unknown keys, exact duplicates, blank lines and
a byte-order mark (warnings); lines that are not UTF-8, a cut-off last line, lines over 4 MB (errors). Files are
read as a stream, so memory stays small however large they are; on a terminal, progress is shown on stderr.

  --format text   file:line: severity: message [rule], then a summary line per file (the default): examples,
                  the 80/20 training/validation split, duplicates, longest prompt and completion in characters
  --format json   a JSON array with one { file, findings, summary } per file

Exit codes: 0 no problems, 1 an error or a warning in some file, 2 a usage or I/O error (a path that does not
exist or cannot be read counts here, even with findings in other files).
`;

export interface DatasetIo extends CommandIo {
  /** Progress is shown only on a terminal. */
  stderrStream: { isTTY?: boolean };
}

const OUTPUTS = { text: textOutput, json: jsonOutput };

/** `oci-genai-tf dataset`: answers the exit code. */
export async function dataset(args: string[], io: DatasetIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === '--help' || subcommand === '-h' || rest.includes('--help') || rest.includes('-h')) {
    io.stdout(DATASET_USAGE);
    return 0;
  }
  if (subcommand !== 'check') {
    io.stderr(`oci-genai-tf dataset: ${subcommand === undefined ? 'the subcommand is missing' : `unknown subcommand "${subcommand}"`}\n\n${DATASET_USAGE}`);
    return 2;
  }
  const parsed = parseCommandArgs(rest, { format: { type: 'string', default: 'text' } }, 'dataset check', DATASET_USAGE, io.stderr);
  if (!parsed) return 2;
  const usage = (message: string): number => {
    io.stderr(`oci-genai-tf dataset check: ${message}\n\n${DATASET_USAGE}`);
    return 2;
  };
  const format = parsed.values.format;
  if (!(format in OUTPUTS)) return usage(`--format takes text or json, not "${format}"`);
  const options = { paths: parsed.positionals, format: format as keyof typeof OUTPUTS };
  if (!options.paths.length) return usage('name at least one file to check');
  const problems: string[] = [];
  const files: { path: string; size: number }[] = [];
  for (const given of options.paths) {
    const size = fileSize(given, io.cwd);
    if (typeof size === 'string') problems.push(size);
    else files.push({ path: given, size });
  }
  const output = OUTPUTS[options.format](io.stdout);
  let findings = 0;
  for (const file of files) {
    output.fileStarted(file.path);
    const progress = io.stderrStream.isTTY ? progressLine(file.path, file.size, io.stderr) : undefined;
    try {
      const report = await checkDatasetStream(fs.createReadStream(path.resolve(io.cwd, file.path)), {
        keptFindings: 0,
        onFinding: (finding) => {
          // On a terminal, stdout and stderr share the screen: the progress line makes way for the output.
          progress?.clear();
          output.finding(finding);
        },
        onProgress: progress?.update,
      });
      findings += report.summary.errors + report.summary.warnings;
      progress?.clear();
      output.fileDone(report.summary);
    } catch (error) {
      progress?.clear();
      problems.push(`${file.path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      output.fileDone(null);
    }
  }
  output.end();
  for (const problem of problems) io.stderr(`oci-genai-tf dataset check: ${problem}\n`);
  if (problems.length) return 2;
  return findings ? 1 : 0;
}

/** The size of the file `given` names (0 for a pipe, such as `<(zcat train.jsonl.gz)`), or why it cannot be checked. */
function fileSize(given: string, cwd: string): number | string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path.resolve(cwd, given));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? `${given}: no such file` : `${given}: cannot read the file (${code ?? String(error)})`;
  }
  if (stat.isDirectory()) return `${given}: a folder; name the files to check (such as ${given.replace(/\/?$/, '/')}*.jsonl)`;
  return stat.size;
}

/** Once a second, and only after the first second: a check that takes less shows nothing. */
const PROGRESS_INTERVAL_MS = 1000;

function progressLine(file: string, size: number, write: (text: string) => void): { update: (bytesRead: number) => void; clear: () => void } {
  let next = performance.now() + PROGRESS_INTERVAL_MS;
  let shown = false;
  return {
    update: (bytesRead) => {
      const now = performance.now();
      if (now < next) return;
      next = now + PROGRESS_INTERVAL_MS;
      const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(0);
      const done = size ? `${Math.min(100, Math.floor((bytesRead / size) * 100))}% (${megabytes(bytesRead)} of ${megabytes(size)} MB)` : `${megabytes(bytesRead)} MB`;
      write(`\r\x1b[Kchecking ${file}: ${done}`);
      shown = true;
    },
    /** Until the next update. */
    clear: () => {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}
