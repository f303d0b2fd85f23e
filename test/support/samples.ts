import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from './workspace';

/** The fixture that uses every argument and block of the resource, and the realistic example module. */
export const COMPLETE_MODEL = fs.readFileSync(path.join(FIXTURES, 'valid/complete-model/main.tf'), 'utf8');
export const FINE_TUNING_EXAMPLE = fs.readFileSync(path.join(FIXTURES, '..', '..', 'examples/fine-tuning/main.tf'), 'utf8');

/**
 * A complete `oci_generative_ai_model` block with literal OCIDs, for tests that need a realistic block and change
 * one thing in it: the display name, the compartment, or the lines of `training_config`.
 */
export function sampleModel(options: { displayName?: string; compartment?: string; trainingConfig: string[] }): string {
  return `resource "oci_generative_ai_model" "m" {
  compartment_id = ${options.compartment ?? 'var.compartment_id'}
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabbbbbbbbccccccccdddddddd"
  display_name   = ${JSON.stringify(options.displayName ?? 'sample')}
  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaabbbbbbbbcccccccc"
    training_dataset {
      bucket       = "b"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "n"
      object       = "o"
    }
    training_config {
${options.trainingConfig.map((line) => `      ${line}`).join('\n')}
    }
  }
}
`;
}

/** A model with one training dataset whose three arguments are written as given (HCL expressions), and `extra` lines. */
export function modelWithDataset(name: string, namespace: string, bucket: string, object: string, extra = ''): string {
  return `resource "oci_generative_ai_model" "${name}" {
  compartment_id = "ocid1.compartment.oc1..aaaa"
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.aaaa"
${extra}  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.aaaa"
    training_dataset {
      dataset_type = "OBJECT_STORAGE"
      namespace    = ${namespace}
      bucket       = ${bucket}
      object       = ${object}
    }
  }
}
`;
}
