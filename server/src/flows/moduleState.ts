import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A module's `.oci-genai-tf/` folder: what the editor and the CLI keep between runs (creates and uploads in
 * progress), one JSON file per kind, keyed by what each entry is about. The folder ignores itself in git. Files are
 * written whole to a temporary file and renamed, so a crash never leaves half a file.
 */
const FOLDER = '.oci-genai-tf';

export function readStateFile<T>(moduleDir: string, name: string): Record<string, T> {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(moduleDir, FOLDER, name), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, T>) : {};
  } catch {
    return {};
  }
}

export function writeStateFile<T>(moduleDir: string, name: string, entries: Record<string, T>): void {
  const folder = path.join(moduleDir, FOLDER);
  fs.mkdirSync(folder, { recursive: true });
  const ignore = path.join(folder, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Written by oci-genai-tf: creates and uploads in progress.\n*\n');
  const file = path.join(folder, name);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(entries, null, 2)}\n`);
  fs.renameSync(temporary, file);
}
