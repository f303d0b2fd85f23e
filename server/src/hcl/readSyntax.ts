import type { Range } from 'vscode-languageserver-types';
import type { Node } from 'web-tree-sitter';
import { LineIndex } from './lineIndex';
import type {
  Attribute,
  Block,
  BlockHeader,
  Body,
  BodyItem,
  Expression,
  Label,
  ObjectElement,
  Traversal,
  TraversalStep,
} from './syntax';

const STEP_TYPES = new Set(['get_attr', 'index', 'splat']);

/** A block header on one line: type, labels (quoted without escapes or templates, or bare), then `{`. */
const HEADER = /([A-Za-z_][\w-]*)((?:[ \t]+(?:"(?:[^"\\\n$%]|[$%](?!\{))*"|[A-Za-z_][\w-]*))*)[ \t]*\{/y;
const LABEL = /"((?:[^"\\\n$%]|[$%](?!\{))*)"|([A-Za-z_][\w-]*)/g;
const NAME = /[A-Za-z_][\w-]*/y;
/** A quoted string without interpolation, directive or newline. `$${` and `%%{` are literal. */
const SIMPLE_STRING = /^"((?:[^"\\$%\n]|\\.|\$\$\{|%%\{|\$(?!\{)|%(?!\{))*)"$/;
const NUMBER = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const SIMPLE_TRAVERSAL = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\.[0-9]+|\[[0-9]+\]|\["[^"\\\n]*"\]|\[\*\]|\.\*)*$/;
const STEP = /\.([A-Za-z_][\w-]*)|\.([0-9]+)|\[([0-9]+)\]|\["([^"\\\n]*)"\]|(\[\*\]|\.\*)/g;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Applies HCL's escapes: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, and `$${` / `%%{` for literal `${` / `%{`. */
export function decodeTemplateLiteral(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('{')) return raw;
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{/gs, (match, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (escape === undefined) return match;
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? match;
  });
}

/**
 * Reads tree-sitter nodes of one chunk into `syntax` objects, with ranges in the chunk's coordinates.
 *
 * Every property read from a node is a call into WebAssembly (about 0.3 µs), and a block has hundreds of nodes.
 * Where the tree has no error its text is exactly what the grammar matched, so the common forms (block headers,
 * the kind of a body item, literal values and plain references) are read from the text; anything else, and every
 * part that holds a syntax error, is read from the tree.
 */
/**
 * How deep expressions and blocks are read. Real configurations nest a few levels; past this, what is inside is
 * not read (an `other` expression, an empty body), so that no input can exhaust the call stack.
 */
export const MAX_NESTING = 48;

export class SyntaxReader {
  readonly lines: LineIndex;
  /** Nesting being read now; `tooDeep` records that something was left unread. */
  private depth = 0;
  tooDeep = false;

  /** `fromTreeOnly` turns the text fast paths off: tests compare both ways of reading. */
  constructor(
    readonly source: string,
    private readonly fromTreeOnly = false,
  ) {
    this.lines = new LineIndex(source);
  }

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  nodeRange(node: Node): Range {
    return this.range(node.startIndex, node.endIndex);
  }

  private text(node: Node): string {
    return this.source.slice(node.startIndex, node.endIndex);
  }

  /** Top-level blocks (without their bodies) and attributes of a chunk. */
  topLevel(root: Node): (BlockHeader | Attribute)[] {
    const body = root.firstChild;
    if (!body || body.type !== 'body') return [];
    const damaged = root.hasError;
    const items: (BlockHeader | Attribute)[] = [];
    for (const child of body.children) {
      if (!child) continue;
      const kind = this.itemKind(child, damaged);
      if (kind === 'block') {
        const header = this.blockHeader(child);
        if (header) items.push(header);
      } else if (kind === 'attribute') {
        const attribute = this.attribute(child, damaged);
        if (attribute) items.push(attribute);
      }
    }
    return items;
  }

