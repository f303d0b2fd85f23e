# cohere.command-r-plus-08-2024 in the emulator's seed: a base model without FINE_TUNE.
resource "oci_generative_ai_model" "not_fine_tunable" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.aaaaaaaaqqz6k2tkhvwrd6u274ns4t3yc72wmfgsb5yycyqf3cboh67bg3ya"

  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.aaaaaaaaeja5id54dp7qdw24l2arjwd4gndroeufgavfi5mgwpo3rhtbcwte"
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = "support-chat/llama-train.jsonl"
    }
  }
}
