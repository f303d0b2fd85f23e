import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { SyntaxReader } from '../hcl/readSyntax';
import { traversalsIn, type Attribute, type Block, type BlockHeader, type Body, type Expression, type Traversal } from '../hcl/syntax';
import { looksLikeOcid, parseOcid } from '../schema/ocid';
import { describeType, type SchemaRegistry, type TypeSchema } from '../schema/registry';
import type { AllowedValues, AttributeSchema, BlockSchema, ValueType } from '../schema/schemaTypes';
import { referenceTarget, resolveAttributePath } from './references';
import { makeDiagnostic, type DiagnosticData, type RuleId } from './rules';
import { DYNAMIC_ARGUMENTS, META_ARGUMENTS, META_BLOCKS, type BodySchema } from './schemaPath';
import { didYouMean } from './suggest';

/** A reference found in one of our blocks, checked later against the module's declarations. */
export interface ReferenceUse {
  traversal: Traversal;
  /** In `depends_on`: the whole resource is meant, so no instance key is needed. */
  wholeObject: boolean;
}

/** Something that needs at least this provider version, checked later against what the module pins. */
export interface VersionedUse {
  since: string;
  range: Range;
  what: string;
}

/** A literal OCID of the right kind in an argument: what the tenancy says of it is checked later, live. */
export interface OcidUse {
  /** The block the argument is in: the resource type at the top level, else the nested block's type. */
  block: string;
  attribute: string;
  ocid: string;
  range: Range;
}

export interface SchemaBlockAnalysis {
  diagnostics: Diagnostic[];
  references: ReferenceUse[];
  versioned: VersionedUse[];
  ocids: OcidUse[];
}

const DURATION = /^(?:[0-9]*\.?[0-9]+(?:ns|us|µs|ms|s|m|h))+$|^0$/;
const NUMBER_TEXT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

