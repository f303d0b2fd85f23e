import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FoundFiles {
  /** Absolute paths of `.tf` and `.tfvars` files, sorted. */
  files: string[];
  /** Problems with the paths given: one that does not exist, a file that is not Terraform, a folder we cannot read. */
  problems: string[];
  /** The search stopped at `maxFiles`. */
  truncated: boolean;
}

const TERRAFORM_FILE = /\.(tf|tfvars)$/;

/**
 * The Terraform files under the given paths: files as named, folders searched recursively, leaving out hidden
 * folders (`.git`, `.terraform` with its downloaded modules) and not following links to folders.
 */
export function findTerraformFiles(paths: string[], cwd: string, maxFiles = Infinity): FoundFiles {
  const files = new Set<string>();
  const problems: string[] = [];
  const walk = (dir: string): void => {
    if (files.size >= maxFiles) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push(`${path.relative(cwd, dir) || '.'}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && TERRAFORM_FILE.test(entry.name)) files.add(full);
    }
  };
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      problems.push(`${given}: no such file or folder`);
      continue;
    }
    if (stat.isDirectory()) walk(full);
    else if (TERRAFORM_FILE.test(full)) files.add(full);
    else problems.push(`${given}: not a .tf or .tfvars file`);
  }
  return { files: [...files].sort(), problems, truncated: files.size >= maxFiles };
}
