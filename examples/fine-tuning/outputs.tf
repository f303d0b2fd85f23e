output "model_ids" {
  description = "OCIDs of the LoRA fine-tunes, by variant."
  value       = { for name, model in oci_generative_ai_model.support_bot : name => model.id }
}

output "tfew_model_state" {
  value = oci_generative_ai_model.support_bot_tfew.state
}
