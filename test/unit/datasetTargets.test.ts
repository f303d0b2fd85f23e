import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseObjectUrl, objectUrl } from '../../server/src/cloud/objectTarget';
import { datasetDiagnostics } from '../../server/src/features/datasetDiagnostics';
import { datasetLenses } from '../../server/src/features/datasetLenses';
import { DatasetTargets } from '../../server/src/features/datasetTargets';
import type { ObjectHead } from '../../server/src/oci/objectStorage';
import { testParser } from '../support/parser';
import { fileUri, TemporaryModules } from '../support/workspace';
import { modelWithDataset as model } from '../support/samples';

const modules = new TemporaryModules();
after(() => modules.removeAll());


async function targetsOf(files: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const opened = await modules.open(files);
  const targets = new DatasetTargets(opened.workspace, await testParser(), env);
  return { ...opened, targets, blocks: targets.of(opened.uri) };
}

describe('training dataset targets', () => {
  it('knows literal objects, and places the lenses on the training_dataset line', async () => {
    const { uri, blocks } = await targetsOf({ 'main.tf': model('a', '"ns1"', '"datasets"', '"chat/train.jsonl"') });
    assert.equal(blocks.length, 1);
    assert.deepEqual(blocks[0]!.target, { namespace: 'ns1', bucket: 'datasets', object: 'chat/train.jsonl' });
    assert.equal(blocks[0]!.address, 'oci_generative_ai_model.a');
    assert.deepEqual(blocks[0]!.valueRanges.bucket, { start: { line: 8, character: 21 }, end: { line: 8, character: 31 } });
    const lenses = datasetLenses(uri, blocks);
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command, lens.command?.arguments]),
      [
        [5, 'Check dataset', 'ociGenaiTf.server.checkDataset', [uri, 'oci://datasets@ns1/chat/train.jsonl']],
        [5, 'Upload dataset...', 'ociGenaiTf.server.uploadDataset', [uri, 'oci://datasets@ns1/chat/train.jsonl']],
      ],
    );
  });

  it('evaluates variables (default, TF_VAR_, .tfvars), locals and templates as a create would', async () => {
    const { blocks } = await targetsOf(
      {
        'main.tf': model('a', 'var.namespace', 'local.bucket', '"${var.prefix}/train-${local.version}.jsonl"'),
        'variables.tf': 'variable "namespace" {}\nvariable "prefix" {\n  default = "default-prefix"\n}\nvariable "bucket_env" {}\n',
        'locals.tf': 'locals {\n  bucket  = "${var.bucket_env}-data"\n  version = 3\n}\n',
        'terraform.tfvars': 'namespace = "from-tfvars"\nprefix = "chat"\n',
      },
      { TF_VAR_bucket_env: 'team' },
    );
    assert.deepEqual(blocks[0]!.target, { namespace: 'from-tfvars', bucket: 'team-data', object: 'chat/train-3.jsonl' });
  });

  it('has no target for a value only Terraform knows, and a lens that says which argument', async () => {
    const { uri, blocks } = await targetsOf({
      'main.tf': [
        model('per_instance', '"ns"', '"b"', 'each.value.dataset', '  for_each = { small = { dataset = "s.jsonl" } }\n'),
        model('no_value', 'var.undefined_namespace', '"b"', '"o.jsonl"'),
        model('from_data', '"ns"', 'data.oci_objectstorage_bucket.b.name', '"o.jsonl"'),
      ].join('\n'),
      'variables.tf': 'variable "undefined_namespace" {}\n',
    });
    assert.deepEqual(
      blocks.map((b) => [b.address, b.target, b.unknown]),
      [
        ['oci_generative_ai_model.per_instance', undefined, { field: 'object', written: 'each.value.dataset' }],
        ['oci_generative_ai_model.no_value', undefined, { field: 'namespace', written: 'var.undefined_namespace' }],
        ['oci_generative_ai_model.from_data', undefined, { field: 'bucket', written: 'data.oci_objectstorage_bucket.b.name' }],
      ],
    );
    const lenses = datasetLenses(uri, blocks);
    assert.equal(lenses.length, 3);
    assert.deepEqual(lenses[0]!.command, { title: 'Dataset not checked: object = each.value.dataset is known only to Terraform', command: '' });
  });

  it('leaves out blocks of another dataset type, and blocks with an argument not written (the missing-argument error says it)', async () => {
    const { blocks, uri } = await targetsOf({
      'main.tf': [
        model('other_type', '"ns"', '"b"', '"o.jsonl"').replace('"OBJECT_STORAGE"', '"S3"'),
        model('incomplete', '"ns"', '"b"', '"o.jsonl"').replace(/\n\s*object\s*=.*/, ''),
      ].join('\n'),
    });
    assert.deepEqual(
      blocks.map((b) => [b.address, b.target, b.unknown]),
      [['oci_generative_ai_model.incomplete', undefined, undefined]],
    );
    assert.deepEqual(datasetLenses(uri, blocks), []);
  });

  it('follows edits of the document and of the module it reads values from', async () => {
    const { uri, workspace, targets, dir } = await targetsOf({
      'main.tf': model('a', 'var.namespace', '"b"', 'local.object'),
      'locals.tf': 'locals {\n  object = "v1.jsonl"\n}\nvariable "namespace" {}\n',
      'terraform.tfvars': 'namespace = "ns1"\n',
    });
    assert.equal(targets.of(uri)[0]!.target?.object, 'v1.jsonl');
    const localsUri = fileUri(path.join(dir, 'locals.tf'));
    workspace.open(localsUri, 'terraform', 1, 'locals {\n  object = "v2.jsonl"\n}\n');
    assert.equal(targets.of(uri)[0]!.target?.object, 'v2.jsonl');
    workspace.change(localsUri, [{ text: 'locals {\n  object = "v3.jsonl"\n}\n' }], 2);
    assert.equal(targets.of(uri)[0]!.target?.object, 'v3.jsonl', 'a changed value that declares nothing new');
    const tfvarsUri = fileUri(path.join(dir, 'terraform.tfvars'));
    workspace.open(tfvarsUri, 'terraform-vars', 1, 'namespace = "ns1"\n');
    workspace.change(tfvarsUri, [{ text: 'namespace = "ns2"\n' }], 2);
    assert.equal(targets.of(uri)[0]!.target?.namespace, 'ns2', 'a .tfvars as typed');
    workspace.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n\n' }], 2);
    assert.equal(targets.of(uri)[0]!.typeRange.start.line, 7);
  });

  it('finds the static targets of the whole workspace, files on disk included', async () => {
    const { workspace, dir } = await targetsOf({
      'main.tf': model('open', '"ns"', '"b"', '"open.jsonl"'),
      'nested/other.tf': model('on_disk', 'var.ns', '"b"', '"disk.jsonl"') + 'variable "ns" {\n  default = "ns2"\n}\n',
      'nested/unknown.tf': model('unknown', '"ns"', '"b"', 'each.key'),
    });
    const targets = new DatasetTargets(workspace, await testParser(), {});
    const found = targets.inWorkspace([dir]).map((t) => [path.relative(dir, new URL(t.uri).pathname), t.typeRange.start.line, objectUrl(t.target)]);
    assert.deepEqual(found.sort(), [
      ['main.tf', 5, 'oci://b@ns/open.jsonl'],
      ['nested/other.tf', 5, 'oci://b@ns2/disk.jsonl'],
    ]);
  });
});

