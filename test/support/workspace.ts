import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HclDocument } from '../../server/src/hcl/chunkedDocument';
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

/** A module written to a temporary folder, with `main.tf` open in a workspace of its own. */
export interface OpenModule {
  dir: string;
  uri: string;
  workspace: Workspace;
  document: HclDocument;
}

/** The temporary modules of one test file; `removeAll` (in an `after` hook) deletes their folders. */
export class TemporaryModules {
  private readonly dirs: string[] = [];

  /** Writes `files` into a fresh folder and opens its `main.tf` in a new workspace. */
  async open(files: Record<string, string>): Promise<OpenModule> {
    const dir = writeModule(files);
    this.dirs.push(dir);
    const workspace = await testWorkspace();
    const uri = fileUri(path.join(dir, 'main.tf'));
    workspace.open(uri, 'terraform', 1, fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'));
    return { dir, uri, workspace, document: workspace.get(uri)! };
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
