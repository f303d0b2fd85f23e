import provider from '../../schema/provider.json';
import dataCluster from '../../schema/data-sources/oci_generative_ai_dedicated_ai_cluster.json';
import dataClusters from '../../schema/data-sources/oci_generative_ai_dedicated_ai_clusters.json';
import dataEndpoint from '../../schema/data-sources/oci_generative_ai_endpoint.json';
import dataEndpoints from '../../schema/data-sources/oci_generative_ai_endpoints.json';
import dataModel from '../../schema/data-sources/oci_generative_ai_model.json';
import dataModels from '../../schema/data-sources/oci_generative_ai_models.json';
import cluster from '../../schema/resources/oci_generative_ai_dedicated_ai_cluster.json';
import endpoint from '../../schema/resources/oci_generative_ai_endpoint.json';
import model from '../../schema/resources/oci_generative_ai_model.json';
import type { AttributeSchema, BlockSchema, ProviderFile, SchemaKind, TypeSchemaFile, ValueType } from './schemaTypes';

/** A resource or data source, resolved: data sources built from a resource carry its attributes, read-only. */
export interface TypeSchema extends TypeSchemaFile {
  blocks: Record<string, BlockSchema>;
}

const TYPE_FILES = [model, cluster, endpoint, dataModel, dataModels, dataCluster, dataClusters, dataEndpoint, dataEndpoints] as TypeSchemaFile[];

function asComputed(attribute: AttributeSchema): AttributeSchema {
  return { ...attribute, mode: 'computed', computed: undefined, forceNew: undefined, allowedValues: undefined };
}

/** A nested block as a data source returns it: a read-only list of objects. */
function blockAsComputedAttribute(block: BlockSchema): AttributeSchema {
  const fields: Record<string, AttributeSchema> = {};
  for (const [name, attribute] of Object.entries(block.attributes)) fields[name] = asComputed(attribute);
  for (const [name, nested] of Object.entries(block.blocks ?? {})) fields[name] = blockAsComputedAttribute(nested);
  return { type: { list: { object: fields } }, mode: 'computed', description: block.description, apiName: block.apiName };
}

export class SchemaRegistry {
  readonly provider: ProviderFile = provider as ProviderFile;
  private readonly types = new Map<string, TypeSchema>();

  constructor(files: TypeSchemaFile[] = TYPE_FILES) {
    const byKey = new Map(files.map((file) => [`${file.kind}.${file.type}`, file]));
    for (const file of files) this.types.set(`${file.kind}.${file.type}`, this.resolve(file, byKey));
  }

  private resolve(file: TypeSchemaFile, byKey: Map<string, TypeSchemaFile>): TypeSchema {
    const attributes: Record<string, AttributeSchema> = { ...file.attributes };
    if (file.computedFromResource) {
      const source = byKey.get(`resource.${file.computedFromResource}`);
      if (!source) throw new Error(`${file.type}: unknown resource ${file.computedFromResource}`);
      for (const [name, attribute] of Object.entries(source.attributes)) attributes[name] ??= asComputed(attribute);
      for (const [name, block] of Object.entries(source.blocks ?? {})) attributes[name] ??= blockAsComputedAttribute(block);
    }
    // Every Terraform object has an `id`; a list data source declares its own `id` filter argument.
    attributes['id'] ??= {
      type: 'string',
      mode: 'computed',
      description: file.idOcidKind ? `OCID of this ${file.kind === 'data' ? 'object' : 'resource'}.` : 'Identifier Terraform keeps for this data source.',
      ...(file.idOcidKind ? { ocidKinds: [file.idOcidKind] } : {}),
    };
    return { ...file, attributes, blocks: file.blocks ?? {} };
  }

  get(kind: SchemaKind, type: string): TypeSchema | undefined {
    return this.types.get(`${kind}.${type}`);
  }

  all(): TypeSchema[] {
    return [...this.types.values()];
  }

  private readonly resourceObjects = new Map<string, Record<string, AttributeSchema>>();
  private readonly referenceable = new Map<TypeSchema, Record<string, AttributeSchema>>();

  /** The attributes of an object type, resolving `resourceObject` to the resource's read-only attributes. */
  objectAttributes(type: ValueType): Record<string, AttributeSchema> | undefined {
    if (typeof type === 'string') return undefined;
    if ('object' in type) return type.object;
    if (!('resourceObject' in type)) return undefined;
    let fields = this.resourceObjects.get(type.resourceObject);
    if (!fields) {
      const resource = this.get('resource', type.resourceObject);
      if (!resource) return undefined;
      fields = {};
      for (const [name, attribute] of Object.entries(resource.attributes)) fields[name] = asComputed(attribute);
      for (const [name, block] of Object.entries(resource.blocks)) fields[name] = blockAsComputedAttribute(block);
      this.resourceObjects.set(type.resourceObject, fields);
    }
    return fields;
  }

  /** What a reference to the object can read: its attributes, and its nested blocks as lists of objects. */
  referenceableAttributes(schema: TypeSchema): Record<string, AttributeSchema> {
    let fields = this.referenceable.get(schema);
    if (!fields) {
      fields = { ...schema.attributes };
      for (const [name, block] of Object.entries(schema.blocks)) fields[name] ??= blockAsComputedAttribute(block);
      this.referenceable.set(schema, fields);
    }
    return fields;
  }

  /** Whether the registry address of a provider (`oracle/oci`, `registry.terraform.io/hashicorp/oci`) is ours. */
  isOurProvider(source: string): boolean {
    const short = source.toLowerCase().replace(/^registry\.terraform\.io\//, '');
    return short === this.provider.source || this.provider.aliases.includes(short);
  }

  /** What the `id` of a resource or data source holds, ours or a common foreign type. */
  idOcidKind(kind: SchemaKind, type: string): string | undefined {
    const ours = this.get(kind, type);
    if (ours) return ours.idOcidKind;
    return this.provider.foreignIdKinds[kind === 'data' ? `data.${type}` : type];
  }

  describeOcidKind(kind: string): string {
    return this.provider.ocidKinds[kind] ?? `a ${kind}`;
  }
}

export function describeType(type: ValueType): string {
  if (typeof type === 'string') {
    return type === 'int' ? 'whole number' : type === 'float' ? 'number' : type === 'bool' ? 'bool' : 'string';
  }
  if ('list' in type) return `list of ${describeType(type.list)}`;
  if ('set' in type) return `set of ${describeType(type.set)}`;
  if ('map' in type) return `map of ${describeType(type.map)}`;
  return 'object';
}
