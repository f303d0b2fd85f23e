/**
 * Terraform version constraints (`>= 6.1.0, < 7`, `~> 5.30`), as far as needed to answer: can the module get a
 * provider release at least as new as X?
 */

type Version = [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

interface Constraint {
  operator: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';
  version: Version;
  /** How many parts the constraint wrote: `~> 5.30` (2) allows 5.x, `~> 5.30.1` (3) allows 5.30.x. */
  parts: number;
}

/** Parses a constraint string; undefined when any part is not understood (then nothing is concluded). */
export function parseConstraints(text: string): Constraint[] | undefined {
  const constraints: Constraint[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(v?\d+(?:\.\d+){0,2}(?:[-+][\w.-]*)?)\s*$/.exec(part);
    if (!match) return undefined;
    const version = parseVersion(match[2]!);
    if (!version) return undefined;
    const parts = match[2]!.replace(/[-+].*$/, '').split('.').length;
    constraints.push({ operator: (match[1] ?? '=') as Constraint['operator'], version, parts });
  }
  return constraints;
}

function satisfies(version: Version, constraint: Constraint): boolean {
  const order = compareVersions(version, constraint.version);
  switch (constraint.operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '~>': {
      if (order < 0) return false;
      const [major, minor] = constraint.version;
      return constraint.parts <= 2 ? version[0] === major : version[0] === major && version[1] === minor;
    }
  }
}

/**
 * Whether some version at least `minimum` satisfies every constraint. The versions worth trying are `minimum`,
 * each version a constraint names and the one just after it, and a very large one: a set of interval constraints
 * with holes (`!=`) that holds any version >= minimum holds one of these.
 */
export function allowsAtLeast(constraints: Constraint[], minimum: Version): boolean {
  const candidates: Version[] = [minimum, [999999, 0, 0]];
  for (const { version } of constraints) {
    candidates.push(version, [version[0], version[1], version[2] + 1], [version[0], version[1] + 1, 0], [version[0] + 1, 0, 0]);
  }
  return candidates.some((candidate) => compareVersions(candidate, minimum) >= 0 && constraints.every((c) => satisfies(candidate, c)));
}
