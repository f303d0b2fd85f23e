/** Where something is on a line: UTF-16 code unit offsets (as JavaScript strings and LSP count), end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface MemberSpans {
  key: Span;
  value: Span;
}

/**
 * Where each top-level member of a JSON object is on its line, by key: JSON.parse gives values, not places. Only
 * for text JSON.parse has accepted as an object, so nothing here checks the syntax. A key written twice maps to
 * its last place, where JSON.parse takes the value from.
 */
export function objectMembers(text: string): Map<string, MemberSpans> {
  const members = new Map<string, MemberSpans>();
  let at = skipSpace(text, 0) + 1;
  for (;;) {
    at = skipSpace(text, at);
    if (at >= text.length || text[at] === '}') return members;
    const keyStart = at;
    const keyEnd = skipString(text, at);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    at = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueStart = at;
    at = skipValue(text, at);
    members.set(key, { key: { start: keyStart, end: keyEnd }, value: { start: valueStart, end: at } });
    at = skipSpace(text, at);
    if (text[at] === ',') at++;
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\r' || text[at] === '\n')) at++;
  return at;
}

/** From the opening quote of a string to just after its closing quote. */
function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function skipValue(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return skipString(text, at);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let i = at; i < text.length; ) {
      const c = text[i];
      if (c === '"') {
        i = skipString(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      i++;
      if (depth === 0) return i;
    }
    return text.length;
  }
  let end = at;
  while (end < text.length && !',}] \t\r\n'.includes(text[end]!)) end++;
  return end;
}
