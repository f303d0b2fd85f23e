/**
 * The shape of the JSON files in `server/schema/`. The files are data, written by hand from the provider source
 * (see `server/schema/provider.json` for the version); features read them through `SchemaRegistry`.
 */

/** Terraform sees `int` and `float` both as numbers; the provider rejects a fraction for an `int`. */
export type PrimitiveType = 'string' | 'int' | 'float' | 'bool';

export type ValueType =
  | PrimitiveType
  | { list: ValueType }
  | { set: ValueType }
  | { map: ValueType }
  | { object: Record<string, AttributeSchema> }
  /** Every attribute and block of a resource, read-only, plus `id`: the items of list data sources. */
  | { resourceObject: string };

/**
 * `required` and `optional` are what a user may write; `computed` is read-only. An optional attribute that the
 * provider fills in when it is left out also has `computed: true` (Terraform's Optional+Computed).
 */
export type Mode = 'required' | 'optional' | 'computed';

export interface AllowedValues {
  values: string[];
  caseSensitive: boolean;
  /**
   * `provider`: Terraform rejects other values at plan time (an error).
   * `service`: the provider passes any value on and the service rejects unknown ones at apply time (a warning).
   * `none`: offered in completion only, because the set drifts between SDK versions.
   */
  validatedBy: 'provider' | 'service' | 'none';
  /** Where the values were read from, for the hover and for the next person who updates them. */
  source?: string;
  /** Provider version that first accepted a value, where later than the attribute itself. */
  since?: Record<string, string>;
}

/** The attribute only matters when a sibling attribute of the same block has one of these values. */
export interface AppliesWhen {
  attribute: string;
  values: string[];
}

export interface AttributeSchema {
  type: ValueType;
  mode: Mode;
  computed?: boolean;
  forceNew?: boolean;
  description: string;
  allowedValues?: AllowedValues;
  /** The OCID kinds a value may have (`ocid1.<kind>....`). */
  ocidKinds?: string[];
  appliesWhen?: AppliesWhen;
  /** Provider version that introduced the attribute, where later than its resource. */
  since?: string;
  /** Field name in the OCI API / SDK (camelCase), where the attribute maps to one. */
  apiName?: string;
  /** The value format, for hover and for checks of literal values. */
  format?: 'duration';
}

export interface BlockSchema {
  mode: Mode;
  computed?: boolean;
  nesting: 'list' | 'set';
  minItems?: number;
  maxItems?: number;
  forceNew?: boolean;
  description: string;
  attributes: Record<string, AttributeSchema>;
  blocks?: Record<string, BlockSchema>;
  since?: string;
  apiName?: string;
}

export type SchemaKind = 'resource' | 'data';

/** A resource or data source as stored in a JSON file. */
export interface TypeSchemaFile {
  kind: SchemaKind;
  type: string;
  description: string;
  since: string;
  /** OCID kind of the object's `id`. */
  idOcidKind?: string;
  /** Default operation timeouts; present when the `timeouts` block is accepted. */
  timeouts?: Partial<Record<'create' | 'update' | 'delete', string>>;
  /** How `terraform import` identifies an existing object. */
  importId?: string;
  attributes: Record<string, AttributeSchema>;
  blocks?: Record<string, BlockSchema>;
  /**
   * Data sources that return every attribute of a resource as read-only values (the provider builds them that
   * way); the registry copies the resource's attributes and blocks in as computed.
   */
  computedFromResource?: string;
}

export interface ProviderFile {
  source: string;
  /** Other registry addresses that serve the same provider. */
  aliases: string[];
  version: string;
  ocidKinds: Record<string, string>;
  /** `id` OCID kinds of resource and data source types outside our schema that references commonly name. */
  foreignIdKinds: Record<string, string>;
}
