import type { DatasetFinding, DatasetSummary } from './datasetChecker';
import { summaryLine } from './summaryText';

/**
 * How `oci-genai-tf dataset check` writes what it finds, as it finds it: a file of a million bad lines is written
 * out, never held.
 */
export interface DatasetOutput {
  fileStarted(file: string): void;
  finding(finding: DatasetFinding): void;
  /** `summary` is null when the file could not be read to the end. */
  fileDone(summary: DatasetSummary | null): void;
  end(): void;
}

/** `file:line: severity: message [rule]` a finding, then `file: summary` for each file read to the end. */
export function textOutput(write: (text: string) => void): DatasetOutput {
  let current = '';
  return {
    fileStarted: (file) => void (current = file),
    finding: (finding) => write(`${current}:${finding.line}: ${finding.severity}: ${finding.message} [${finding.rule}]\n`),
    fileDone: (summary) => {
      if (summary) write(`${current}: ${summaryLine(summary)}\n`);
    },
    end: () => undefined,
  };
}

/**
 * One JSON array, an element a file: `{ "file", "findings": [{ rule, severity, line, message, span? }], "summary" }`,
 * written a finding at a time, one line each.
 */
export function jsonOutput(write: (text: string) => void): DatasetOutput {
  let files = 0;
  let findings = 0;
  write('[');
  return {
    fileStarted: (file) => {
      write(`${files++ ? ',' : ''}\n  {\n    "file": ${JSON.stringify(file)},\n    "findings": [`);
      findings = 0;
    },
    finding: (finding) => write(`${findings++ ? ',' : ''}\n      ${JSON.stringify(finding)}`),
    fileDone: (summary) => write(`${findings ? '\n    ' : ''}],\n    "summary": ${JSON.stringify(summary)}\n  }`),
    end: () => write(`${files ? '\n' : ''}]\n`),
  };
}
