variable "region" {
  type        = string
  description = "A region with OCI Generative AI fine-tuning, such as us-chicago-1."
  default     = "us-chicago-1"
}

variable "compartment_id" {
  type        = string
  description = "OCID of the compartment for the cluster and the models."
}

variable "dataset_bucket" {
  type    = string
  default = "genai-training-data"
}

variable "object_storage_namespace" {
  type        = string
  description = "The tenancy's Object Storage namespace (oci os ns get)."
}

variable "support_bot_variants" {
  description = "One LoRA fine-tune per entry: dataset object and LoRA rank."
  type = map(object({
    dataset = string
    lora_r  = number
  }))
  default = {
    small = { dataset = "support/v3-small.jsonl", lora_r = 8 }
    large = { dataset = "support/v3-large.jsonl", lora_r = 32 }
  }
}
