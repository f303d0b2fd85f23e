import { describeType, type SchemaRegistry, type TypeSchema } from '../schema/registry';
import type { AttributeSchema, BlockSchema } from '../schema/schemaTypes';

/** Facts about an argument or block, as completion details and hover text show them. */

function modeWords(mode: AttributeSchema['mode'], computed: boolean | undefined): string {
  if (mode === 'computed') return 'read-only';
  if (mode === 'required') return 'required';
  return computed ? 'optional (the service fills it in when left out)' : 'optional';
}

/** One short line: `whole number · optional · LoRA only`. */
export function attributeDetail(attribute: AttributeSchema): string {
  const parts = [describeType(attribute.type), attribute.mode === 'optional' ? 'optional' : modeWords(attribute.mode, false)];
  if (attribute.appliesWhen) parts.push(`only with ${attribute.appliesWhen.values.map(shortTrainingName).join(' or ')}`);
  return parts.join(' · ');
}

/** `LORA_TRAINING_CONFIG` -> `LoRA` and the like, for the short detail line. */
function shortTrainingName(value: string): string {
  return { LORA_TRAINING_CONFIG: 'LoRA', TFEW_TRAINING_CONFIG: 'T-Few', VANILLA_TRAINING_CONFIG: 'Vanilla' }[value] ?? value;
}

export function blockDetail(block: BlockSchema): string {
  const count = block.maxItems === 1 ? 'one block' : 'blocks';
  return `${count} · ${block.mode === 'required' ? 'required' : 'optional'}`;
}

export function describeAttribute(name: string, attribute: AttributeSchema, owner: TypeSchema, registry: SchemaRegistry): string {
  const lines = [`**${name}** · ${describeType(attribute.type)} · ${modeWords(attribute.mode, attribute.computed)}`, '', attribute.description];
  const facts: string[] = [];
  if (attribute.forceNew) facts.push(`Changing it replaces the ${owner.type.replace(/^oci_generative_ai_/, '').replace(/_/g, ' ')}: Terraform destroys it and creates a new one.`);
  if (attribute.appliesWhen) facts.push(`Used only when \`${attribute.appliesWhen.attribute}\` is ${attribute.appliesWhen.values.map((v) => `\`${v}\``).join(' or ')}; the provider drops it otherwise.`);
  if (attribute.allowedValues) {
    const { values, caseSensitive, validatedBy } = attribute.allowedValues;
    const shown = values.length <= 12 ? values.map((v) => `\`${v}\``).join(', ') : `${values.slice(0, 12).map((v) => `\`${v}\``).join(', ')} and ${values.length - 12} more`;
    const check =
      validatedBy === 'provider' ? 'the provider rejects others' : validatedBy === 'service' ? 'the provider does not check them; the service rejects others' : 'as known to the OCI SDK';
    facts.push(`Values: ${shown} (${check}${caseSensitive ? '' : '; case does not matter'}).`);
  }
  if (attribute.ocidKinds) facts.push(`Takes the OCID of ${attribute.ocidKinds.map((kind) => registry.describeOcidKind(kind)).join(' or ')}.`);
  if (attribute.since) facts.push(`Needs OCI provider ${attribute.since} or later.`);
  if (attribute.apiName) facts.push(`API field: \`${attribute.apiName}\`.`);
  if (facts.length) lines.push('', ...facts.map((fact) => `- ${fact}`));
  return lines.join('\n');
}

export function describeBlock(name: string, block: BlockSchema, owner: TypeSchema): string {
  const limits = block.maxItems === 1 ? 'at most one' : block.maxItems ? `at most ${block.maxItems}` : 'any number';
  const lines = [`**${name}** · block · ${block.mode === 'required' ? 'required' : 'optional'} (${limits})`, '', block.description];
  if (block.forceNew) lines.push('', `- Changing anything in it replaces the ${owner.type.replace(/^oci_generative_ai_/, '').replace(/_/g, ' ')}.`);
  return lines.join('\n');
}

export function describeSchemaType(schema: TypeSchema): string {
  const lines = [`**${schema.kind === 'data' ? 'data source' : 'resource'} \`${schema.type}\`**`, '', schema.description];
  const facts: string[] = [];
  if (schema.importId) facts.push(`Imported by ${schema.importId}: \`terraform import ${schema.type}.NAME <OCID>\`.`);
  if (schema.timeouts) {
    facts.push(`Default timeouts: ${Object.entries(schema.timeouts).map(([operation, duration]) => `${operation} ${duration}`).join(', ')}.`);
  }
  facts.push(`Since OCI provider ${schema.since}.`);
  lines.push('', ...facts.map((fact) => `- ${fact}`));
  return lines.join('\n');
}
