import type { Value } from './values';

/**
 * What is written escaped: what HCL needs escaped (`\`, `"`, line breaks) and what would make the line read
 * differently from its value: other controls, bidi controls (Trojan Source), the line and paragraph separators
 * (VS Code breaks lines there) and the byte order mark; a lone surrogate, to be refused. `${` and `%{` would start
 * an interpolation or a directive, and a `$` or `%` right before them would make a run (below).
 */
const NEEDS_ESCAPE = /[\\"\p{Cc}\p{Bidi_Control}\u2028\u2029\uFEFF\p{Cs}]|[$%]\{|\$(?=\$\{)|%(?=%\{)/gu;

const NAMED_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(match: string): string {
  // `$${` is Terraform's literal `${`. HCL would also read `$$${` as `$` then `${`, but the tree-sitter grammar
  // the editor parses with reads an interpolation there, so a `$` right before `${` is written `\u0024`
  // (`%` before `%{`, `\u0025`), which both read alike: `$${` becomes `\u0024$${`.
  if (match === '${' || match === '%{') return match[0] + match;
  const named = NAMED_ESCAPES[match];
  if (named) return named;
  const code = match.codePointAt(0)!;
  if (code >= 0xd800 && code <= 0xdfff) {
    throw new Error(`The text holds a lone UTF-16 surrogate (U+${hex(code)}), which a Terraform string cannot hold.`);
  }
  // Every character escaped here is in the Basic Multilingual Plane; astral characters are written as they are.
  return `\\u${hex(code)}`;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * A quoted HCL string that HashiCorp's parser reads back as exactly `value`, never as a template. Terraform holds
 * every string in Unicode NFC (HCL and cty normalize each literal, escapes included), so the text is written
 * normalized: the file shows what Terraform holds. None of the escaped characters composes with another.
 */
export function hclString(value: string): string {
  return `"${value.normalize('NFC').replace(NEEDS_ESCAPE, escape)}"`;
}

/**
 * A number in positional digits, as Terraform turns a number into a string and as HCL reads it back to the same
 * double: the exponent form JavaScript uses from 1e21 and below 1e-6 is valid HCL, but the tree-sitter grammar
 * the editor parses with rejects it. In HCL a negative number is a unary minus on the literal, which Terraform
 * evaluates to the same number.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a number Terraform can hold.`);
  const sign = value < 0 ? '-' : '';
  const text = String(Math.abs(value));
  const exponentForm = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponentForm) return sign + text;
  const digits = exponentForm[1]! + (exponentForm[2] ?? '');
  const point = 1 + Number(exponentForm[3]);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A value as an HCL expression; lists and objects span lines, their items indented two spaces past `indent`, the
 * indentation of the line the value starts on. Object keys are always quoted, which keeps `for`, `null` and keys
 * with dots or spaces literal.
 */
export function hclValue(value: Value, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${hclValue(item, inner)},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  if (new Set(entries.map(([key]) => key.normalize('NFC'))).size < entries.length) {
    throw new Error('Two keys of a map are the same text once normalized, as Terraform normalizes strings (Unicode NFC).');
  }
  return `{\n${entries.map(([key, item]) => `${inner}${hclString(key)} = ${hclValue(item, inner)}\n`).join('')}${indent}}`;
}

const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_-]*';
const IDENTIFIER_ONLY = new RegExp(`^${IDENTIFIER}$`);
/** A reference such as `var.x`, `oci_generative_ai_dedicated_ai_cluster.training.id` or `local.ids["a"][0]`. */
const TRAVERSAL = new RegExp(`^${IDENTIFIER}(?:\\.${IDENTIFIER}|\\[(?:\\d+|"[A-Za-z0-9_.:/ -]*")\\])*$`);

/** Whether `text` is an HCL identifier: what a resource name, a variable or an attribute may be called. */
export function isIdentifier(text: string): boolean {
  return IDENTIFIER_ONLY.test(text);
}

/** Whether `text` is a plain reference, safe to write as an expression. */
export function isTraversal(text: string): boolean {
  return TRAVERSAL.test(text);
}

/** Latin letters that Unicode does not decompose into a base letter and a mark. */
const TRANSLITERATIONS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' };

const FALLBACK_NAME = 'model';
const MAX_NAME_LENGTH = 64;

/**
 * A Terraform resource name from a display name: lower case, accents dropped (`Crème` -> `creme`), other
 * characters dropped, runs of separators as one `_` (Terraform's style: underscores, not dashes), `model_` in
 * front of a leading digit, at most 64 characters; `model` when nothing is left. Unique against `taken` by a
 * suffix `_2`, `_3`...
 */
export function resourceName(displayName: string | undefined, taken: ReadonlySet<string>): string {
  const ascii = (displayName ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøđðþłı]/g, (letter) => TRANSLITERATIONS[letter]!);
  const words = ascii.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const named = words === '' ? FALLBACK_NAME : /^\d/.test(words) ? `${FALLBACK_NAME}_${words}` : words;
  const base = named.slice(0, MAX_NAME_LENGTH).replace(/_+$/, '');
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}_${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
