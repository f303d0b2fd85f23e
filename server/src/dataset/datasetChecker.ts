import { DATASET_RULES, type DatasetRuleId, type DatasetSeverity } from './datasetRules';
import { judgeLine, type Example } from './exampleLine';
import type { Span } from './jsonMembers';
import { PairIndex } from './pairIndex';
import { PendingLine } from './pendingLine';

export interface DatasetFinding {
  rule: DatasetRuleId;
  severity: DatasetSeverity;
  /** 1-based. */
  line: number;
  message: string;
  /**
   * Where on the line, in UTF-16 code units of the decoded line (a byte-order mark counts as one), 0-based, end
   * exclusive; absent when the line could not be decoded, which means the whole line.
   */
  span?: Span;
}

export interface LongestField {
  /** In characters as people count them: Unicode code points, so an emoji or an accented letter is one. */
  characters: number;
  /** 1-based; the first line with this length. */
  line: number;
}

export interface DatasetSummary {
  /** Lines of the file, the last one counted also without a line break. */
  lines: number;
  bytes: number;
  /** Valid lines, duplicates included: the service trains on each. */
  examples: number;
  /** `examples` split 80/20, validation rounded up (see `trainingSplit`). */
  training: number;
  validation: number;
  /** Examples that repeat an earlier line's prompt and completion exactly. */
  duplicates: number;
  /** Null without examples. */
  longestPrompt: LongestField | null;
  longestCompletion: LongestField | null;
  errors: number;
  warnings: number;
}

export interface DatasetReport {
  /** The first `keptFindings`, in the order found: by line, then `no-examples` (line 1) last. */
  findings: DatasetFinding[];
  /** Found but not kept (each still went to `onFinding`); `summary.errors` and `summary.warnings` count all. */
  omittedFindings: number;
  summary: DatasetSummary;
}

export interface DatasetCheckerOptions {
  /** Every finding, as it is found; with it, `keptFindings: 0` keeps the memory free of findings. */
  onFinding?: (finding: DatasetFinding) => void;
  /** How many findings the report keeps (default 1000). */
  keptFindings?: number;
  /** Longer lines are reported and skipped, not read (default 4 MiB). */
  maxLineBytes?: number;
}

const DEFAULT_KEPT_FINDINGS = 1000;
const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Training and validation counts of the service's 80/20 split. The service does not document its rounding; this
 * rounds validation up, as scikit-learn's and Hugging Face's `train_test_split` do, so the counts may be one off.
 * A fifth, not 0.2 times: `0.2 * 15` is 3.0000000000000004, which would round up to 4.
 */
export function trainingSplit(examples: number): { training: number; validation: number } {
  const validation = Math.ceil(examples / 5);
  return { training: examples - validation, validation };
}

/**
 * Checks a JSON Lines fine-tuning dataset as bytes arrive, in chunks cut anywhere (in a line, in a UTF-8
 * character, between `\r` and `\n`): the report does not depend on the cutting. Memory: the current line (up to
 * `maxLineBytes`), the kept findings, and 16 to 32 bytes per distinct example (`PairIndex`).
 *
 * Lines end at `\n`; a `\r` before it is dropped. Each line must be one JSON object with non-empty string
 * `prompt` and `completion`.
 */
export class DatasetChecker {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly pending: PendingLine;
  private readonly pairs = new PairIndex();
  private readonly keptFindings: number;
  private readonly maxLineBytes: number;
  private readonly findings: DatasetFinding[] = [];
  private omittedFindings = 0;
  private lines = 0;
  private bytes = 0;
  private examples = 0;
  private duplicates = 0;
  private errors = 0;
  private warnings = 0;
  private longestPrompt: LongestField | null = null;
  private longestCompletion: LongestField | null = null;
  private finished = false;

  constructor(private readonly options: DatasetCheckerOptions = {}) {
    this.keptFindings = options.keptFindings ?? DEFAULT_KEPT_FINDINGS;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.pending = new PendingLine(this.maxLineBytes);
  }

  push(bytes: Uint8Array): void {
    if (this.finished) throw new Error('DatasetChecker.push after finish');
    this.bytes += bytes.length;
    let start = 0;
    for (let lineFeed = bytes.indexOf(LINE_FEED); lineFeed >= 0; lineFeed = bytes.indexOf(LINE_FEED, start)) {
      this.endLine(bytes.subarray(start, lineFeed), true);
      start = lineFeed + 1;
    }
    this.pending.add(bytes.subarray(start));
  }

