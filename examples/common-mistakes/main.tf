# Each block below holds mistakes that `terraform plan` rejects or that the provider silently ignores.
# Open this file in VS Code (or run the quick start) to see them reported.

variable "compartment_id" {
  type = string
}

resource "oci_generative_ai_model" "typos" {
  compartment_id = var.compartment_id
  # A model name where an OCID belongs.
  base_model_id  = "cohere.command-r-08-2024"
  display_name   = "typos"
  # Set by the service, not by you.
  state          = "ACTIVE"

  fine_tune_details {
    # A variable that is not declared anywhere in this folder.
    dedicated_ai_cluster_id = var.cluster_id

    training_dataset {
      dataset_type = "S3"
      namespace    = "acmeprod"
      bucket       = "training"
      # `object` is missing.
    }

    training_config {
      training_config_type = "VANILLA_TRAINING_CONFIG"
      # LoRA fields under Vanilla training: the provider drops them.
      lora_r               = 8
      # Not a field at all.
      lora_rank            = 8
      num_of_last_layers   = 2.5
    }
  }
}

resource "oci_generative_ai_dedicated_ai_cluster" "wrong_type" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNE"
  unit_shape     = "SMALL_COHERE_V2"
  unit_count     = 1
}
