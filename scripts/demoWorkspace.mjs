// The demo's workspace and the emulator's world, made to fit each other: a copy of examples/ (so that what a person
// does in the demo never touches the repository) whose fine-tuning module points at the emulator's example
// compartment, namespace and bucket, and the emulator's default seed with the training sets that module names in
// that bucket (holding the seed's valid support-chat dataset), so that "Create in OCI..." trains successfully and
// their objects can be read and checked.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(repo, 'examples');

/** The emulator's default seed, read from its source (the emulator itself imports the same file). */
export function defaultSeed() {
  return JSON.parse(readFileSync(join(repo, 'test', 'emulator', 'seed.json'), 'utf8'));
}

/** The JSONL objects examples/fine-tuning trains on: literal `"….jsonl"` strings in its .tf files. */
export function exampleDatasets() {
  const folder = join(examples, 'fine-tuning');
  const names = new Set();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.tf'))) {
    for (const [, object] of readFileSync(join(folder, file), 'utf8').matchAll(/"([\w./-]+\.jsonl)"/g)) names.add(object);
  }
  return [...names].sort();
}

/** The seed's valid dataset, which the example's training sets hold. */
const EXAMPLE_DATASET = 'support-chat';

/** The default seed, with the example's training sets added to the seed's first bucket. */
export function demoSeed() {
  const seed = defaultSeed();
  const bucket = seed.objectStorage[0];
  const seeded = new Set(bucket.objects.map((object) => object.name));
  for (const name of exampleDatasets()) if (!seeded.has(name)) bucket.objects.push({ name, dataset: EXAMPLE_DATASET });
  return seed;
}

/** terraform.tfvars for the copy of examples/fine-tuning: the emulator's compartment and the seed's bucket and namespace. */
export function demoTfvars(seed, compartmentId) {
  const bucket = seed.objectStorage[0];
  return [
    '# Written by `npm run demo` for this copy of examples/fine-tuning: the OCI emulator\'s example compartment',
    '# (live base models, clusters and models come from there) and the bucket that holds the training sets.',
    `compartment_id           = "${compartmentId}"`,
    `object_storage_namespace = "${bucket.namespace}"`,
    `dataset_bucket           = "${bucket.bucket}"`,
    '',
  ].join('\n');
}

/** Copies examples/ to `workspace` and writes the fine-tuning module's terraform.tfvars over the example's. */
export function writeDemoWorkspace(workspace, seed, compartmentId) {
  cpSync(examples, workspace, { recursive: true });
  writeFileSync(join(workspace, 'fine-tuning', 'terraform.tfvars'), demoTfvars(seed, compartmentId));
}