  /** Whether a body child is an attribute, a block or something else, from the text where it can be trusted. */
  private itemKind(node: Node, damaged: boolean): 'attribute' | 'block' | 'other' {
    if (!damaged && !this.fromTreeOnly) {
      const first = this.source.charCodeAt(node.startIndex);
      if (first === 35 || first === 47) return 'other'; // a comment
      NAME.lastIndex = node.startIndex;
      const name = NAME.exec(this.source);
      if (name) {
        const after = this.source.slice(NAME.lastIndex, NAME.lastIndex + 64).trimStart();
        if (after.startsWith('=') && !after.startsWith('==')) return 'attribute';
        if (!after.startsWith('/') && !after.startsWith('#')) return 'block';
      }
    }
    const type = node.type;
    return type === 'attribute' || type === 'block' ? type : 'other';
  }

  /** The offset of an attribute's `=` when only blanks stand between it and the name; else -1. */
  private equalsAfterName(nameEnd: number, end: number): number {
    let i = nameEnd;
    while (i < end && /\s/.test(this.source[i]!)) i++;
    return this.source[i] === '=' ? i : -1;
  }

  blockHeader(node: Node): BlockHeader | undefined {
    HEADER.lastIndex = node.startIndex;
    const match = this.fromTreeOnly ? null : HEADER.exec(this.source);
    if (match) {
      const type = match[1]!;
      const labels: Label[] = [];
      const labelsStart = node.startIndex + type.length;
      for (const label of match[2]!.matchAll(LABEL)) {
        const start = labelsStart + label.index;
        labels.push({ value: label[1] ?? label[2]!, range: this.range(start, start + label[0].length), quoted: label[1] !== undefined });
      }
      const typeRange = this.range(node.startIndex, node.startIndex + type.length);
      return { kind: 'block', type, typeRange, labels, range: this.nodeRange(node), node };
    }
    return this.blockHeaderFromTree(node);
  }

  private blockHeaderFromTree(node: Node): BlockHeader | undefined {
    const children = node.children;
    const typeNode = children[0];
    if (!typeNode || typeNode.type !== 'identifier') return undefined;
    const labels: Label[] = [];
    for (let i = 1; i < children.length; i++) {
      const child = children[i]!;
      const type = child.type;
      if (type === 'string_lit') {
        labels.push({ value: this.stringLiteral(child) ?? '', range: this.nodeRange(child), quoted: true });
      } else if (type === 'identifier') {
        labels.push({ value: this.text(child), range: this.nodeRange(child), quoted: false });
      } else {
        break;
      }
    }
    return { kind: 'block', type: this.text(typeNode), typeRange: this.nodeRange(typeNode), labels, range: this.nodeRange(node), node };
  }

  /** A block with its body; `parentDamaged === false` vouches that the block has no syntax error. */
  block(header: BlockHeader, parentDamaged?: boolean): Block {
    const damaged = parentDamaged === false ? false : header.node.hasError;
    const children = header.node.children;
    let openBrace: Range | undefined;
    let closed = !damaged;
    let body: Body = { items: [] };
    if (damaged || this.fromTreeOnly) {
      for (const child of children) {
        if (!child) continue;
        const type = child.type;
        if (type === 'block_start' && !child.isMissing) openBrace = this.nodeRange(child);
        else if (type === 'block_end') closed = !child.isMissing && !child.hasError;
        else if (type === 'body') body = this.body(child, damaged);
      }
    } else {
      // Healthy: [type, labels..., block_start, body?, block_end], with comments possibly before block_end.
      for (let i = children.length - 2; i > 0; i--) {
        const child = children[i]!;
        const type = child.type;
        if (type === 'body') {
          body = this.body(child, false);
        } else if (type === 'block_start') {
          openBrace = this.range(child.startIndex, child.startIndex + 1);
          break;
        }
      }
    }
    return { ...header, body, openBrace, closed, damaged };
  }

  body(node: Node, damaged: boolean): Body {
    if (this.depth >= MAX_NESTING) {
      this.tooDeep = true;
      return { items: [] };
    }
    this.depth++;
    try {
      return this.bodyItems(node, damaged);
    } finally {
      this.depth--;
    }
  }

