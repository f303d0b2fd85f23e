import type { Range, TextEdit } from 'vscode-languageserver-types';
import { hclString, hclValue, numberText } from '../convert/hclText';
import type { Value } from '../convert/values';
import type { DriftEffect, FieldComparison, ModelComparison } from './compareModel';
import type { ModelBlockPlaces } from './modelBlock';

/** One field that differs, placed in the file: in the coordinates of the block's syntax (its chunk). */
export interface DriftFinding {
  path: string;
  /** The argument; where the file does not write it, the header of its block. */
  range: Range;
  message: string;
  effect: DriftEffect;
  /** The live value on one line, for the quick fix's title. */
  liveShown: string;
  /** "Take the live value": the one edit that makes the file say what OCI holds; undefined where none can be written. */
  edit: TextEdit | undefined;
}

const LONGEST_SHOWN = 120;

/**
 * The fields that differ, each with its message and the edit that takes the live value, written as import writes
 * it: escaped (`${` and `%{` stay literal), numbers as numbers, and OCIDs the module names as their references.
 */
export function driftFindings(comparison: ModelComparison, places: ModelBlockPlaces, references: ReadonlyMap<string, string>): DriftFinding[] {
  return comparison.fields
    .filter((field) => field.status === 'differs')
    .map((field) => {
      const argument = places.arguments.get(field.path);
      const parentPath = field.path.includes('.') ? field.path.slice(0, field.path.lastIndexOf('.')) : '';
      const parent = places.blocks.get(parentPath) ?? places.blocks.get('');
      return {
        path: field.path,
        range: argument?.range ?? parent!.header,
        // On a block's header, the message says which of its fields it is about.
        message: `${argument ? '' : `${field.path}: `}${driftMessage(field)}`,
        effect: field.effect,
        liveShown: shownValue(field.live),
        edit: liveValueEdit(field, places, references),
      };
    });
}

export function driftMessage(field: FieldComparison): string {
  const said = field.file === undefined ? 'the file does not set it' : `the file says ${shownValue(field.file)}`;
  const effect = field.effect === 'replace' ? 'applying the file would replace the model' : 'applying the file would update it in place';
  return `live value: ${shownValue(field.live)} (${said}); ${effect}`;
}

/** A value on one line, as HCL writes it; long ones cut short. */
export function shownValue(value: Value | undefined): string {
  if (value === undefined) return 'not set';
  const text = oneLine(value);
  return text.length > LONGEST_SHOWN ? `${text.slice(0, LONGEST_SHOWN - 3)}...` : text;
}

function oneLine(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length ? `{ ${entries.map(([key, item]) => `${hclString(key)} = ${oneLine(item)}`).join(', ')} }` : '{}';
}

function liveValueEdit(field: FieldComparison, places: ModelBlockPlaces, references: ReadonlyMap<string, string>): TextEdit | undefined {
  const argument = places.arguments.get(field.path);
  const written = (indent: string): string => {
    const live = field.live!;
    return (typeof live === 'string' ? references.get(live) : undefined) ?? hclValue(live, indent);
  };
  if (field.live === undefined) return argument?.lines && { range: argument.lines, newText: '' };
  if (argument) return { range: argument.value, newText: written(argument.indent) };
  const parentPath = field.path.includes('.') ? field.path.slice(0, field.path.lastIndexOf('.')) : '';
  const insertion = places.blocks.get(parentPath)?.insertion;
  const name = field.path.slice(field.path.lastIndexOf('.') + 1);
  return insertion && { range: { start: insertion.at, end: insertion.at }, newText: `${insertion.indent}${name} = ${written(insertion.indent)}\n` };
}
