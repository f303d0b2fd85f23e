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

/** A whole number with an exponent (`2e-4`), not part of a name or of a decimal (`1.5e-3` parses as it is). */
const INTEGER_WITH_EXPONENT = /(?<![\w.-])[0-9]+[eE][+-]?[0-9]+/g;

/**
 * The text tree-sitter is given for chunk source, of the same length so that every offset and position agrees:
 * a whole number with an exponent becomes digits, because tree-sitter-hcl's grammar only takes an exponent after
 * a decimal point while HCL also takes `2e-4`. Values are always read from the source itself.
 */
export function treeSitterInput(source: string): string {
  if (!/[0-9][eE]/.test(source)) return source;
  return source.replace(INTEGER_WITH_EXPONENT, (number) => number.replace(/[^0-9]/g, '0'));
}