  private bodyItems(node: Node, damaged: boolean): Body {
    const items: BodyItem[] = [];
    for (const child of node.children) {
      if (!child) continue;
      const kind = this.itemKind(child, damaged);
      if (kind === 'attribute') {
        const attribute = this.attribute(child, damaged);
        if (attribute) items.push(attribute);
      } else if (kind === 'block') {
        const header = this.blockHeader(child);
        if (header) items.push(this.block(header, damaged ? undefined : false));
      }
    }
    return { items };
  }

  attribute(node: Node, parentDamaged: boolean): Attribute | undefined {
    const damaged = parentDamaged && node.hasError;
    const start = node.startIndex;
    const end = node.endIndex;
    NAME.lastIndex = start;
    const name = NAME.exec(this.source)?.[0];
    if (name === undefined) return undefined;
    const range = this.range(start, end);
    const nameRange = this.range(start, start + name.length);
    let value: Expression | undefined;
    const equals = damaged || this.fromTreeOnly ? -1 : this.equalsAfterName(start + name.length, end);
    if (equals !== -1) {
      let valueStart = equals + 1;
      while (valueStart < end && (this.source[valueStart] === ' ' || this.source[valueStart] === '\t')) valueStart++;
      value = this.simpleExpression(valueStart, end);
    }
    if (!value) {
      for (const child of node.children) if (child?.type === 'expression') value = this.expression(child);
    }
    return {
      kind: 'attribute',
      name,
      nameRange,
      value: value ?? { kind: 'missing', range: { start: range.end, end: range.end } },
      range,
      damaged,
    };
  }

  /** Literal values and plain references, read from the text; undefined for anything else. */
  private simpleExpression(start: number, end: number): Expression | undefined {
    const text = this.source.slice(start, end);
    if (text.includes('\n')) return undefined;
    const range = (): Range => this.range(start, end);
    const first = text.charCodeAt(0);
    if (first === 34) {
      const string = SIMPLE_STRING.exec(text);
      return string ? { kind: 'string', value: decodeTemplateLiteral(string[1]!), range: range() } : undefined;
    }
    if (text === 'true' || text === 'false') return { kind: 'bool', value: text === 'true', range: range() };
    if (text === 'null') return { kind: 'null', range: range() };
    if (NUMBER.test(text)) return { kind: 'number', value: Number(text), text, range: range() };
    if (!SIMPLE_TRAVERSAL.test(text)) return undefined;
    const rootLength = /^[A-Za-z_][\w-]*/.exec(text)![0].length;
    // `true[0]` indexes a literal: not a reference.
    if (/^(true|false|null)$/.test(text.slice(0, rootLength))) return undefined;
    const steps: TraversalStep[] = [];
    for (const step of text.slice(rootLength).matchAll(STEP)) {
      const stepStart = start + rootLength + step.index;
      const stepRange = this.range(stepStart, stepStart + step[0].length);
      if (step[1] !== undefined) steps.push({ kind: 'attribute', name: step[1], range: stepRange });
      else if (step[2] !== undefined || step[3] !== undefined) steps.push({ kind: 'index', key: Number(step[2] ?? step[3]), range: stepRange });
      else if (step[4] !== undefined) steps.push({ kind: 'index', key: step[4], range: stepRange });
      else steps.push({ kind: 'splat', range: stepRange });
    }
    return { kind: 'traversal', root: text.slice(0, rootLength), rootRange: this.range(start, start + rootLength), steps, range: range() };
  }

  /** Reads an `expression` node (or any node whose children are operands and postfix steps). */
  expression(node: Node): Expression {
    if (this.depth >= MAX_NESTING) {
      this.tooDeep = true;
      return { kind: 'other', range: this.nodeRange(node), children: [] };
    }
    this.depth++;
    try {
      return this.expressionAt(node);
    } finally {
      this.depth--;
    }
  }

  private expressionAt(node: Node): Expression {
    const simple = this.fromTreeOnly ? undefined : this.simpleExpression(node.startIndex, node.endIndex);
    if (simple && !node.hasError) return simple;
    const operands = this.operands(node.namedChildren);
    if (operands.length === 1 && node.type === 'expression') return { ...operands[0]!, range: this.nodeRange(node) };
    return { kind: 'other', range: this.nodeRange(node), children: operands };
  }

