locals {
  # timestamp() is known when Terraform runs, so creating from the editor asks for the name.
  display_name = "support-bot-${formatdate("YYYYMMDD", timestamp())}"
}

# Asks for two values: the display name, and the cluster (cluster.tf is not created yet).
resource "oci_generative_ai_model" "support_bot" {
  compartment_id = var.compartment_id
  base_model_id  = var.base_model_id
  display_name   = local.display_name

  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.training.id
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = var.dataset_object
    }
    training_config {
      training_config_type  = "LORA_TRAINING_CONFIG"
      total_training_epochs = 1
    }
  }
}

# Everything is known, but the training set is not in the bucket: its work request fails.
resource "oci_generative_ai_model" "missing_dataset" {
  compartment_id = var.compartment_id
  base_model_id  = var.base_model_id
  display_name   = "missing-dataset-e2e"

  fine_tune_details {
    dedicated_ai_cluster_id = var.cluster_id
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = "support-chat/does-not-exist.jsonl"
    }
  }
}

# Everything is known and the training set exists: created, and left to train on its own.
resource "oci_generative_ai_model" "support_bot_v2" {
  compartment_id = var.compartment_id
  base_model_id  = var.base_model_id
  display_name   = "support-bot-v2-e2e"

  fine_tune_details {
    dedicated_ai_cluster_id = var.cluster_id
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = var.dataset_object
    }
  }
}
