variable "compartment_id" {
  description = "No value here: live values come from the compartment in the settings, else the tenancy."
}

resource "oci_generative_ai_model" "assistant" {
  compartment_id = var.compartment_id
  base_model_id  = ""
  display_name   = "assistant"

  fine_tune_details {
    dedicated_ai_cluster_id = ""
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = "support-chat/llama-train.jsonl"
    }
  }
}