  /**
   * The grammar flattens operands: `a.b + 1` is (variable_expr) (get_attr) (literal_value). A primary node starts a
   * new operand; steps attach to the operand before them.
   */
  private operands(children: (Node | null)[]): Expression[] {
    const operands: Expression[] = [];
    let primary: Node | undefined;
    let steps: Node[] = [];
    const flush = (): void => {
      if (primary) operands.push(this.primaryWithSteps(primary, steps));
      primary = undefined;
      steps = [];
    };
    for (const child of children) {
      if (!child) continue;
      const type = child.type;
      if (type === 'comment' || type === 'ERROR') continue;
      if (STEP_TYPES.has(type) && primary) {
        steps.push(child);
      } else {
        flush();
        primary = child;
      }
    }
    flush();
    return operands;
  }

  private primaryWithSteps(primary: Node, stepNodes: Node[]): Expression {
    if (primary.type === 'variable_expr') {
      const nameNode = primary.firstNamedChild;
      const steps: TraversalStep[] = [];
      for (const step of stepNodes) this.steps(step, steps);
      const rootRange = this.nodeRange(primary);
      const end = stepNodes.length ? stepNodes[stepNodes.length - 1]!.endIndex : primary.endIndex;
      const traversal: Traversal = {
        kind: 'traversal',
        root: nameNode ? this.text(nameNode) : '',
        rootRange,
        steps,
        range: this.range(primary.startIndex, end),
      };
      return traversal;
    }
    const value = this.primary(primary);
    if (!stepNodes.length) return value;
    const end = stepNodes[stepNodes.length - 1]!.endIndex;
    const indexValues = stepNodes.flatMap((step) => this.indexExpressions(step));
    return { kind: 'other', range: this.range(primary.startIndex, end), children: [value, ...indexValues] };
  }

  private indexExpressions(step: Node): Expression[] {
    if (step.type !== 'index') return [];
    const inner = step.firstNamedChild;
    const expression = inner?.type === 'new_index' ? inner.firstNamedChild : undefined;
    return expression ? [this.expression(expression)] : [];
  }

  private steps(node: Node, into: TraversalStep[]): void {
    switch (node.type) {
      case 'get_attr': {
        const name = node.firstNamedChild;
        into.push({ kind: 'attribute', name: name ? this.text(name) : '', range: this.nodeRange(node) });
        break;
      }
      case 'index': {
        const inner = node.firstNamedChild;
        let key: string | number | undefined;
        if (inner?.type === 'legacy_index') {
          key = Number(this.text(inner).replace(/^\./, ''));
        } else if (inner?.type === 'new_index') {
          const value = inner.firstNamedChild ? this.expression(inner.firstNamedChild) : undefined;
          if (value?.kind === 'number') key = value.value;
          else if (value?.kind === 'string') key = value.value;
        }
        into.push({ kind: 'index', key, range: this.nodeRange(node) });
        break;
      }
      case 'splat': {
        // The splat node also covers the steps after it; the step itself is `[*]` or `.*`.
        const start = node.startIndex;
        into.push({ kind: 'splat', range: this.range(start, start + (this.source[start] === '[' ? 3 : 2)) });
        const splat = node.firstNamedChild;
        for (const step of splat?.namedChildren ?? []) if (step) this.steps(step, into);
        break;
      }
    }
  }

