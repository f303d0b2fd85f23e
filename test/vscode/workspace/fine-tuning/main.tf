resource "oci_generative_ai_model" "support_bot" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabbbbbbbbccccccccdddddddd"
  display_name   = "support-bot"

  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaabbbbbbbbcccccccc"

    training_dataset {
      bucket       = "training"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "acmeprod"
      object       = "support/v3.jsonl"
    }

    training_config {
      training_config_type  = "VANILLA_TRAINING_CONFIG"
      total_training_epochs = 3
      lora_r                = 8
      lora_rank = 16
    }
  }
}
