import { Query, type Language, type Point } from 'web-tree-sitter';
import type { Chunk } from '../hcl/chunkedDocument';
import { tokenClass, type TokenClass } from './semanticTokenLegend';

/**
 * Which nodes are which tokens. A capture named after a token type is that type; the others are classified by
 * what comes before them (`TokenClassifier`). Where two patterns capture the same node the earlier one wins, and a
 * capture that starts inside one kept before it is dropped (the quotes and text inside a label).
 *
 * Strings are captured by their literal parts only, never as a whole, so that interpolations and directives in them
 * are tokenized as code. The \`ERROR\` patterns read the block being typed, whose header and nested block types the
 * tree holds flat, as siblings, until it is closed.
 */
const HIGHLIGHTS = `
(config_file (body (block . (identifier) @block.topLevel)))
(ERROR . (identifier) @block.topLevel . [(string_lit) (identifier) (block_start)])
(block . (identifier) @block.nested)
(ERROR (identifier) @block.nested . (block_start))
(block (string_lit) @label)
(block (_) . (identifier) @label)
(ERROR (string_lit) @label)
(config_file (body (block (body (attribute . (identifier) @attribute.topLevel)))))
(attribute . (identifier) @property)
(ERROR (identifier) @property . "=")
(object_elem key: (expression . (variable_expr . (identifier) @property) .))
(for_intro (identifier) @variable.declaration)
(template_for_start (identifier) @variable.declaration)
(variable_expr (identifier) @reference.root)
(get_attr (identifier) @reference.step)
(function_call . (identifier) @function)
(literal_value (string_lit) @string)
(quoted_template [(quoted_template_start) (template_literal) (quoted_template_end)] @string)
(heredoc_template [(heredoc_start) (heredoc_identifier) (template_literal)] @string)
(template_for (template_literal) @string)
(template_if (template_literal) @string)
(numeric_lit) @number
[(bool_lit) (null_lit) "for" "in" "if" "else" "endfor" "endif"] @keyword
["=" "==" "!=" "<" ">" "<=" ">=" "&&" "||" "!" "+" "-" "*" "/" "%" "?" ":" "=>" (ellipsis)] @operator
(comment) @comment
`;

const KEYWORD = tokenClass('keyword');
const TYPE = tokenClass('type');
const VARIABLE = tokenClass('variable');
const DECLARATION = tokenClass('variable', 'declaration');
const BUILT_IN = tokenClass('variable', 'defaultLibrary');
const PROPERTY = tokenClass('property');

const FIXED_CLASSES: ReadonlyMap<string, TokenClass> = new Map([
  ['keyword', KEYWORD],
  ['property', PROPERTY],
  ['variable.declaration', DECLARATION],
  ['function', tokenClass('function')],
  ['string', tokenClass('string')],
  ['number', tokenClass('number')],
  ['operator', tokenClass('operator')],
  ['comment', tokenClass('comment')],
]);

/** Top-level blocks whose first label is a type: the resource or data source type, or the provider. */
const TYPED_BLOCKS = new Set(['resource', 'data', 'ephemeral', 'provider']);

/** The roots Terraform defines, with what the steps right after them name: `var.<name>`, `data.<type>.<name>`. */
const REFERENCE_ROOTS: ReadonlyMap<string, readonly TokenClass[]> = new Map([
  ['var', [VARIABLE]],
  ['local', [VARIABLE]],
  ['module', [VARIABLE]],
  ['data', [TYPE, VARIABLE]],
  ['ephemeral', [TYPE, VARIABLE]],
  ['each', []],
  ['count', []],
  ['path', []],
  ['self', []],
  ['terraform', []],
]);

/**
 * How deep in the tree a match may start. Unbounded, the query's cost grows with the square of the nesting depth
 * and a hostile file takes seconds; real Terraform (some four levels per nested value) never comes near it.
 */
const MAX_START_DEPTH = 256;

/**
 * A traversal of more steps than this (`a.b.c...`, `a[0][1]...`, `a.*.*...`) is more than the query can take:
 * tree-sitter's query cursor takes time quadratic in their number just to enter the node holding them, whatever
 * the byte range asked (seconds for a pasted line of 20,000). Real references have a handful of steps.
 */
const MAX_TRAVERSAL_STEPS = 1000;
const TRAVERSAL_STEPS = ['get_attr', 'index', 'splat'];
const traversalStepIds = new WeakMap<Language, ReadonlySet<number | null>>();

/** The steps' node type ids: comparing ids spares a string per node of the walk. */
function stepIds(language: Language): ReadonlySet<number | null> {
  let ids = traversalStepIds.get(language);
  if (!ids) {
    ids = new Set(TRAVERSAL_STEPS.map((type) => language.idForNodeType(type, true)));
    traversalStepIds.set(language, ids);
  }
  return ids;
}

/**
 * Whether some node has more traversal steps among its children than the query can take: an expression, or what
 * error recovery made of a broken one (an ERROR, an operation).
 */
