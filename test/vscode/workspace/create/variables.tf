variable "compartment_id" {
  type = string
}

variable "base_model_id" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "dataset_object" {
  type = string
}
