import type { SemanticTokensLegend } from 'vscode-languageserver-types';

/**
 * The token types the server reports, all standard LSP types so that every theme colours them:
 *
 * - `keyword`: top-level block types (`resource`, `locals`, ...), `true`, `false`, `null`, and `for`, `in`, `if`,
 *   `else`, `endfor`, `endif` in for-expressions and template directives
 * - `type`: a resource or data source type (the first label of `resource` and `data`, the step after `data.`), the
 *   provider a `provider` block configures, the label that picks a nested block's kind (`provisioner "local-exec"`)
 * - `variable`: the name a top-level block declares (with `declaration`), local values where `locals` declares them,
 *   iteration variables of `for`, reference roots (`var`, `each`, `count`... with `defaultLibrary`) and the name
 *   after `var.`, `local.`, `module.` and `data.<type>.`
 * - `property`: argument names, nested block types (and the label of `dynamic`), object keys, attribute steps
 * - `function`, `number`, `operator`, `comment`
 * - `string`: quoted strings with their quotes, heredocs with their markers, and the literal parts of templates;
 *   `${...}` and `%{...}` are code, tokenized as such, and their delimiters are left to the editor
 */
export const TOKEN_TYPES = [
  'keyword',
  'type',
  'variable',
  'property',
  'function',
  'string',
  'number',
  'operator',
  'comment',
] as const;

export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

/** A token's type and modifiers as the two numbers LSP encodes. */
export interface TokenClass {
  type: number;
  modifiers: number;
}

export function tokenClass(type: TokenType, ...modifiers: TokenModifier[]): TokenClass {
  let bits = 0;
  for (const modifier of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(modifier);
  return { type: TOKEN_TYPES.indexOf(type), modifiers: bits };
}
