compartment_id           = "ocid1.compartment.oc1..aaaaaaaa4kbbgdyvstrrcrdcmrvgvzqbmmz5vkhd2bfmzmyhvnqtulxaezrq"
object_storage_namespace = "acmeprod"