describe('the dataset-not-found warning', () => {
  it('goes on the argument naming what is missing, and says nothing without an answer', async () => {
    const { blocks } = await targetsOf({ 'main.tf': model('a', '"ns"', 'var.bucket', '"o.jsonl"') + 'variable "bucket" {\n  default = "b"\n}\n' });
    const missing = (part: 'object' | 'bucket' | 'namespace'): ObjectHead => ({ state: 'missing', missing: part, message: `no ${part}.` });
    const rangeOf = (head: ObjectHead | undefined) => datasetDiagnostics(blocks, () => head).map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]);
    assert.deepEqual(rangeOf(missing('object')), [['dataset-not-found', 9, 21, 'no object. "Upload dataset..." above `training_dataset` uploads a local file there.']]);
    assert.deepEqual(rangeOf(missing('bucket')), [['dataset-not-found', 8, 21, 'no bucket.']]);
    assert.deepEqual(rangeOf(missing('namespace')), [['dataset-not-found', 7, 21, 'no namespace.']]);
    assert.deepEqual(rangeOf({ state: 'exists', size: 1, etag: 'e', md5: undefined }), []);
    assert.deepEqual(rangeOf(undefined), []);
  });
});

describe('oci:// URLs', () => {
  it('parse back what objectUrl writes, slashes in the object included', () => {
    const target = { namespace: 'axk4z7krhqfx', bucket: 'genai-datasets', object: 'support-chat/2025/train.jsonl' };
    assert.deepEqual(parseObjectUrl(objectUrl(target)), target);
    assert.equal(parseObjectUrl('oci://bucket/object'), undefined);
    assert.equal(parseObjectUrl('https://objectstorage.us-chicago-1.oraclecloud.com/n/ns/b/bucket/o/x'), undefined);
    assert.equal(parseObjectUrl('oci://bucket@ns/'), undefined);
  });
});
