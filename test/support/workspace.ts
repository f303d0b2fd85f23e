import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Workspace } from '../../server/src/workspace/workspace';
import { testParser } from './parser';

/** A workspace on the real parser. */
export async function testWorkspace(): Promise<Workspace> {
  return new Workspace(await testParser());
}

/** Writes files into a fresh temporary folder; answers the folder. */
export function writeModule(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-tf-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Opens a file from disk in the workspace and answers its diagnostics. */
export function openFile(workspace: Workspace, file: string): ReturnType<Workspace['diagnostics']> {
  const uri = fileUri(file);
  workspace.open(uri, file.endsWith('.tfvars') ? 'terraform-vars' : 'terraform', 1, fs.readFileSync(file, 'utf8'));
  return workspace.diagnostics(uri);
}

export const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
