import * as fs from 'node:fs';
import { findTerraformFiles } from '../lint/findFiles';

const MODEL_OCID = /ocid1\.generativeaimodel\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9]{8,}/g;

/** Enough for any real workspace; a folder opened at `/` must not be read whole. */
const MAX_FILES = 5000;

/**
 * The models the workspace already manages: every model OCID its Terraform files write (an `import` block's `id`,
 * or a literal OCID), from the open documents as typed and the other files on disk. Found on demand and kept
 * until a file changes.
 */
export class ManagedModels {
  private known: Set<string> | undefined;

  constructor(
    private readonly roots: () => string[],
    private readonly openDocuments: () => Iterable<{ path: string | undefined; text: string }>,
  ) {}

  ocids(): ReadonlySet<string> {
    if (this.known) return this.known;
    const found = new Set<string>();
    const open = new Map<string, string>();
    for (const document of this.openDocuments()) {
      if (document.path) open.set(document.path, document.text);
      for (const match of document.text.matchAll(MODEL_OCID)) found.add(match[0]);
    }
    const roots = this.roots();
    if (roots.length) {
      for (const file of findTerraformFiles(roots, roots[0]!, MAX_FILES).files) {
        if (open.has(file)) continue;
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          continue;
        }
        for (const match of text.matchAll(MODEL_OCID)) found.add(match[0]);
      }
    }
    this.known = found;
    return found;
  }

  /** A file changed, on disk or in the editor. */
  invalidate(): void {
    this.known = undefined;
  }
}
