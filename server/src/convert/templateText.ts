/**
 * The literal text around the interpolations of a template, from its source: a quoted string with `${...}`, or a
 * heredoc. `literals` has one more entry than there are interpolations, which are the template's expressions in
 * order. Undefined for templates with `%{...}` directives, whose value depends on evaluating them.
 */
export function templateLiterals(source: string): string[] | undefined {
  if (source.startsWith('"')) return splitTemplate(source.slice(1, source.endsWith('"') ? -1 : undefined), true);
  const heredoc = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(source);
  if (!heredoc) return undefined;
  const body = source.slice(heredoc[0].length);
  // The closing marker is on a line of its own, possibly indented; the value keeps the last line break.
  const closing = new RegExp(`(^|\\n)[ \\t]*${heredoc[2]}[ \\t]*$`).exec(body);
  const content = closing ? body.slice(0, closing.index + closing[1]!.length) : body;
  const literals = splitTemplate(content, false);
  return literals && heredoc[1] ? flush(literals) : literals;
}

/** Splits at `${...}`; in a quoted string, escapes are decoded. `$${` and `%%{` are literal `${` and `%{`. */
function splitTemplate(text: string, quoted: boolean): string[] | undefined {
  const literals: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (quoted && c === '\\') {
      const escape = /^\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/s.exec(text.slice(i));
      const code = escape?.[1] ?? '';
      current += code.length > 1 ? String.fromCodePoint(parseInt(code.slice(1), 16)) : (ESCAPES[code] ?? code);
      i += escape ? escape[0].length : 1;
    } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      current += `${c}{`;
      i += 3;
    } else if (c === '%' && text[i + 1] === '{') {
      return undefined;
    } else if (c === '$' && text[i + 1] === '{') {
      literals.push(current);
      current = '';
      i = interpolationEnd(text, i + 2);
    } else {
      current += c;
      i++;
    }
  }
  literals.push(current);
  return literals;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Past the `}` that closes an interpolation, over nested braces and strings. */
function interpolationEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return text.length;
}

/**
 * `<<-` removes from every line the indentation of the least indented one, lines of whitespace aside. Lines start
 * at the heredoc's start and after each line break of the literal text.
 */
function flush(literals: string[]): string[] {
  const lines = literals.join('\u0000').split('\n');
  const indents = lines.filter((line) => line.replace(/\u0000/g, '').trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const strip = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((line) => line.slice(Math.min(strip, /^[ \t]*/.exec(line)![0].length)))
    .join('\n')
    .split('\u0000');
}
