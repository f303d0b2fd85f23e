import type { DriftEffect, FieldStatus, ModelComparison, NotCompared } from './compareModel';
import { shownValue } from './driftFindings';
import { liveStatusTitle, type LiveStatus } from './liveStatus';

/** One field of the comparison, its values as HCL text on one line. */
export interface DriftField {
  path: string;
  file: string;
  live: string;
  status: FieldStatus;
  effect: DriftEffect;
}

/** A model block against its live model: what Show Drift shows and `oci-genai-tf drift --format json` prints. */
export interface DriftReport {
  address: string;
  modelId: string;
  /** The document, and the 0-based line of the block's header. */
  uri: string;
  line: number;
  live: LiveStatus;
  /** Undefined when nothing could be compared: `note` says why, or the live status does. */
  fields?: DriftField[];
  notCompared: NotCompared[];
  note?: string;
}

export function reportFields(comparison: ModelComparison): DriftField[] {
  return comparison.fields.map((field) => ({ path: field.path, file: shownValue(field.file), live: shownValue(field.live), status: field.status, effect: field.effect }));
}

/** For the lens next to the live status: `In sync with OCI`, `2 differences from OCI (applying replaces the model)`. */
export function driftSummary(fields: readonly DriftField[], notCompared: number): string {
  const differing = fields.filter((field) => field.status === 'differs');
  const unknown = notCompared ? ` (${notCompared} not compared)` : '';
  if (!differing.length) return `In sync with OCI${unknown}`;
  const replaces = differing.some((field) => field.effect === 'replace');
  const count = `${differing.length} difference${differing.length === 1 ? '' : 's'} from OCI`;
  return `${count}: applying ${replaces ? 'replaces the model' : 'updates it in place'}${unknown}`;
}

const WIDEST_VALUE = 48;

/** The whole comparison as a text document: per block, the live status, then a table of field, file, live, effect. */
export function driftReportText(reports: readonly DriftReport[]): string {
  if (!reports.length) return 'No oci_generative_ai_model block here stands for a model OCI knows (an import block or terraform.tfstate names it).\n';
  return reports.map(reportText).join('\n');
}

function reportText(report: DriftReport): string {
  const lines = [`${report.address}  ${report.modelId}`, liveStatusTitle(report.live)];
  if (report.live.message) lines.push(report.live.message);
  if (report.note) lines.push(report.note);
  if (report.fields) {
    lines.push(driftSummary(report.fields, report.notCompared.length), '');
    const rows = [['Field', 'File', 'Live', 'Effect'], ...report.fields.map((field) => [field.path, cut(field.file), cut(field.live), effectText(field)])];
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    for (const row of rows) lines.push(row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd());
  }
  if (report.notCompared.length) {
    lines.push('', 'Not compared:');
    for (const skipped of report.notCompared) lines.push(`  ${skipped.path}: ${skipped.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function effectText(field: DriftField): string {
  if (field.status === 'kept') return 'in sync: the file does not set it, and Terraform keeps the live value';
  if (field.status === 'same') return 'in sync';
  return field.effect === 'replace' ? 'differs: applying the file replaces the model' : 'differs: applying the file updates it in place';
}

function cut(text: string): string {
  return text.length > WIDEST_VALUE ? `${text.slice(0, WIDEST_VALUE - 3)}...` : text;
}
