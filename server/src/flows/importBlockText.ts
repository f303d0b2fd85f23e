/**
 * The `import` block a create writes next to its resource, with a mark line above it that says where the create
 * stands. Only text we wrote ourselves is found and changed again.
 */
const MARK = '# oci-genai-tf:';

export function creatingMark(workRequestId: string): string {
  return `${MARK} creating in OCI (work request ${workRequestId}); this import block adopts the model into Terraform's state.`;
}

export function createdMark(when: Date): string {
  return `${MARK} created in OCI on ${when.toISOString().slice(0, 10)}; \`terraform plan\` adopts it through this import block.`;
}

export function importBlockText(address: string, modelId: string, mark: string): string {
  return `${mark}\nimport {\n  to = ${address}\n  id = ${JSON.stringify(modelId)}\n}\n`;
}

/** The mark line and import block we wrote for `address`, as offsets into `text`. */
export function findWrittenImport(text: string, address: string): { start: number; end: number; markEnd: number } | undefined {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^${MARK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\n]*\\r?\\nimport \\{\\r?\\n[ \\t]*to[ \\t]*=[ \\t]*${escaped}[ \\t]*\\r?\\n[ \\t]*id[ \\t]*=[^\\n]*\\r?\\n\\}\\r?\\n?`, 'm').exec(text);
  if (!match) return undefined;
  return { start: match.index, end: match.index + match[0].length, markEnd: match.index + match[0].indexOf('\n') };
}

/** What replaces the import block of a model whose create failed: a comment that keeps its OCID for clean-up. */
export function failedCreateText(modelId: string, reason: string): string {
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  return (
    `${MARK} the create failed: ${oneLine}\n` +
    `${MARK} the FAILED model ${modelId} still exists in OCI; delete it in the console or with\n` +
    `${MARK} \`oci generative-ai model delete --model-id ${modelId}\`.\n`
  );
}

/** Where the import block goes: after the resource's last line, one blank line apart; as an offset and the text. */
export function importBlockInsertion(text: string, blockEndLine: number, block: string): { offset: number; text: string } {
  let offset = 0;
  for (let line = 0; line <= blockEndLine; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return { offset: text.length, text: `\n\n${block}` };
    offset = next + 1;
  }
  return { offset, text: `\n${block}` };
}

/** A change to a file's text, by offsets: the CLI applies it, the server sends it as a WorkspaceEdit. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

/** Writes the import block after the resource, or, when a resumed create wrote it already, updates its mark. */
export function writeImportChange(text: string, blockEndLine: number, address: string, modelId: string, mark: string): TextChange {
  const written = findWrittenImport(text, address);
  if (written) return { start: written.start, end: written.markEnd, text: mark };
  const insertion = importBlockInsertion(text, blockEndLine, importBlockText(address, modelId, mark));
  return { start: insertion.offset, end: insertion.offset, text: insertion.text };
}

export function markChange(text: string, address: string, mark: string): TextChange | undefined {
  const written = findWrittenImport(text, address);
  return written && { start: written.start, end: written.markEnd, text: mark };
}

/** The import block of a failed create becomes a comment that keeps the model's OCID for clean-up. */
export function failedImportChange(text: string, address: string, modelId: string, reason: string): TextChange | undefined {
  const written = findWrittenImport(text, address);
  return written && { start: written.start, end: written.end, text: failedCreateText(modelId, reason) };
}
