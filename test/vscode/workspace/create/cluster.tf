# Declared but not created yet: only Terraform will know its id.
resource "oci_generative_ai_dedicated_ai_cluster" "training" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 1
  unit_shape     = "LARGE_COHERE_V2"
}
