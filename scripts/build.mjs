// Bundles the language server / CLI and the VS Code client, and puts the tree-sitter WebAssembly files beside them.
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { version, homepage } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');
const production = process.argv.includes('--production');

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

// web-tree-sitter's ESM build relies on `import.meta.url`, which a CommonJS bundle does not have: take its CommonJS build.
const treeSitterAsCommonJs = {
  name: 'web-tree-sitter-cjs',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

const common = {
  plugins: [treeSitterAsCommonJs],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { PACKAGE_VERSION: JSON.stringify(version), PACKAGE_HOMEPAGE: JSON.stringify(homepage) },
};

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(dist, 'cli.js') }),
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'extension.js'), external: ['vscode'] }),
]);
await chmod(join(dist, 'cli.js'), 0o755);

for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
  const source = require.resolve(wasm);
  await copyFile(source, join(dist, wasm.split('/').pop()));
}
console.log(`built dist/ (version ${version}${production ? ', minified' : ''})`);
