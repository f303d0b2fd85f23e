import type { Position, Range } from 'vscode-languageserver-types';
import type { ModuleEvaluator } from '../convert/evaluate';
import type { SyntaxReader } from '../hcl/readSyntax';
import type { Block, Expression } from '../hcl/syntax';
import type { FileModel } from './compareModel';

/** Where an argument is written, in the coordinates of the syntax it was read from (its chunk). */
export interface ArgumentPlace {
  /** `name = value`. */
  range: Range;
  value: Range;
  /** The indentation of its line, for a value written over several lines. */
  indent: string;
  /** Its whole lines, when nothing else is on them: what removing it takes away. */
  lines: Range | undefined;
}

/** Where a (nested) block is written: its header, and where a new argument goes (before its closing brace). */
export interface BlockPlace {
  header: Range;
  /** Undefined when the closing brace shares its line with something else. */
  insertion: { at: Position; indent: string } | undefined;
}

export interface ModelBlockPlaces {
  /** By schema path; the resource block itself is `''`. */
  blocks: Map<string, BlockPlace>;
  arguments: Map<string, ArgumentPlace>;
}

/**
 * A model block as written: its values as far as they are known without Terraform (the evaluator's), its
 * `lifecycle.ignore_changes`, and where each argument and nested block is, for diagnostics and edits.
 */
export function readModelBlock(block: Block, reader: SyntaxReader, evaluator: ModuleEvaluator): { file: FileModel; places: ModelBlockPlaces } {
  const evaluated = evaluator.evaluateBlock(block, reader);
  const places: ModelBlockPlaces = { blocks: new Map(), arguments: new Map() };
  placesOf(block, reader, '', places);
  return { file: { values: evaluated.value, unknown: evaluated.unknown, ignoreChanges: ignoredChanges(block) }, places };
}

function placesOf(block: Block, reader: SyntaxReader, path: string, places: ModelBlockPlaces): void {
  const header = { start: block.typeRange.start, end: block.labels[block.labels.length - 1]?.range.end ?? block.typeRange.end };
  places.blocks.set(path, { header, insertion: insertionPoint(block, reader) });
  for (const item of block.body.items) {
    const itemPath = path ? `${path}.${item.kind === 'attribute' ? item.name : item.type}` : item.kind === 'attribute' ? item.name : item.type;
    if (item.kind === 'block') {
      placesOf(item, reader, itemPath, places);
      continue;
    }
    const text = reader.source;
    const start = reader.lines.offsetAt(item.range.start);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start);
    const end = reader.lines.offsetAt(item.range.end);
    const lineEnd = reader.lines.lineEnd(end);
    const wholeLines = /^[ \t]*$/.test(before) && /^[ \t]*(?:(?:#|\/\/).*)?\r?$/.test(text.slice(end, lineEnd));
    const next = text.indexOf('\n', end);
    places.arguments.set(itemPath, {
      range: item.range,
      value: item.value.range,
      indent: /^[ \t]*/.exec(before)![0],
      lines: wholeLines ? reader.lines.range(lineStart, next === -1 ? text.length : next + 1) : undefined,
    });
  }
}

/** Before the block's closing brace, when it is alone on its line: one indentation step deeper than the brace. */
function insertionPoint(block: Block, reader: SyntaxReader): BlockPlace['insertion'] {
  if (!block.closed || block.damaged) return undefined;
  const text = reader.source;
  const brace = reader.lines.offsetAt(block.range.end) - 1;
  if (text[brace] !== '}') return undefined;
  const lineStart = text.lastIndexOf('\n', brace - 1) + 1;
  const before = text.slice(lineStart, brace);
  if (!/^[ \t]*$/.test(before)) return undefined;
  return { at: reader.lines.positionAt(lineStart), indent: `${before}  ` };
}

/**
 * `lifecycle { ignore_changes = [...] }` as schema paths: `fine_tune_details[0].training_config[0].learning_rate`
 * is `fine_tune_details.training_config.learning_rate`; a map key (`freeform_tags["team"]`) leaves out the whole
 * map, which is coarser than Terraform; `all` is `*`.
 */
function ignoredChanges(block: Block): string[] {
  const lifecycle = block.body.items.find((item): item is Block => item.kind === 'block' && item.type === 'lifecycle');
  const setting = lifecycle?.body.items.find((item) => item.kind === 'attribute' && item.name === 'ignore_changes');
  if (setting?.kind !== 'attribute') return [];
  const expression = setting.value;
  if (expression.kind === 'traversal' && expression.root === 'all' && expression.steps.length === 0) return ['*'];
  if (expression.kind !== 'tuple') return [];
  return expression.elements.flatMap((element) => {
    const path = schemaPathOf(element);
    return path ? [path] : [];
  });
}

function schemaPathOf(expression: Expression): string | undefined {
  if (expression.kind !== 'traversal') return undefined;
  const names = [expression.root];
  for (const step of expression.steps) {
    if (step.kind === 'attribute') names.push(step.name);
    else if (step.kind === 'index' && typeof step.key === 'string') break;
    else if (step.kind === 'splat') break;
  }
  return names.join('.');
}
