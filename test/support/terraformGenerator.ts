/**
 * Generates realistic, valid Terraform for tests and benchmarks: many resource types, nested and dynamic blocks,
 * heredocs, templates, for-expressions, comments, and many `oci_generative_ai_model` blocks. Deterministic for a
 * given size, so runs compare.
 */

const TRAINING = [
  `    training_config {
      training_config_type  = "LORA_TRAINING_CONFIG"
      lora_r                = 8
      lora_alpha            = 16
      lora_dropout          = 0.1
      total_training_epochs = 3
      learning_rate         = 0.0002
    }`,
  `    training_config {
      training_config_type = "vanilla_training_config"
      num_of_last_layers   = 12
      training_batch_size  = "16"
      early_stopping_patience = 15
    }`,
  `    training_config {
      training_config_type                = "TFEW_TRAINING_CONFIG"
      log_model_metrics_interval_in_steps = 10
      early_stopping_threshold            = 0.01
    }`,
];

function modelBlock(i: number): string {
  return `resource "oci_generative_ai_model" "model_${i}" {
  compartment_id = var.compartment_id
  base_model_id  = data.oci_generative_ai_models.fine_tunable.model_collection[0].items[0].id
  display_name   = "support-bot-${i} (é, 😀)"
  description    = <<-EOT
    Fine-tuned assistant number ${i}.
    Trained on \${var.dataset_prefix}/${i}.jsonl
  EOT
  vendor         = "acme"
  version        = "1.${i % 10}"
  freeform_tags  = { team = "ml", index = "${i}" }
  defined_tags   = { "Operations.CostCenter" = "42" }

  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.fine_tuning.id
    training_dataset {
      bucket       = var.bucket
      dataset_type = "OBJECT_STORAGE"
      namespace    = local.namespace
      object       = "datasets/\${var.dataset_prefix}-${i}.jsonl"
    }
${TRAINING[i % TRAINING.length]}
  }

  lifecycle {
    ignore_changes = [defined_tags]
  }
  timeouts {
    create = "2h"
  }
}
`;
}

function instanceBlock(i: number): string {
  return `resource "oci_core_instance" "worker_${i}" {
  count               = var.worker_count
  availability_domain = data.oci_identity_availability_domains.ads.availability_domains[count.index % 3].name
  compartment_id      = var.compartment_id
  shape               = "VM.Standard.E4.Flex"

  dynamic "shape_config" {
    for_each = var.flex ? [1] : []
    content {
      ocpus         = 2
      memory_in_gbs = 16
    }
  }

  metadata = {
    ssh_authorized_keys = file("\${path.module}/keys/id_${i}.pub")
    user_data           = base64encode(templatefile("\${path.module}/init.sh", { index = ${i} }))
  }

  # Boot from the latest image of the pinned family.
  source_details {
    source_type = "image"
    source_id   = var.image_id
  }
}
`;
}

function localsBlock(i: number): string {
  return `locals {
  public_names_${i} = [for s in var.subnets : upper(s.name) if s.public]
  tags_by_key_${i}  = { for k, v in var.tags : k => v... }
  summary_${i}      = "%{for name in var.names}\${name}, %{endfor}"
  enabled_${i}      = var.environment == "prod" ? true : false
}
`;
}

function dataBlock(i: number): string {
  return `data "oci_generative_ai_models" "catalog_${i}" {
  compartment_id = var.compartment_id
  capability     = ["FINE_TUNE"]
  filter {
    name   = "display_name"
    values = ["cohere.command-r-08-2024"]
  }
}

/* Kept for reference:
   data "oci_generative_ai_models" "old_${i}" { ... }
*/
`;
}

function moduleBlock(i: number): string {
  return `module "network_${i}" {
  source     = "./modules/network"
  cidr_block = cidrsubnet(var.vcn_cidr, 8, ${i % 250})
  tags       = merge(local.common_tags, { Name = "network-${i}" })
}

output "network_${i}_id" {
  description = "Subnet of network ${i}"
  value       = module.network_${i}.subnet_id
}
`;
}

function bucketBlock(i: number): string {
  return `resource "oci_objectstorage_bucket" "datasets_${i}" {
  compartment_id = var.compartment_id
  name           = "datasets-${i}"
  namespace      = local.namespace
  versioning     = "Enabled"
  depends_on     = [oci_generative_ai_dedicated_ai_cluster.fine_tuning]

  dynamic "retention_rules" {
    for_each = toset(var.retention_days)
    content {
      display_name = "keep-\${retention_rules.value}"
      duration {
        time_amount = retention_rules.value
        time_unit   = "DAYS"
      }
    }
  }
}
`;
}

export const HEADER = `terraform {
  required_version = ">= 1.5.0"
  required_providers {
    oci = {
      source  = "oracle/oci"
      version = ">= 6.1.0"
    }
  }
}

variable "compartment_id" {
  type        = string
  description = "Compartment for everything here"
}

variable "bucket" {
  type    = string
  default = "training-data"
}

variable "dataset_prefix" {
  type    = string
  default = "support"
}

variable "worker_count" {
  type    = number
  default = 2
}

variable "flex" {
  type    = bool
  default = true
}

variable "image_id" { type = string }
variable "vcn_cidr" { default = "10.0.0.0/16" }
variable "subnets" { type = list(object({ name = string, public = bool })) }
variable "tags" { type = map(string) }
variable "names" { type = list(string) }
variable "environment" { default = "dev" }
variable "retention_days" { default = [30, 90] }

locals {
  namespace   = "acmeprod"
  common_tags = { project = "genai" }
}

data "oci_identity_availability_domains" "ads" {
  compartment_id = var.compartment_id
}

data "oci_generative_ai_models" "fine_tunable" {
  compartment_id = var.compartment_id
  capability     = ["FINE_TUNE"]
}

resource "oci_generative_ai_dedicated_ai_cluster" "fine_tuning" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 2
  unit_shape     = "LARGE_COHERE_V2"
}

`;

const BLOCKS = [modelBlock, instanceBlock, localsBlock, dataBlock, moduleBlock, bucketBlock];

/** Valid Terraform of at least `lines` lines. */
export function generateTerraform(lines: number): string {
  const parts = [HEADER];
  let count = HEADER.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const block = BLOCKS[i % BLOCKS.length]!(i) + '\n';
    parts.push(block);
    count += block.split('\n').length - 1;
  }
  return parts.join('');
}