  /** Checks the last line (the one without a line break, if any) and answers the report. */
  finish(): DatasetReport {
    if (this.finished) throw new Error('DatasetChecker.finish called twice');
    if (!this.pending.isEmpty) this.endLine(new Uint8Array(0), false);
    this.finished = true;
    if (!this.examples) this.report('no-examples', 1, this.lines ? 'no line of the file is a valid example' : 'the file is empty');
    return {
      findings: this.findings,
      omittedFindings: this.omittedFindings,
      summary: {
        lines: this.lines,
        bytes: this.bytes,
        examples: this.examples,
        ...trainingSplit(this.examples),
        duplicates: this.duplicates,
        longestPrompt: this.longestPrompt,
        longestCompletion: this.longestCompletion,
        errors: this.errors,
        warnings: this.warnings,
      },
    };
  }

  private endLine(last: Uint8Array, withBreak: boolean): void {
    const { bytes, byteLength } = this.pending.end(last);
    const line = ++this.lines;
    if (!bytes) {
      const megabytes = (size: number): string => `${(size / (1024 * 1024)).toFixed(1)} MB`;
      this.report('line-too-long', line, `the line is ${megabytes(byteLength)} long, over the ${megabytes(this.maxLineBytes)} a line may have; it is not checked`);
      return;
    }
    let content = bytes.length && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.subarray(0, -1) : bytes;
    // A byte-order mark counts as one character for the places of what follows, as in an editor that shows it.
    let shift = 0;
    if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
      const where = line === 1 ? 'the file starts with a UTF-8 byte-order mark' : 'a UTF-8 byte-order mark starts this line (files joined together?)';
      this.report('byte-order-mark', line, where, { start: 0, end: 1 });
      content = content.subarray(3);
      shift = 1;
    }
    if (isBlank(content)) {
      this.report('blank-line', line, 'blank line', { start: 0, end: shift + content.length });
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode(content);
    } catch {
      if (!withBreak && endsInCutCharacter(content)) this.report('truncated-line', line, 'the file ends in the middle of a character of this line, with no line break; it looks cut off');
      else this.report('invalid-utf8', line, 'the line is not valid UTF-8 (a file saved in another encoding, or binary data)');
      return;
    }
    const verdict = judgeLine(text, !withBreak);
    for (const problem of verdict.problems) {
      this.report(problem.rule, line, problem.message, problem.span && { start: problem.span.start + shift, end: problem.span.end + shift });
    }
    if (verdict.example) this.countExample(verdict.example, line, { start: shift, end: shift + text.length });
  }

  private countExample({ prompt, completion }: Example, line: number, span: Span): void {
    this.examples++;
    this.longestPrompt = longer(this.longestPrompt, prompt, line);
    this.longestCompletion = longer(this.longestCompletion, completion, line);
    const first = this.pairs.firstLine(prompt, completion, line);
    if (first === undefined) return;
    this.duplicates++;
    this.report('duplicate-example', line, `the same prompt and completion as line ${first}`, span);
  }

  private report(rule: DatasetRuleId, line: number, message: string, span?: Span): void {
    const { severity } = DATASET_RULES[rule];
    if (severity === 'error') this.errors++;
    else this.warnings++;
    const finding: DatasetFinding = span ? { rule, severity, line, message, span } : { rule, severity, line, message };
    this.options.onFinding?.(finding);
    if (this.findings.length < this.keptFindings) this.findings.push(finding);
    else this.omittedFindings++;
  }
}

/** Whether the bytes are valid UTF-8 but for a character begun at the very end and never finished. */
function endsInCutCharacter(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Spaces and tabs only (JSON's white space within a line), or nothing. */
function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== CARRIAGE_RETURN) return false;
  return true;
}

/** The longer of the longest so far and `text`; counting code points only when it can be longer. */
function longer(longest: LongestField | null, text: string, line: number): LongestField | null {
  // A string has at least as many UTF-16 code units as code points.
  if (longest && text.length <= longest.characters) return longest;
  const characters = codePoints(text);
  return !longest || characters > longest.characters ? { characters, line } : longest;
}

function codePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}
