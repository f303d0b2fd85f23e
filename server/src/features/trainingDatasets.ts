import type { Range } from 'vscode-languageserver-types';
import type { ObjectTarget } from '../cloud/objectTarget';
import { NotStatic } from '../convert/evaluate';
import type { Value } from '../convert/values';
import type { Chunk, HclDocument } from '../hcl/chunkedDocument';
import { shiftRange } from '../hcl/lineIndex';
import type { SyntaxReader } from '../hcl/readSyntax';
import { attributes, blocks, type Block, type Expression } from '../hcl/syntax';
import { fileKindOf } from '../workspace/moduleIndex';
import { chunkSyntax, type ChunkAnalyzer } from './chunkAnalysis';

const MODEL = 'oci_generative_ai_model';

/** The arguments of a `training_dataset` block that name its object, in the order of an `oci://` URL's parts. */
const TARGET_FIELDS = ['namespace', 'bucket', 'object'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/** A `training_dataset` block of a model resource as written, in its chunk's coordinates. */
interface DatasetBlockSyntax {
  /** The resource's address, `oci_generative_ai_model.<name>`. */
  address: string;
  /** The word `training_dataset`. */
  typeRange: Range;
  /** The values of the arguments that name the object, where written. */
  fields: Partial<Record<TargetField, Expression>>;
}

/** A chunk's training datasets, with the reader their expressions are read with (templates need its text). */
interface ChunkDatasets {
  reader: SyntaxReader;
  blocks: DatasetBlockSyntax[];
}

/** Per chunk, like the analyses: a chunk is replaced, never changed. */
const chunkDatasets = new WeakMap<Chunk, ChunkDatasets>();

/** A `training_dataset` block in a document, with the object it names when that is known before Terraform runs. */
export interface DatasetBlock {
  address: string;
  /** The word `training_dataset`, in the document. */
  typeRange: Range;
  /** Where each argument's value is written, in the document: a warning about that part goes there. */
  valueRanges: Partial<Record<TargetField, Range>>;
  target: ObjectTarget | undefined;
  /** Without a target because an argument is known only to Terraform: which, and what is written. */
  unknown?: { field: TargetField; written: string } | undefined;
}

/** A value as Terraform would evaluate it before running, or why it cannot be known. */
export type EvaluateExpression = (expression: Expression, reader: SyntaxReader) => Value | NotStatic;

/**
 * The Object Storage `training_dataset` blocks of a document's model resources, each with its object where
 * `evaluate` can tell it. A block whose `dataset_type` is written as something else is not one; one with an argument
 * not written at all has no target and no reason (the missing-argument error says it).
 */
export function trainingDatasets(document: HclDocument, analyzer: ChunkAnalyzer, evaluate: EvaluateExpression): DatasetBlock[] {
  if (fileKindOf(document.uri) !== 'configuration') return [];
  const found: DatasetBlock[] = [];
  for (const chunk of document.chunks) {
    const { reader, blocks: written } = datasetsOf(chunk, analyzer);
    for (const block of written) found.push(resolve(block, reader, chunk.startLine, evaluate));
  }
  return found;
}

function resolve(block: DatasetBlockSyntax, reader: SyntaxReader, startLine: number, evaluate: EvaluateExpression): DatasetBlock {
  const valueRanges: DatasetBlock['valueRanges'] = {};
  const values: Partial<ObjectTarget> = {};
  let unknown: DatasetBlock['unknown'];
  for (const field of TARGET_FIELDS) {
    const expression = block.fields[field];
    if (!expression) continue;
    valueRanges[field] = shiftRange(expression.range, startLine);
    if (unknown) continue;
    const value = evaluate(expression, reader);
    // Terraform turns a number or a bool into the string the argument takes; an empty name, null, a list or an
    // object name nothing (other checks say so), so neither a target nor a reason.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[field] = String(value);
    else if (value instanceof NotStatic) unknown = { field, written: writtenText(expression, reader) };
  }
  const complete = TARGET_FIELDS.every((field) => values[field]);
  return {
    address: block.address,
    typeRange: shiftRange(block.typeRange, startLine),
    valueRanges,
    target: complete && !unknown ? { namespace: values.namespace!, bucket: values.bucket!, object: values.object! } : undefined,
    unknown,
  };
}

/** What is written for a value, on one line and short enough for a code lens. */
function writtenText(expression: Expression, reader: SyntaxReader): string {
  const text = reader.source.slice(reader.lines.offsetAt(expression.range.start), reader.lines.offsetAt(expression.range.end)).replace(/\s+/g, ' ');
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

/** The chunk's training datasets; the chunk's tree is read only when it holds a model resource. */
function datasetsOf(chunk: Chunk, analyzer: ChunkAnalyzer): ChunkDatasets {
  const cached = chunkDatasets.get(chunk);
  if (cached) return cached;
  const analysis = analyzer.analyze(chunk, 'configuration');
  const holdsModel = analysis.headers.some((item) => item.kind === 'block' && item.type === 'resource' && item.labels[0]?.value === MODEL);
  let datasets: ChunkDatasets = { reader: analysis.reader, blocks: [] };
  if (holdsModel) {
    const { reader, items } = chunkSyntax(chunk);
    datasets = { reader, blocks: [] };
    for (const item of items) {
      const name = item.kind === 'block' && item.type === 'resource' && item.labels[0]?.value === MODEL ? item.labels[1]?.value : undefined;
      if (!name || item.kind !== 'block') continue;
      for (const details of blocks(reader.block(item).body).filter((b) => b.type === 'fine_tune_details')) {
        for (const dataset of blocks(details.body).filter((b) => b.type === 'training_dataset')) {
          if (isObjectStorage(dataset)) datasets.blocks.push(syntaxOf(`${MODEL}.${name}`, dataset));
        }
      }
    }
  }
  chunkDatasets.set(chunk, datasets);
  return datasets;
}

/** Unless `dataset_type` is written as another type: the provider's only type today is OBJECT_STORAGE (any case). */
function isObjectStorage(block: Block): boolean {
  const type = attributes(block.body).find((a) => a.name === 'dataset_type')?.value;
  return type?.kind !== 'string' || type.value.toUpperCase() === 'OBJECT_STORAGE';
}

function syntaxOf(address: string, block: Block): DatasetBlockSyntax {
  const fields: DatasetBlockSyntax['fields'] = {};
  for (const attribute of attributes(block.body)) {
    if ((TARGET_FIELDS as readonly string[]).includes(attribute.name) && attribute.value.kind !== 'missing') fields[attribute.name as TargetField] = attribute.value;
  }
  return { address, typeRange: block.typeRange, fields };
}
