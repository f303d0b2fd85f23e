import type { Diagnostic } from 'vscode-languageserver-types';
import { shiftRange } from '../hcl/lineIndex';
import type { Chunk, HclDocument } from '../hcl/chunkedDocument';
import { fileKindOf, type ModuleContext } from '../workspace/moduleIndex';
import { allowsAtLeast, compareVersions, parseConstraints, parseVersion } from '../workspace/providerVersions';
import type { ChunkAnalyzer } from './chunkAnalysis';
import { referenceTarget } from './references';
import { makeDiagnostic } from './rules';
import { didYouMean } from './suggest';
import type { ReferenceUse, VersionedUse } from './validateSchemaBlock';

function shiftDiagnostic(diagnostic: Diagnostic, lines: number): Diagnostic {
  return lines === 0 ? diagnostic : { ...diagnostic, range: shiftRange(diagnostic.range, lines) };
}

/** What the module checks found in one chunk, in chunk lines, for the module context they were made against. */
interface ModuleFindings {
  context: ModuleContext;
  diagnostics: Diagnostic[];
}

/**
 * Module checks per chunk: a context is replaced, never changed, when the module changes, so an edit that leaves
 * the module's declarations alone checks again only the chunk it changed.
 */
const findingsByChunk = new WeakMap<Chunk, ModuleFindings>();

/**
 * All diagnostics of a document: what each chunk says alone (cached), then the checks that need the module
 * (declared names, instance keys, the pinned provider version), in document coordinates.
 */
export function documentDiagnostics(document: HclDocument, analyzer: ChunkAnalyzer, context: ModuleContext): Diagnostic[] {
  const kind = fileKindOf(document.uri);
  let pinned: PinnedProvider | undefined | null = null;
  const found: Diagnostic[] = [];
  for (const chunk of document.chunks) {
    const analysis = analyzer.analyze(chunk, kind);
    const lines = chunk.startLine;
    for (const diagnostic of analysis.syntax) found.push(shiftDiagnostic(diagnostic, lines));
    for (const diagnostic of analysis.schema) found.push(shiftDiagnostic(diagnostic, lines));
    let findings = findingsByChunk.get(chunk);
    if (findings?.context !== context) {
      if (pinned === null) pinned = pinnedProvider(context);
      const diagnostics: Diagnostic[] = [];
      for (const use of analysis.references) {
        const diagnostic = checkReference(use, context);
        if (diagnostic) diagnostics.push(diagnostic);
      }
      if (pinned) {
        for (const use of analysis.versioned) {
          const diagnostic = checkProviderVersion(use, pinned);
          if (diagnostic) diagnostics.push(diagnostic);
        }
      }
      findings = { context, diagnostics };
      findingsByChunk.set(chunk, findings);
    }
    for (const diagnostic of findings.diagnostics) found.push(shiftDiagnostic(diagnostic, lines));
  }
  return found;
}

function checkReference(use: ReferenceUse, context: ModuleContext): Diagnostic | undefined {
  const { traversal } = use;
  const target = referenceTarget(traversal);
  if (target.kind === 'other') return undefined;
  if (target.kind === 'variable' || target.kind === 'local') {
    if (context.incomplete) return undefined;
    const declared = target.kind === 'variable' ? context.variables : context.locals;
    if (declared.has(target.name)) return undefined;
    const suggestion = didYouMean(target.name, declared.keys());
    const range = { start: traversal.rootRange.start, end: target.nameStep.range.end };
    const what = target.kind === 'variable' ? `No variable \`${target.name}\` is declared` : `No local value \`${target.name}\` is declared`;
    return makeDiagnostic(
      'undeclared-reference',
      range,
      `${what} in this module (the \`.tf\` files of this folder).${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      suggestion === undefined ? undefined : { replacement: `${traversal.root}.${suggestion}` },
    );
  }
  const address = `${target.objectKind}.${target.type}.${target.name}`;
  const site = context.objects.get(address);
  const range = { start: traversal.rootRange.start, end: target.addressEnd?.range.end ?? traversal.rootRange.end };
  const label = target.objectKind === 'data' ? `data.${target.type}.${target.name}` : `${target.type}.${target.name}`;
  if (!site) {
    if (context.incomplete) return undefined;
    const sameType = [...context.objects.keys()]
      .filter((key) => key.startsWith(`${target.objectKind}.${target.type}.`))
      .map((key) => key.slice(target.objectKind.length + target.type.length + 2));
    const suggestion = didYouMean(target.name, sameType);
    return makeDiagnostic(
      'undeclared-reference',
      range,
      `No \`${label}\` is declared in this module.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      suggestion === undefined ? undefined : { replacement: `${label.slice(0, label.length - target.name.length)}${suggestion}` },
    );
  }
  if (use.wholeObject) return undefined;
  const next = target.rest[0];
  const keyed = next?.kind === 'index' || next?.kind === 'splat';
  if (site.hasInstanceKeys && !keyed && next) {
    return makeDiagnostic(
      'instance-key',
      range,
      `\`${label}\` has \`count\` or \`for_each\`, so it is a collection: pick one instance, like \`${label}[0]\` or \`${label}["key"]\`, or all with \`${label}[*]\`.`,
    );
  }
  if (!site.hasInstanceKeys && next?.kind === 'index') {
    return makeDiagnostic('instance-key', next.range, `\`${label}\` has neither \`count\` nor \`for_each\`: it has no instances to index. Remove \`[...]\`.`);
  }
  return undefined;
}

interface PinnedProvider {
  /** Describes what pins the version, for messages. */
  source: string;
  allows(since: string): boolean;
}

function pinnedProvider(context: ModuleContext): PinnedProvider | undefined {
  const locked = context.lockedProviderVersion && parseVersion(context.lockedProviderVersion);
  if (locked) {
    return {
      source: `\`.terraform.lock.hcl\` selects ${context.lockedProviderVersion}`,
      allows: (since) => {
        const needed = parseVersion(since);
        return !needed || compareVersions(locked, needed) >= 0;
      },
    };
  }
  const parsed = context.providerConstraints.map((text) => ({ text, constraints: parseConstraints(text) }));
  const understood = parsed.filter((p) => p.constraints);
  if (!understood.length) return undefined;
  const all = understood.flatMap((p) => p.constraints!);
  return {
    source: `the module requires ${understood.map((p) => `\`${p.text}\``).join(' and ')}`,
    allows: (since) => {
      const needed = parseVersion(since);
      return !needed || allowsAtLeast(all, needed);
    },
  };
}

function checkProviderVersion(use: VersionedUse, pinned: PinnedProvider): Diagnostic | undefined {
  if (pinned.allows(use.since)) return undefined;
  return makeDiagnostic(
    'newer-than-pinned-provider',
    use.range,
    `${use.what} needs OCI provider ${use.since} or later, but ${pinned.source}.`,
  );
}
