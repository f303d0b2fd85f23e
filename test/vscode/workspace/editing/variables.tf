variable "compartment_id" {
  type        = string
  description = "Compartment of the models."
}

resource "oci_generative_ai_dedicated_ai_cluster" "training" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 2
  unit_shape     = "LARGE_COHERE_V2"
}
