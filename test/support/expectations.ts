import type { Diagnostic } from 'vscode-languageserver-types';

/**
 * Expected diagnostics written in a fixture as comments on the line they belong to:
 *   lora_rank = 8  # expect: unknown-argument "Did you mean `lora_r`"
 * Several may follow one `expect:`, separated by commas; a quoted text must occur in the message.
 */
export interface Expectation {
  line: number;
  rule: string;
  text: string | undefined;
}

const EXPECT = /(?:#|\/\/)\s*expect:\s*(.*)$/;
const ITEM = /([a-z-]+)(?:\s+"([^"]*)")?/g;

export function expectationsIn(text: string): Expectation[] {
  const found: Expectation[] = [];
  text.split('\n').forEach((lineText, line) => {
    const match = EXPECT.exec(lineText);
    if (!match) return;
    for (const item of match[1]!.matchAll(ITEM)) found.push({ line, rule: item[1]!, text: item[2] });
  });
  return found;
}

/** Compares diagnostics with expectations; answers a readable list of mismatches (empty when all agree). */
export function compareWithExpectations(diagnostics: Diagnostic[], expectations: Expectation[]): string[] {
  const problems: string[] = [];
  const unmatched = [...diagnostics];
  for (const expected of expectations) {
    const index = unmatched.findIndex(
      (d) => d.range.start.line === expected.line && d.code === expected.rule && (!expected.text || String(d.message).includes(expected.text)),
    );
    if (index === -1) {
      const onLine = diagnostics.filter((d) => d.range.start.line === expected.line).map((d) => `${d.code}: ${d.message}`);
      problems.push(`line ${expected.line + 1}: expected ${expected.rule}${expected.text ? ` "${expected.text}"` : ''}; got ${onLine.length ? onLine.join(' | ') : 'nothing'}`);
    } else {
      unmatched.splice(index, 1);
    }
  }
  for (const extra of unmatched) problems.push(`line ${extra.range.start.line + 1}: unexpected ${extra.code}: ${extra.message}`);
  return problems;
}
