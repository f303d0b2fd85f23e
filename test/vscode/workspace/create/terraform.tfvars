# The emulator's seed: the example compartment, cohere.command-r-08-2024 (FINE_TUNE), its ACTIVE FINE_TUNING
# cluster, and a training set that exists in its bucket.
compartment_id = "ocid1.compartment.oc1..aaaaaaaawehdamucfkgduxshcxuemrqf5hgct6jvaxlddsg4e7bzfmqmtuzl"
base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.aaaaaaaacuswc5r7qd2kp6cq4qncdd5gdgdopsgpymleuslnnmgrfdmvffve"
cluster_id     = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.aaaaaaaaeja5id54dp7qdw24l2arjwd4gndroeufgavfi5mgwpo3rhtbcwte"
dataset_object = "support-chat/train.jsonl"
