variable "compartment_id" {
  default = "ocid1.compartment.oc1..aaaaaaaawehdamucfkgduxshcxuemrqf5hgct6jvaxlddsg4e7bzfmqmtuzl"
}
