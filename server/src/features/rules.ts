import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';

/**
 * Every kind of diagnostic the server reports. Severity follows one rule: an error is what `terraform plan`
 * would reject; a warning is what Terraform accepts but is wrong or silently ignored.
 */
interface Rule {
  severity: DiagnosticSeverity;
  title: string;
  help: string;
}

export const RULES = {
  syntax: {
    severity: DiagnosticSeverity.Error,
    title: 'HCL syntax error',
    help: 'Terraform cannot read the file: fix the syntax at the marked place (an unclosed brace, a missing value, a line break HCL requires).',
  },
  'missing-required': {
    severity: DiagnosticSeverity.Error,
    title: 'Missing required argument or block',
    help: 'The provider requires this argument or nested block; `terraform plan` fails without it.',
  },
  'unknown-argument': {
    severity: DiagnosticSeverity.Error,
    title: 'Unsupported argument',
    help: 'The resource has no argument of this name (check the spelling; the message suggests the closest name).',
  },
  'unknown-block': {
    severity: DiagnosticSeverity.Error,
    title: 'Unsupported block type',
    help: 'The resource has no nested block of this name.',
  },
  'computed-attribute': {
    severity: DiagnosticSeverity.Error,
    title: 'Read-only attribute set',
    help: 'The provider or the service sets this attribute; Terraform rejects a value for it in the configuration.',
  },
  'ignored-argument': {
    severity: DiagnosticSeverity.Warning,
    title: 'Argument that Terraform accepts and ignores',
    help: 'Terraform accepts the argument, but the provider never uses the value.',
  },
  'argument-block-confusion': {
    severity: DiagnosticSeverity.Error,
    title: 'Argument written as a block, or block written as an argument',
    help: 'Write arguments as `name = value` and nested blocks as `name { ... }`.',
  },
  'too-many-blocks': {
    severity: DiagnosticSeverity.Error,
    title: 'Too many nested blocks',
    help: 'The provider accepts at most the stated number of blocks of this type.',
  },
  'wrong-type': {
    severity: DiagnosticSeverity.Error,
    title: 'Value of the wrong type',
    help: 'Terraform cannot convert the value to the type the argument takes (a word where a number is needed, a list where a string is needed...).',
  },
  'invalid-value': {
    severity: DiagnosticSeverity.Error,
    title: 'Value the provider rejects',
    help: 'The provider validates this argument against a fixed set of values or a format and rejects others at plan time.',
  },
  'unknown-service-value': {
    severity: DiagnosticSeverity.Warning,
    title: 'Value the service does not know',
    help: 'The provider passes the value on unchecked; the OCI service rejects values outside the set the SDK knows, when you apply.',
  },
  'undeclared-reference': {
    severity: DiagnosticSeverity.Error,
    title: 'Reference to something the module does not declare',
    help: 'The variable, local value, resource or data source is not declared in any `.tf` file of this folder.',
  },
  'unsupported-attribute-reference': {
    severity: DiagnosticSeverity.Error,
    title: 'Reference to an attribute the resource does not have',
    help: 'The resource or data source type has no attribute of this name.',
  },
  'instance-key': {
    severity: DiagnosticSeverity.Error,
    title: 'Missing or unexpected instance key',
    help: 'A resource with `count` or `for_each` is a collection: refer to one instance with `[key]`. A resource without them has no instance keys.',
  },
  'training-field-ignored': {
    severity: DiagnosticSeverity.Warning,
    title: 'Training field that the chosen training type ignores',
    help: 'The provider sends only the fields of the chosen `training_config_type`; this one is dropped without a word.',
  },
  'malformed-ocid': {
    severity: DiagnosticSeverity.Warning,
    title: 'Malformed OCID',
    help: 'OCIDs look like `ocid1.<kind>.<realm>.[region].<unique id>`; this value cannot be one.',
  },
  'wrong-ocid-kind': {
    severity: DiagnosticSeverity.Warning,
    title: 'OCID of the wrong kind',
    help: 'The OCID names a different kind of resource than the argument takes.',
  },
  'wrong-reference-type': {
    severity: DiagnosticSeverity.Warning,
    title: 'Reference to a resource of the wrong type',
    help: 'The referenced attribute holds the OCID of a different kind of resource than the argument takes.',
  },
  'newer-than-pinned-provider': {
    severity: DiagnosticSeverity.Warning,
    title: 'Needs a newer provider than the module pins',
    help: 'The argument, value or resource appeared in a later OCI provider release than the version constraint or lock file of the module allows.',
  },
  'base-model-not-fine-tunable': {
    severity: DiagnosticSeverity.Warning,
    title: 'Base model that cannot be fine-tuned (checked live)',
    help: 'Your tenancy says the model named by `base_model_id` lacks the FINE_TUNE capability, so the service rejects the fine-tuning job. Only the editor checks this: it asks OCI with your profile.',
  },
  'cluster-not-fine-tuning': {
    severity: DiagnosticSeverity.Warning,
    title: 'Cluster that is not a fine-tuning cluster (checked live)',
    help: 'Your tenancy says the cluster named by `dedicated_ai_cluster_id` is not a FINE_TUNING dedicated AI cluster (a HOSTING cluster serves endpoints), so the service rejects the fine-tuning job. Only the editor checks this: it asks OCI with your profile.',
  },
  drift: {
    severity: DiagnosticSeverity.Information,
    title: 'The file differs from the live model (drift)',
    help: 'OCI holds another value for this field than the file: `terraform apply` would change the model (replace it, for a ForceNew field such as the fine-tuning details). The quick fix takes the live value into the file. Only the editor checks this, with your profile; values only Terraform knows are not compared.',
  },
  'model-gone': {
    severity: DiagnosticSeverity.Information,
    title: 'The model the block stands for is gone (checked live)',
    help: 'The import block or the local terraform.tfstate names a model that OCI no longer has (DELETED, or not found): Terraform would create a new one. Remove the stale import block or state entry, or create the model again.',
  },
  'dataset-not-found': {
    severity: DiagnosticSeverity.Warning,
    title: 'Training dataset not found in Object Storage (checked live)',
    help: 'Your tenancy has no object at the namespace, bucket and object the `training_dataset` block names (or your profile may not read it; OCI answers both alike): the fine-tuning job would fail at its start. The warning is on what is missing: the object, the bucket, or a namespace that is not your tenancy\'s. "Upload dataset..." on the block puts a local file there. Only the editor checks this, with your profile; values only Terraform knows are not checked.',
  },
  'not-analysed': {
    severity: DiagnosticSeverity.Information,
    title: 'File not analysed',
    help: 'The file is larger than 5 million characters or holds binary data (a NUL character); it is not checked, so that the editor stays responsive.',
  },
} satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export const DIAGNOSTIC_SOURCE = 'oci-genai-tf';

/** Extra facts a quick fix needs, carried in `Diagnostic.data`. */
export interface DiagnosticData {
  /** The did-you-mean: the text to put in place of the diagnostic's range. */
  replacement?: string;
  /** For `missing-required`: what is missing. */
  missing?: { name: string; kind: 'attribute' | 'block' };
  /** For `wrong-ocid-kind`: the kind the OCID has. */
  ocidKind?: string;
  /** For `drift`: the edit that writes the live value into the file, and its title. */
  takeLive?: { title: string; edit: TextEdit };
}

export function makeDiagnostic(rule: RuleId, range: Range, message: string, data?: DiagnosticData): Diagnostic {
  const diagnostic: Diagnostic = { range, severity: RULES[rule].severity, code: rule, source: DIAGNOSTIC_SOURCE, message };
  if (data) diagnostic.data = data;
  return diagnostic;
}
