variable "compartment_id" {
  type = string
}