  private primary(node: Node): Expression {
    const range = this.nodeRange(node);
    switch (node.type) {
      case 'expression':
        return this.expression(node);
      case 'literal_value':
        return this.literal(node.firstNamedChild ?? node, range);
      case 'template_expr': {
        const template = node.firstNamedChild;
        return { kind: 'template', heredoc: template?.type === 'heredoc_template', parts: template ? this.expressionsBelow(template) : [], range };
      }
      case 'collection_value': {
        const collection = node.firstNamedChild;
        const collectionType = collection?.type;
        if (collection && collectionType === 'tuple') {
          const elements: Expression[] = [];
          for (const child of collection.namedChildren) if (child?.type === 'expression') elements.push(this.expression(child));
          return { kind: 'tuple', elements, range };
        }
        if (collection && collectionType === 'object') {
          const elements: ObjectElement[] = [];
          for (const element of collection.namedChildren) {
            if (element?.type !== 'object_elem') continue;
            const keyNode = element.childForFieldName('key');
            const valueNode = element.childForFieldName('val');
            if (!keyNode || !valueNode) continue;
            elements.push({ key: this.objectKey(keyNode), keyRange: this.nodeRange(keyNode), value: this.expression(valueNode) });
          }
          return { kind: 'object', elements, range };
        }
        return { kind: 'other', range, children: [] };
      }
      case 'function_call': {
        const name = node.firstNamedChild;
        const args: Expression[] = [];
        for (const child of node.namedChildren) {
          if (child?.type !== 'function_arguments') continue;
          for (const arg of child.namedChildren) if (arg?.type === 'expression') args.push(this.expression(arg));
        }
        return { kind: 'call', name: name ? this.text(name) : '', args, range };
      }
      case 'operation':
        return this.operation(node, range);
      default:
        return { kind: 'other', range, children: this.expressionsBelow(node) };
    }
  }

  /**
   * An operation's operands, which may be operations again without an `expression` between: counted as nesting
   * here, or error recovery's thousands of nested `<` overflow the call stack (found by the LSP fuzz suite).
   */
  private operation(node: Node, range: Range): Expression {
    if (this.depth >= MAX_NESTING) {
      this.tooDeep = true;
      return { kind: 'other', range, children: [] };
    }
    this.depth++;
    try {
      return this.operationAt(node, range);
    } finally {
      this.depth--;
    }
  }

  private operationAt(node: Node, range: Range): Expression {
    const operation = node.firstNamedChild;
    if (operation?.type === 'unary_operation') {
      const operands = this.operands(operation.namedChildren);
      const only = operands[0];
      if (operands.length === 1 && only?.kind === 'number' && this.text(operation).trimStart().startsWith('-')) {
        return { kind: 'number', value: -only.value, text: this.text(operation), range };
      }
      return { kind: 'other', range, children: operands };
    }
    return { kind: 'other', range, children: operation ? this.operands(operation.namedChildren) : [] };
  }

  /** Expressions nested in a construct we do not model (conditionals, for-expressions, templates). */
  private expressionsBelow(node: Node): Expression[] {
    if (this.depth >= MAX_NESTING) {
      this.tooDeep = true;
      return [];
    }
    this.depth++;
    try {
      return this.expressionsUnder(node);
    } finally {
      this.depth--;
    }
  }

  private expressionsUnder(node: Node): Expression[] {
    const found: Expression[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'expression') found.push(this.expression(child));
      else if (child.childCount > 0) found.push(...this.expressionsBelow(child));
    }
    return found;
  }

  private objectKey(keyNode: Node): string | undefined {
    const key = this.expression(keyNode);
    if (key.kind === 'traversal' && key.steps.length === 0) return key.root;
    if (key.kind === 'string') return key.value;
    return undefined;
  }

  private literal(node: Node, range: Range): Expression {
    switch (node.type) {
      case 'numeric_lit': {
        const text = this.text(node);
        return { kind: 'number', value: Number(text), text, range };
      }
      case 'bool_lit':
        return { kind: 'bool', value: this.text(node) === 'true', range };
      case 'null_lit':
        return { kind: 'null', range };
      case 'string_lit': {
        const value = this.stringLiteral(node);
        return value === undefined ? { kind: 'other', range, children: [] } : { kind: 'string', value, range };
      }
      default:
        return { kind: 'other', range, children: [] };
    }
  }

  /** The value of a quoted string without interpolation, or undefined when the string is broken. */
  stringLiteral(node: Node): string | undefined {
    if (node.hasError) return undefined;
    const string = SIMPLE_STRING.exec(this.text(node));
    return string ? decodeTemplateLiteral(string[1]!) : undefined;
  }
}
