// Bundles the language server / CLI, its formatter worker and the VS Code client, and puts the WebAssembly files
// (tree-sitter's, and HashiCorp's formatter) beside them.
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

// @cdktf/hcl-tools reads main.wasm.gz from its package folder, one above its own script; bundled, that script is
// dist/formatWorker.js, so point it at its own folder, where main.wasm.gz is copied. The package version is pinned:
// if its code changes shape, fail here rather than ship a formatter that cannot start.
const hclToolsWasmBesideBundle = {
  name: 'hcl-tools-wasm-beside-bundle',
  setup(esbuild) {
    esbuild.onLoad({ filter: /@cdktf[\\/]hcl-tools[\\/]src[\\/]bridge\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const packageFolderLookup = '(0, path_1.join)(__dirname, "..", "main.wasm.gz")';
      if (!source.includes(packageFolderLookup)) {
        throw new Error(`${path} no longer loads main.wasm.gz as expected: update hclToolsWasmBesideBundle`);
      }
      const bundleFolderLookup = '(0, path_1.join)(__dirname, "main.wasm.gz")';
      return { contents: source.replace(packageFolderLookup, bundleFolderLookup), loader: 'js' };
    });
  },
};

// The OCI SDK is most of the server's code; the server and CLI load it only when something calls OCI
// (server/src/oci/load.ts), from a bundle of its own, so that starting does not pay for it.
const ociBesideBundle = {
  name: 'oci-beside-bundle',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/index$/ }, ({ importer }) =>
      /[\\/]server[\\/]src[\\/]oci[\\/]load\.ts$/.test(importer) ? { path: './oci.js', external: true } : undefined,
    );
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
  build({ ...common, plugins: [...common.plugins, ociBesideBundle], entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(dist, 'cli.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/oci/index.ts')], outfile: join(dist, 'oci.js') }),
  build({
    ...common,
    plugins: [hclToolsWasmBesideBundle],
    entryPoints: [join(root, 'server/src/format/formatWorker.ts')],
    outfile: join(dist, 'formatWorker.js'),
    // Go's wasm_exec requires `performance` only where the global is missing; Node 20 has it.
    external: ['performance'],
  }),
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'extension.js'), external: ['vscode'] }),
]);
await chmod(join(dist, 'cli.js'), 0o755);
if ((await readFile(join(dist, 'cli.js'), 'utf8')).includes('GenerativeAiClient')) {
  throw new Error('dist/cli.js holds the OCI SDK: something imports server/src/oci/ other than through loadOci()');
}

for (const wasm of [
  'web-tree-sitter/web-tree-sitter.wasm',
  '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
  '@cdktf/hcl-tools/main.wasm.gz',
]) {
  const source = require.resolve(wasm);
  await copyFile(source, join(dist, wasm.split('/').pop()));
}
console.log(`built dist/ (version ${version}${production ? ', minified' : ''})`);
