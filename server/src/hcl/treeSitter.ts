import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/**
 * Finds a `.wasm` file: beside the running bundle (`dist/`, where the build copies them), else in the installed
 * package (tests and tools run from compiled sources).
 */
function locateWasm(fileName: string, packagePath: string): string {
  const besideBundle = path.join(__dirname, fileName);
  if (fs.existsSync(besideBundle)) return besideBundle;
  return require.resolve(packagePath);
}

let terraformLanguage: Promise<Language> | undefined;

/** The Terraform grammar, loaded once per process (web-tree-sitter's runtime is global). */
export function loadTerraformLanguage(): Promise<Language> {
  terraformLanguage ??= (async () => {
    const runtime = locateWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    return Language.load(
      locateWasm('tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
    );
  })();
  return terraformLanguage;
}

export async function createTerraformParser(): Promise<Parser> {
  const language = await loadTerraformLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
