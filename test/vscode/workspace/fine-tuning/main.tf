resource "oci_generative_ai_model" "support_bot" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabbbbbbbbccccccccdddddddd"
  display_name   = "support-bot"

  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaabbbbbbbbcccccccc"

    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = "support-chat/train.jsonl"
    }

    training_config {
      training_config_type  = "VANILLA_TRAINING_CONFIG"
      total_training_epochs = 3
      lora_r                = 8
      lora_rank = 16
    }
  }
}
