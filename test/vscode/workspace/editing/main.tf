resource "oci_generative_ai_model" "bot" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabbbbbbbbccccccccdddddddd"

  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.training.id
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = "support-chat/train.jsonl"
    }
    training_config {
      training_config_type = "LORA_TRAINING_CONFIG"
      lora_rank = 8
    }
  }
}
