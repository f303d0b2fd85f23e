import type { Range } from 'vscode-languageserver-types';
import type { Node } from 'web-tree-sitter';

/**
 * What the features work with: HCL blocks, attributes and expressions read from tree-sitter nodes, with LSP
 * ranges. Ranges are relative to the chunk the syntax was read from (line 0 is the chunk's first line); the
 * document analysis moves results to document lines.
 */

export interface Label {
  value: string;
  range: Range;
  quoted: boolean;
}

/** A block's type and labels, read without its body. */
export interface BlockHeader {
  kind: 'block';
  type: string;
  typeRange: Range;
  labels: Label[];
  range: Range;
  /** The block's tree-sitter node, to read the body when it is needed. */
  node: Node;
}

export interface Block extends BlockHeader {
  body: Body;
  /** Where `{` is, when present. */
  openBrace: Range | undefined;
  /** False when the closing `}` is missing. */
  closed: boolean;
  /** The block's text holds a syntax error somewhere: what is missing may only be hidden by it. */
  damaged: boolean;
}

export interface Attribute {
  kind: 'attribute';
  name: string;
  nameRange: Range;
  value: Expression;
  range: Range;
  /** The attribute's text holds a syntax error: its name or value may not be what the user meant. */
  damaged: boolean;
}

export type BodyItem = Attribute | Block;

export interface Body {
  items: BodyItem[];
}

export type TraversalStep =
  | { kind: 'attribute'; name: string; range: Range }
  | { kind: 'index'; key: string | number | undefined; range: Range }
  | { kind: 'splat'; range: Range };

interface ExpressionBase {
  range: Range;
}

/** A quoted string without interpolation: its value is known. */
export interface StringLiteral extends ExpressionBase {
  kind: 'string';
  value: string;
}

export interface NumberLiteral extends ExpressionBase {
  kind: 'number';
  value: number;
  text: string;
}

export interface BoolLiteral extends ExpressionBase {
  kind: 'bool';
  value: boolean;
}

export interface NullLiteral extends ExpressionBase {
  kind: 'null';
}

/** A quoted string with `${...}` or `%{...}`, or a heredoc: its value is not known statically. */
export interface Template extends ExpressionBase {
  kind: 'template';
  heredoc: boolean;
  parts: Expression[];
}

export interface Tuple extends ExpressionBase {
  kind: 'tuple';
  elements: Expression[];
}

export interface ObjectElement {
  /** The key when it is a name or a literal string; undefined for a computed key. */
  key: string | undefined;
  keyRange: Range;
  value: Expression;
}

export interface ObjectConstructor extends ExpressionBase {
  kind: 'object';
  elements: ObjectElement[];
}

/** `var.x`, `local.y`, `oci_x.name.id`, `data.t.n.list[0].id`: a root name and the steps after it. */
export interface Traversal extends ExpressionBase {
  kind: 'traversal';
  root: string;
  rootRange: Range;
  steps: TraversalStep[];
}

export interface FunctionCall extends ExpressionBase {
  kind: 'call';
  name: string;
  args: Expression[];
}

/** Conditionals, operators, for-expressions, splats of calls...: the value depends on evaluation. */
export interface OtherExpression extends ExpressionBase {
  kind: 'other';
  children: Expression[];
}

/** No value where one is needed (`x = ` at the end of a line). */
export interface MissingExpression extends ExpressionBase {
  kind: 'missing';
}

export type Expression =
  | StringLiteral
  | NumberLiteral
  | BoolLiteral
  | NullLiteral
  | Template
  | Tuple
  | ObjectConstructor
  | Traversal
  | FunctionCall
  | OtherExpression
  | MissingExpression;

/** Every traversal inside an expression, in source order. */
export function traversalsIn(expression: Expression, into: Traversal[] = []): Traversal[] {
  switch (expression.kind) {
    case 'traversal':
      into.push(expression);
      break;
    case 'template':
      for (const part of expression.parts) traversalsIn(part, into);
      break;
    case 'tuple':
      for (const element of expression.elements) traversalsIn(element, into);
      break;
    case 'object':
      for (const element of expression.elements) traversalsIn(element.value, into);
      break;
    case 'call':
      for (const arg of expression.args) traversalsIn(arg, into);
      break;
    case 'other':
      for (const child of expression.children) traversalsIn(child, into);
      break;
  }
  return into;
}

export function attributes(body: Body): Attribute[] {
  return body.items.filter((item): item is Attribute => item.kind === 'attribute');
}

export function blocks(body: Body): Block[] {
  return body.items.filter((item): item is Block => item.kind === 'block');
}
