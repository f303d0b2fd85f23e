import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';

const repo = path.join(__dirname, '..', '..', '..');

/** The files a .vsix holds, read from the zip's central directory: name, sizes, and how to read one. */
interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  read(): Buffer;
}

function readZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      compressedSize,
      size,
      read: () => {
        const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(dataStart, dataStart + compressedSize);
        return method === 0 ? data : inflateRawSync(data);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Exactly what a person installs: the bundles, their WebAssembly, the manifest and what the marketplace shows. */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/cli.js',
  'extension/dist/extension.js',
  'extension/dist/formatWorker.js',
  'extension/dist/main.wasm.gz',
  'extension/dist/oci.js',
  'extension/dist/tree-sitter-terraform.wasm',
  'extension/dist/web-tree-sitter.wasm',
  'extension/images/activity-bar.svg',
  'extension/images/icon.png',
  'extension/language-configuration.json',
  'extension/package.json',
  'extension/readme.md',
  'extension/snippets/terraform.json',
];

// `vsce package` as `npm run package` runs it, on what dist/ holds now (npm test builds it first); about 3 s.
describe('the .vsix (vsce package)', () => {
  let folder: string;
  let entries: ZipEntry[];
  const entry = (name: string): ZipEntry => entries.find((e) => e.name === name)!;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-tf-vsix-'));
    const vsix = path.join(folder, 'oci-genai-tf.vsix');
    const result = spawnSync(path.join(repo, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    entries = readZip(vsix);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('holds exactly the bundles, their WebAssembly and the manifest: no sources, tests, maps or node_modules', () => {
    assert.deepEqual(entries.map((e) => e.name).sort(), [...EXPECTED].sort());
  });

  it('stays small: under 2.5 MB compressed, most of it the formatter', () => {
    const total = entries.reduce((sum, e) => sum + e.compressedSize, 0);
    assert.ok(total < 2.5 * 1024 * 1024, `${total} bytes`);
    assert.ok(entry('extension/dist/main.wasm.gz').size > 1_000_000, 'the formatter');
  });

  it('declares what the marketplace and VS Code need', () => {
    const manifest = JSON.parse(entry('extension/package.json').read().toString('utf8'));
    const typesVersion = JSON.parse(fs.readFileSync(path.join(repo, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version as string;
    // The client compiles against @types/vscode of this version: the API it uses exists from there on.
    assert.equal(manifest.engines.vscode, `^${typesVersion}`);
    // The server reads the person's files and ~/.oci/config: it runs where the workspace is.
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.license, 'MIT');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
    assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0 && manifest.galleryBanner.color);
    assert.equal(manifest.icon, 'images/icon.png');
    const icon = entry('extension/images/icon.png').read();
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'a 128x128 PNG');
    // What an untrusted workspace may not set is every setting that decides where OCI calls go.
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
    const ociSettings = Object.keys(manifest.contributes.configuration.properties).filter((key) => /^ociGenaiTf\.(oci\.|compartments$)/.test(key));
    assert.deepEqual([...restricted].sort(), ociSettings.sort());
  });

  it("shows the README's images from the repository, each of which exists", () => {
    const readme = entry('extension/readme.md').read().toString('utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
    assert.ok(images.length >= 3, images.join(', '));
    for (const url of images) {
      const relative = /^https:\/\/github\.com\/oci-genai-tf\/oci-genai-tf\/raw\/HEAD\/(.+)$/.exec(url)?.[1];
      assert.ok(relative, `${url} is an absolute link into the repository`);
      assert.ok(fs.existsSync(path.join(repo, relative)), `${relative} exists`);
    }
  });
});
