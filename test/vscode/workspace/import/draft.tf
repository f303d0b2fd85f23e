# A fine-tune being written: its base model is still to be chosen.
resource "oci_generative_ai_model" "draft" {
  compartment_id = var.compartment_id
  base_model_id  = ""

  fine_tune_details {
    dedicated_ai_cluster_id = ""
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = "support-chat/train.jsonl"
    }
  }
}