function listPhrase(values: readonly string[], conjunction = 'or'): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} ${conjunction} ${values[values.length - 1]}`;
}

function headerRange(block: BlockHeader): Range {
  const last = block.labels[block.labels.length - 1];
  return { start: block.typeRange.start, end: last ? last.range.end : block.typeRange.end };
}

/**
 * Checks a resource or data source block of our schema: arguments and blocks, literal values, OCIDs, training
 * fields. Collects what needs the module to judge (references, provider versions). Context-free: the result only
 * depends on the block's text, so it is cached with its chunk.
 */
export function validateSchemaBlock(
  reader: SyntaxReader,
  header: BlockHeader,
  schema: TypeSchema,
  registry: SchemaRegistry,
  syntaxBroken = false,
): SchemaBlockAnalysis {
  return new BlockValidator(registry, schema, syntaxBroken).run(reader.block(header));
}

class BlockValidator {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly references: ReferenceUse[] = [];
  private readonly versioned: VersionedUse[] = [];
  private readonly ocids: OcidUse[] = [];

  /** `syntaxBroken`: the block's text has a syntax error that the tree may not show (a missing line break). */
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly schema: TypeSchema,
    private readonly syntaxBroken: boolean,
  ) {}

  /** `replacement` is the did-you-mean as text for `range`; `data` other facts for quick fixes. */
  private report(rule: RuleId, range: Range, message: string, replacement?: string, data: DiagnosticData = {}): void {
    const facts: DiagnosticData = replacement === undefined ? data : { ...data, replacement };
    this.diagnostics.push(makeDiagnostic(rule, range, message, Object.keys(facts).length ? facts : undefined));
  }

  run(block: Block): SchemaBlockAnalysis {
    const typeLabel = block.labels[0];
    if (typeLabel) this.versioned.push({ since: this.schema.since, range: typeLabel.range, what: `${this.schema.kind === 'data' ? 'The data source' : 'The resource'} \`${this.schema.type}\`` });
    this.checkBody(block.body, this.schema, block, this.schema.type, true);
    return { diagnostics: this.diagnostics, references: this.references, versioned: this.versioned, ocids: this.ocids };
  }

  /** `owner` is the block whose body this is (for the missing-item range); `path` names it in messages. */
  private checkBody(body: Body, schema: BodySchema, owner: Block, path: string, topLevel: boolean): void {
    const blockSchemas = schema.blocks ?? {};
    const seenBlocks = new Map<string, Block[]>();
    const dynamicBlocks = new Set<string>();
    const present = new Set<string>();
    const seenAsBlock = new Set<string>();

    for (const item of body.items) {
      if (item.kind === 'attribute') {
        present.add(item.name);
        this.collectReferences(item);
        this.checkAttribute(item, schema, path, topLevel);
        continue;
      }
      if (topLevel && META_BLOCKS[item.type]?.kinds.includes(this.schema.kind)) continue;
      if (topLevel && item.type === 'timeouts' && this.schema.timeouts) {
        this.checkTimeouts(item);
        continue;
      }
      if (item.type === 'dynamic') {
        const target = this.checkDynamic(item, blockSchemas, path);
        if (target) dynamicBlocks.add(target);
        continue;
      }
      const nested = blockSchemas[item.type];
      if (nested) {
        const list = seenBlocks.get(item.type) ?? [];
        list.push(item);
        seenBlocks.set(item.type, list);
        this.noteSince(nested.since, item.typeRange, `The block \`${item.type}\``);
        this.checkBody(item.body, nested, item, item.type, false);
        continue;
      }
      const asAttribute = schema.attributes[item.type];
      if (asAttribute) {
        seenAsBlock.add(item.type);
        const message =
          asAttribute.mode === 'computed'
            ? `\`${item.type}\` is read-only: the provider or the service sets it. Remove this block.`
            : `\`${item.type}\` is an argument, not a block: write \`${item.type} = ...\`.`;
        this.report(asAttribute.mode === 'computed' ? 'computed-attribute' : 'argument-block-confusion', item.typeRange, message);
        continue;
      }
      const candidates = [...Object.keys(blockSchemas), ...(topLevel && this.schema.timeouts ? ['timeouts'] : [])];
      const suggestion = didYouMean(item.type, candidates);
      this.report(
        'unknown-block',
        item.typeRange,
        `\`${item.type}\` is not a block type of \`${path}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        suggestion,
      );
    }

    for (const [name, list] of seenBlocks) {
      const max = blockSchemas[name]?.maxItems;
      if (max !== undefined && list.length > max && !dynamicBlocks.has(name)) {
        for (const extra of list.slice(max)) {
          this.report('too-many-blocks', extra.typeRange, `At most ${max} \`${name}\` block${max === 1 ? ' is' : 's are'} allowed in \`${path}\`.`);
        }
      }
    }

    // A syntax error inside may hide what looks missing: Terraform reports the syntax error first, so do we.
    if (owner.damaged || this.syntaxBroken) return;
    const ownerRange = topLevel ? headerRange(owner) : owner.typeRange;
    for (const [name, attribute] of Object.entries(schema.attributes)) {
      // Written as a block instead, it is reported as such, not also as missing.
      if (attribute.mode === 'required' && !present.has(name) && !seenAsBlock.has(name)) {
        this.report('missing-required', ownerRange, `Missing required argument \`${name}\` in \`${path}\`: ${attribute.description}`, undefined, {
          missing: { name, kind: 'attribute' },
        });
      }
    }
    for (const [name, nested] of Object.entries(blockSchemas)) {
      // `minItems` counts only once the block is written: an optional block may still be left out.
      if (nested.mode === 'required' && !seenBlocks.has(name) && !dynamicBlocks.has(name) && !present.has(name)) {
        this.report('missing-required', ownerRange, `Missing required block \`${name}\` in \`${path}\`: ${nested.description}`, undefined, {
          missing: { name, kind: 'block' },
        });
      }
    }
    this.checkTrainingFields(body, schema);
  }

  private checkAttribute(attribute: Attribute, schema: BodySchema, path: string, topLevel: boolean): void {
    const attributeSchema = schema.attributes[attribute.name];
    if (!attributeSchema) {
      if (topLevel && META_ARGUMENTS[attribute.name]?.kinds.includes(this.schema.kind)) return;
      if (schema.blocks?.[attribute.name]) {
        this.report(
          'argument-block-confusion',
          attribute.nameRange,
          `\`${attribute.name}\` is a block, not an argument: write \`${attribute.name} { ... }\` without \`=\`.`,
        );
        return;
      }
      if (attribute.damaged) return;
      const candidates = Object.entries(schema.attributes)
        .filter(([, candidate]) => candidate.mode !== 'computed')
        .map(([name]) => name);
      const suggestion = didYouMean(attribute.name, [...candidates, ...Object.keys(schema.blocks ?? {})]);
      this.report(
        'unknown-argument',
        attribute.nameRange,
        `\`${attribute.name}\` is not an argument of \`${path}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        suggestion,
      );
      return;
    }
    if (attributeSchema.mode === 'computed') {
      if (topLevel && attribute.name === 'id' && this.schema.kind === 'resource') {
        this.report('ignored-argument', attribute.nameRange, '`id` is set by the provider when the resource is created: a value here is ignored.');
      } else {
        this.report('computed-attribute', attribute.nameRange, `\`${attribute.name}\` is read-only: the provider or the service sets it. Remove this line.`);
      }
      return;
    }
    this.noteSince(attributeSchema.since, attribute.nameRange, `The argument \`${attribute.name}\``);
    if (attribute.damaged) return;
    if (attribute.value.kind === 'null') {
      if (attributeSchema.mode === 'required') {
        this.report('missing-required', attribute.value.range, `\`${attribute.name}\` is required: it cannot be null.`);
      }
      return;
    }
    this.checkValue(attribute.value, attributeSchema.type, attributeSchema, attribute.name);
    const value = attribute.value;
    if (value.kind === 'string' && attributeSchema.ocidKinds?.includes(parseOcid(value.value)?.kind ?? '')) {
      this.ocids.push({ block: path, attribute: attribute.name, ocid: value.value, range: value.range });
    }
  }

  /** Checks a value against a type; literal strings also against allowed values, OCID kinds and formats. */
  private checkValue(value: Expression, type: ValueType, attribute: AttributeSchema, name: string): void {
    const wrongType = (what: string): void =>
      this.report('wrong-type', value.range, `\`${name}\` takes a ${describeType(type)}; ${what}.`);
    if (value.kind === 'null' || value.kind === 'missing') return;
    if (typeof type === 'string') {
      if (value.kind === 'tuple') return wrongType('a list is not one');
      if (value.kind === 'object') return wrongType('an object is not one');
      if (type === 'string') {
        if (value.kind === 'string') this.checkString(value.value, value.range, attribute, name);
        else if (value.kind === 'traversal') this.checkReferenceKind(value, attribute, name);
        return;
      }
      if (type === 'bool') {
        if (value.kind === 'number') return wrongType(`\`${value.text}\` is a number`);
        if (value.kind === 'string' && !/^(true|false|1|0)$/.test(value.value)) return wrongType(`"${value.value}" is not true or false`);
        return;
      }
      // int or float
      if (value.kind === 'bool') return wrongType(`\`${value.value}\` is a bool`);
      let number: number | undefined;
      if (value.kind === 'number') number = value.value;
      if (value.kind === 'string') {
        if (!NUMBER_TEXT.test(value.value.trim()) || value.value.trim() !== value.value) {
          return wrongType(`"${value.value}" is not a number`);
        }
        number = Number(value.value);
      }
      if (number !== undefined && type === 'int' && !Number.isInteger(number)) {
        this.report('wrong-type', value.range, `\`${name}\` takes a whole number; ${number} has a fraction, which the provider rejects.`);
      }
      return;
    }
    if ('list' in type || 'set' in type) {
      const element = 'list' in type ? type.list : type.set;
      if (value.kind === 'tuple') {
        for (const item of value.elements) this.checkValue(item, element, attribute, name);
      } else if (value.kind === 'object') {
        wrongType('an object is not one');
      } else if (isPrimitiveLiteral(value)) {
        wrongType(`write it in brackets, like \`[${literalText(value)}]\``);
      }
      return;
    }
    if ('map' in type) {
      if (value.kind === 'object') {
        for (const element of value.elements) {
          if (element.value.kind === 'tuple' || element.value.kind === 'object') {
            this.report('wrong-type', element.value.range, `The values of \`${name}\` are ${describeType(type.map)}s; a ${element.value.kind === 'tuple' ? 'list' : 'object'} is not one.`);
          }
        }
      } else if (value.kind === 'tuple') {
        wrongType('a list is not one; write `{ key = "value" }`');
      } else if (isPrimitiveLiteral(value)) {
        wrongType('write `{ key = "value" }`');
      }
    }
  }

  private checkString(text: string, range: Range, attribute: AttributeSchema, name: string): void {
    if (attribute.allowedValues) this.checkAllowedValue(text, range, attribute.allowedValues, name);
    if (attribute.format === 'duration' && !DURATION.test(text)) {
      this.report('invalid-value', range, `\`${name}\` is a duration like \`90m\` or \`1h30m\`; "${text}" is not one.`);
    }
    if (attribute.ocidKinds) this.checkOcid(text, range, attribute.ocidKinds, name);
  }

  private checkAllowedValue(text: string, range: Range, allowed: AllowedValues, name: string): void {
    if (allowed.validatedBy === 'none') return;
    const matches = (candidate: string): boolean => (allowed.caseSensitive ? candidate === text : candidate.toLowerCase() === text.toLowerCase());
    const canonical = allowed.values.find(matches);
    if (canonical) {
      const since = allowed.since?.[canonical];
      if (since) this.noteSince(since, range, `The value ${canonical} of \`${name}\``);
      return;
    }
    const suggestion = didYouMean(text, allowed.values);
    const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
    const replacement = suggestion === undefined ? undefined : `"${suggestion}"`;
    if (allowed.validatedBy === 'provider') {
      const choices = allowed.values.length <= 6 ? listPhrase(allowed.values) : `one of the ${allowed.values.length} values completion offers`;
      this.report(
        'invalid-value',
        range,
        `\`${name}\` must be ${choices}${allowed.caseSensitive ? '' : ' (case does not matter)'}; "${text}" is not allowed.${hint}`,
        replacement,
      );
    } else {
      const choices = allowed.values.length <= 6 ? `: it takes ${listPhrase(allowed.values)}` : '';
      this.report(
        'unknown-service-value',
        range,
        `The OCI service does not know "${text}" for \`${name}\`${choices}. The provider does not check it, so the apply would fail.${hint}`,
        replacement,
      );
    }
  }

  private checkOcid(text: string, range: Range, kinds: string[], name: string): void {
    const wanted = listPhrase(kinds.map((kind) => this.registry.describeOcidKind(kind)));
    const ocid = parseOcid(text);
    if (!ocid) {
      const hint = looksLikeOcid(text) ? ' It starts like one but its parts do not fit `ocid1.<kind>.<realm>.[region].<unique id>`.' : '';
      this.report('malformed-ocid', range, `\`${name}\` takes the OCID of ${wanted}; "${text}" is not an OCID.${hint}`);
      return;
    }
    if (!kinds.includes(ocid.kind)) {
      this.report('wrong-ocid-kind', range, `\`${name}\` takes the OCID of ${wanted}; this is the OCID of ${this.registry.describeOcidKind(ocid.kind)}.`, undefined, {
        ocidKind: ocid.kind,
      });
    }
  }

  /** A reference to a resource attribute whose OCID kind is known must fit the argument. */
  private checkReferenceKind(traversal: Traversal, attribute: AttributeSchema, name: string): void {
    if (!attribute.ocidKinds) return;
    const target = referenceTarget(traversal);
    if (target.kind !== 'object') return;
    let kinds: string[] | undefined;
    const rest = target.rest[0]?.kind === 'index' ? target.rest.slice(1) : target.rest;
    if (rest.length === 1 && rest[0]!.kind === 'attribute' && rest[0].name === 'id') {
      const kind = this.registry.idOcidKind(target.objectKind, target.type);
      kinds = kind ? [kind] : undefined;
    } else {
      const resolved = resolveAttributePath(this.registry, target.objectKind, target.type, target.rest);
      if (resolved.kind === 'attribute') kinds = resolved.attribute.ocidKinds;
    }
    if (!kinds || kinds.some((kind) => attribute.ocidKinds!.includes(kind))) return;
    const wanted = listPhrase(attribute.ocidKinds.map((kind) => this.registry.describeOcidKind(kind)));
    const actual = listPhrase(kinds.map((kind) => this.registry.describeOcidKind(kind)));
    this.report('wrong-reference-type', traversal.range, `\`${name}\` takes the OCID of ${wanted}; this reference holds the OCID of ${actual}.`);
  }

  private checkTimeouts(block: Block): void {
    const allowed = this.schema.timeouts ?? {};
    for (const item of block.body.items) {
      if (item.kind === 'block') {
        this.report('unknown-block', item.typeRange, `\`timeouts\` holds durations only, not blocks.`);
        continue;
      }
      if (!(item.name in allowed)) {
        const keys = Object.keys(allowed);
        const suggestion = didYouMean(item.name, keys);
        this.report(
          'unknown-argument',
          item.nameRange,
          `\`${item.name}\` is not a timeout of \`${this.schema.type}\`: it has ${listPhrase(keys, 'and')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          suggestion,
        );
        continue;
      }
      const defaultValue = allowed[item.name as keyof typeof allowed];
      this.checkValue(item.value, 'string', { type: 'string', mode: 'optional', format: 'duration', description: `Default ${defaultValue}.` }, item.name);
    }
  }

  /** A `dynamic` block: its label names the generated block type and its `content` is that block's body. */
  private checkDynamic(dynamic: Block, blockSchemas: Record<string, BlockSchema>, path: string): string | undefined {
    const target = dynamic.labels[0]?.value;
    const label = dynamic.labels[0];
    if (!target || !label) return undefined;
    const nested = blockSchemas[target];
    if (!nested) {
      const suggestion = didYouMean(target, Object.keys(blockSchemas));
      const replacement = suggestion === undefined ? undefined : label.quoted ? `"${suggestion}"` : suggestion;
      this.report('unknown-block', label.range, `\`${target}\` is not a block type of \`${path}\`, so \`dynamic\` cannot generate it.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`, replacement);
      return undefined;
    }
    for (const item of dynamic.body.items) {
      if (item.kind === 'attribute') {
        this.collectReferences(item);
        if (!(item.name in DYNAMIC_ARGUMENTS) && !item.damaged) {
          this.report('unknown-argument', item.nameRange, `\`${item.name}\` is not an argument of a \`dynamic\` block: it takes for_each, iterator and labels, and a \`content\` block.`);
        }
      } else if (item.type === 'content') {
        this.checkBody(item.body, nested, item, target, false);
      } else {
        this.report('unknown-block', item.typeRange, `A \`dynamic\` block holds one \`content\` block, not \`${item.type}\`.`);
      }
    }
    return target;
  }

  /** Fields that only one `training_config_type` uses, set under another type. */
  private checkTrainingFields(body: Body, schema: BodySchema): void {
    for (const item of body.items) {
      if (item.kind !== 'attribute') continue;
      const appliesWhen = schema.attributes[item.name]?.appliesWhen;
      if (!appliesWhen) continue;
      const selector = body.items.find((other): other is Attribute => other.kind === 'attribute' && other.name === appliesWhen.attribute);
      if (!selector || selector.value.kind !== 'string') continue;
      const chosen = selector.value.value;
      const caseSensitive = schema.attributes[appliesWhen.attribute]?.allowedValues?.caseSensitive ?? true;
      const same = (value: string): boolean => (caseSensitive ? value === chosen : value.toLowerCase() === chosen.toLowerCase());
      const known = schema.attributes[appliesWhen.attribute]?.allowedValues?.values.some(same) ?? true;
      if (!known || appliesWhen.values.some(same)) continue;
      this.report(
        'training-field-ignored',
        item.nameRange,
        `\`${item.name}\` applies to ${listPhrase(appliesWhen.values)} only: with ${chosen} the provider drops it without a word.`,
      );
    }
  }

  private collectReferences(attribute: Attribute): void {
    const wholeObject = attribute.name === 'depends_on';
    for (const traversal of traversalsIn(attribute.value)) {
      this.references.push({ traversal, wholeObject });
      const target = referenceTarget(traversal);
      if (target.kind !== 'object') continue;
      const resolved = resolveAttributePath(this.registry, target.objectKind, target.type, target.rest);
      if (resolved.kind !== 'unsupported') continue;
      const suggestion = didYouMean(resolved.name, resolved.candidates);
      this.report(
        'unsupported-attribute-reference',
        resolved.step.range,
        `\`${target.type}\` has no attribute \`${resolved.name}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        suggestion === undefined ? undefined : `.${suggestion}`,
      );
    }
  }

  private noteSince(since: string | undefined, range: Range, what: string): void {
    if (since) this.versioned.push({ since, range, what });
  }
}

function isPrimitiveLiteral(value: Expression): value is Extract<Expression, { kind: 'string' | 'number' | 'bool' }> {
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'bool';
}

function literalText(value: Extract<Expression, { kind: 'string' | 'number' | 'bool' }>): string {
  if (value.kind === 'string') return JSON.stringify(value.value);
  if (value.kind === 'number') return value.text;
  return String(value.value);
}
