import type { Parser } from 'web-tree-sitter';
import { HclDocument } from '../../server/src/hcl/chunkedDocument';
import { createTerraformParser } from '../../server/src/hcl/treeSitter';

let shared: Promise<Parser> | undefined;

/** One parser for a whole test file: creating one loads the grammar. */
export function testParser(): Promise<Parser> {
  shared ??= createTerraformParser();
  return shared;
}

export async function openDocument(text: string, uri = 'file:///work/main.tf'): Promise<HclDocument> {
  return new HclDocument(await testParser(), uri, uri.endsWith('.tfvars') ? 'terraform-vars' : 'terraform', 1, text);
}

/** The chunks as `startLine: s-expression` lines, to compare two documents. */
export function describeChunks(document: HclDocument): string[] {
  return document.chunks.map((chunk) => `${chunk.startLine}: ${chunk.tree.rootNode.toString()}`);
}
