# Fine-tunes chat models on a dedicated AI cluster, with training data in Object Storage.

locals {
  tags = {
    project = "support-bot"
    owner   = "ml-platform"
  }
}

# Base models that can be fine-tuned in this region.
data "oci_generative_ai_models" "fine_tunable" {
  compartment_id = var.compartment_id
  capability     = ["FINE_TUNE"]

  filter {
    name   = "display_name"
    values = ["cohere.command-r-08-2024"]
  }
}

resource "oci_generative_ai_dedicated_ai_cluster" "fine_tuning" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_shape     = "SMALL_COHERE_V2"
  unit_count     = 2
  display_name   = "support-bot-fine-tuning"
  freeform_tags  = local.tags
}

# A LoRA fine-tune per variant: rank and dataset come from the map.
resource "oci_generative_ai_model" "support_bot" {
  for_each = var.support_bot_variants

  compartment_id = var.compartment_id
  base_model_id  = data.oci_generative_ai_models.fine_tunable.model_collection[0].items[0].id
  display_name   = "support-bot-${each.key}"
  description    = <<-EOT
    Support assistant (${each.key}), trained on ${each.value.dataset}.
    Owned by the ML platform team.
  EOT
  vendor         = "acme"
  version        = "3.0"
  freeform_tags  = merge(local.tags, { variant = each.key })

  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.fine_tuning.id

    training_dataset {
      dataset_type = "object_storage"
      namespace    = var.object_storage_namespace
      bucket       = var.dataset_bucket
      object       = each.value.dataset
    }

    training_config {
      training_config_type  = "LORA_TRAINING_CONFIG"
      lora_r                = each.value.lora_r
      lora_alpha            = 16
      lora_dropout          = 0.1
      total_training_epochs = 3
      learning_rate         = "0.0002"
      early_stopping_patience = 15
    }
  }

  timeouts {
    create = "3h"
  }

  lifecycle {
    ignore_changes = [defined_tags]
  }
}

# A T-Few fine-tune of the same base model, for comparison.
resource "oci_generative_ai_model" "support_bot_tfew" {
  compartment_id = var.compartment_id
  base_model_id  = data.oci_generative_ai_models.fine_tunable.model_collection[0].items[0].id
  display_name   = "support-bot-tfew"

  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.fine_tuning.id

    training_dataset {
      dataset_type = "OBJECT_STORAGE"
      namespace    = var.object_storage_namespace
      bucket       = var.dataset_bucket
      object       = "support/v3-large.jsonl"
    }

    training_config {
      training_config_type                = "TFEW_TRAINING_CONFIG"
      total_training_epochs               = 5
      log_model_metrics_interval_in_steps = 10
    }
  }

  depends_on = [oci_generative_ai_model.support_bot]
}