function hasOverlongTraversal(chunk: Chunk): boolean {
  // Each step starts with `.` or `[`: most chunks have too few of them to hold such a traversal.
  const source = chunk.source;
  let openers = 0;
  for (let i = 0; i < source.length && openers <= MAX_TRAVERSAL_STEPS; i++) {
    const c = source.charCodeAt(i);
    if (c === 46 || c === 91) openers++;
  }
  if (openers <= MAX_TRAVERSAL_STEPS) return false;
  // A cursor walk, which is linear however wide a node is; `steps` counts, for each node on the way down, the
  // steps among its children so far.
  const ids = stepIds(chunk.tree.language);
  const cursor = chunk.tree.walk();
  try {
    if (!cursor.gotoFirstChild()) return false;
    const steps = [0];
    for (;;) {
      if (ids.has(cursor.nodeTypeId) && ++steps[steps.length - 1]! > MAX_TRAVERSAL_STEPS) return true;
      if (cursor.gotoFirstChild()) {
        steps.push(0);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        steps.pop();
        if (!steps.length) return false;
      }
    }
  } finally {
    cursor.delete();
  }
}

const queries = new WeakMap<Language, Query>();

function highlightQuery(language: Language): Query {
  let query = queries.get(language);
  if (!query) {
    query = new Query(language, HIGHLIGHTS);
    queries.set(language, query);
  }
  return query;
}

/**
 * The semantic tokens of one chunk, five numbers each as LSP lists them but with absolute positions:
 * line (relative to the chunk's first line), character, length, type, modifiers. In order, one line each, never
 * overlapping; adjacent tokens of the same class are one token.
 */
export function chunkTokens(chunk: Chunk): number[] {
  // Such a chunk has no semantic tokens: the editor's grammar colours it.
  if (hasOverlongTraversal(chunk)) return [];
  const captures = highlightQuery(chunk.tree.language).captures(chunk.tree.rootNode, { maxStartDepth: MAX_START_DEPTH });
  captures.sort((a, b) => a.node.startIndex - b.node.startIndex || a.patternIndex - b.patternIndex);
  const classifier = new TokenClassifier(chunk.source);
  const writer = new TokenWriter(chunk.source);
  let keptEnd = 0;
  for (const { name, node } of captures) {
    const start = node.startIndex;
    if (start < keptEnd) continue;
    const end = node.endIndex;
    keptEnd = end;
    writer.add(start, node.startPosition, end, classifier.classify(name, start, end));
  }
  return writer.data;
}

/** Classifies the captures that depend on context, fed in document order. */
class TokenClassifier {
  private header: { type: string; topLevel: boolean; labels: number } | undefined;
  private topLevelType = '';
  /** What the next attribute steps of a reference name, and where the first of them must start. */
  private steps: { classes: readonly TokenClass[]; next: number } | undefined;

  constructor(private readonly source: string) {}

  classify(capture: string, start: number, end: number): TokenClass {
    switch (capture) {
      case 'block.topLevel':
        this.topLevelType = this.source.slice(start, end);
        this.header = { type: this.topLevelType, topLevel: true, labels: 0 };
        return KEYWORD;
      case 'block.nested':
        this.header = { type: this.source.slice(start, end), topLevel: false, labels: 0 };
        return PROPERTY;
      case 'label':
        return this.header ? labelClass(this.header.type, this.header.topLevel, this.header.labels++) : TYPE;
      case 'attribute.topLevel':
        return this.topLevelType === 'locals' ? DECLARATION : PROPERTY;
      case 'reference.root': {
        const steps = REFERENCE_ROOTS.get(this.source.slice(start, end));
        this.steps = steps?.length ? { classes: steps, next: end + 1 } : undefined;
        return steps ? BUILT_IN : VARIABLE;
      }
      case 'reference.step':
        return this.step(start, end);
      default:
        return FIXED_CLASSES.get(capture) ?? VARIABLE;
    }
  }

  /** `x` in `var.x` is the variable's name; further steps are attributes. */
  private step(start: number, end: number): TokenClass {
    const steps = this.steps;
    if (!steps || start !== steps.next || this.source.charCodeAt(start - 1) !== 46) return PROPERTY;
    const [named, ...rest] = steps.classes;
    this.steps = rest.length ? { classes: rest, next: end + 1 } : undefined;
    return named ?? PROPERTY;
  }
}

function labelClass(blockType: string, topLevel: boolean, index: number): TokenClass {
  if (!topLevel) return blockType === 'dynamic' ? PROPERTY : TYPE;
  return index === 0 && TYPED_BLOCKS.has(blockType) ? TYPE : DECLARATION;
}

/** Collects tokens, one per line of what they cover. */
class TokenWriter {
  readonly data: number[] = [];

  constructor(private readonly source: string) {}

  add(start: number, position: Point, end: number, { type, modifiers }: TokenClass): void {
    const source = this.source;
    let line = position.row;
    let lineStart = start - position.column;
    let from = start;
    for (;;) {
      const newline = source.indexOf('\n', from);
      const lineEnd = newline === -1 || newline >= end ? end : newline;
      // A `\r` before the line break belongs to the break, not to the token.
      const to = lineEnd > from && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      if (to > from) this.push(line, from - lineStart, to - from, type, modifiers);
      if (lineEnd === end) return;
      line++;
      from = lineStart = lineEnd + 1;
    }
  }

  private push(line: number, character: number, length: number, type: number, modifiers: number): void {
    const data = this.data;
    const last = data.length - 5;
    const continuesLast = last >= 0 && data[last] === line && data[last + 1]! + data[last + 2]! === character;
    if (continuesLast && data[last + 3] === type && data[last + 4] === modifiers) {
      data[last + 2] = data[last + 2]! + length;
      return;
    }
    data.push(line, character, length, type, modifiers);
  }
}
