variable "compartment_id" {
  type = string
}

variable "namespace" {
  type    = string
  default = "axk4z7krhqfx"
}

# An object of the emulator's bucket with problems on some lines.
resource "oci_generative_ai_model" "checked" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabbbbbbbbccccccccdddddddd"

  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaabbbbbbbbcccccccc"

    training_dataset {
      dataset_type = "OBJECT_STORAGE"
      namespace    = var.namespace
      bucket       = "genai-datasets"
      object       = "support-chat/train-with-problems.jsonl"
    }
  }
}

# An object not uploaded yet.
resource "oci_generative_ai_model" "uploaded" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabbbbbbbbccccccccdddddddd"

  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaabbbbbbbbcccccccc"

    training_dataset {
      dataset_type = "OBJECT_STORAGE"
      namespace    = var.namespace
      bucket       = "genai-datasets"
      object       = "uploads/e2e-train.jsonl"
    }
  }
}
