/**
 * QAPI expressions checked and normalized into typed definitions, one per
 * `enum`, `struct`, `union`, `alternate`, `command` or `event` expression.
 * Names are not resolved here (that is qapi-model.ts).
 */
import { parseCondition, type QapiCondition } from './qapi-condition.js';
import type { LoadedExpression } from './qapi-loader.js';
import {
  type QapiDict,
  QapiSchemaError,
  type QapiValue,
  type SourceLocation,
} from './qapi-syntax.js';

export interface QapiFeature {
  readonly name: string;
  readonly condition?: QapiCondition;
}

/** `'Name'` or `['Name']`. */
export interface QapiTypeRef {
  readonly name: string;
  readonly isArray: boolean;
}

export interface QapiMember {
  readonly name: string;
  readonly optional: boolean;
  readonly type: QapiTypeRef;
  readonly condition?: QapiCondition;
  readonly features: readonly QapiFeature[];
}

export interface QapiEnumValue {
  readonly name: string;
  readonly condition?: QapiCondition;
  readonly features: readonly QapiFeature[];
}

/** A union or alternate branch: `'value': 'Type'` or `'value': { 'type': 'Type', 'if': ... }`. */
export interface QapiBranch {
  readonly name: string;
  readonly type: QapiTypeRef;
  readonly condition?: QapiCondition;
}

/** `'data'`/`'base'` either names a type or lists members inline. */
export type QapiMembersSpec =
  | { readonly typeName: string }
  | { readonly members: readonly QapiMember[] };

interface DefinitionCommon {
  readonly name: string;
  readonly module: string;
  readonly location: SourceLocation;
  readonly condition?: QapiCondition;
  readonly features: readonly QapiFeature[];
}

export interface QapiEnumDefinition extends DefinitionCommon {
  readonly meta: 'enum';
  readonly values: readonly QapiEnumValue[];
  /** Only changes QEMU's C names; kept for completeness. */
  readonly prefix?: string;
}

export interface QapiStructDefinition extends DefinitionCommon {
  readonly meta: 'struct';
  readonly base?: string;
  readonly members: readonly QapiMember[];
}

export interface QapiUnionDefinition extends DefinitionCommon {
  readonly meta: 'union';
  /** Absent for a legacy "simple" union (QEMU before 7.0). */
  readonly base?: QapiMembersSpec;
  readonly discriminator?: string;
  readonly branches: readonly QapiBranch[];
}

export interface QapiAlternateDefinition extends DefinitionCommon {
  readonly meta: 'alternate';
  readonly branches: readonly QapiBranch[];
}

export interface QapiCommandDefinition extends DefinitionCommon {
  readonly meta: 'command';
  readonly data?: QapiMembersSpec;
  readonly boxed: boolean;
  readonly returns?: QapiTypeRef;
  readonly successResponse: boolean;
  readonly allowOob: boolean;
  readonly allowPreconfig: boolean;
  readonly coroutine: boolean;
  /** `gen: false`: QEMU hand-writes the marshalling; the wire format is the same. */
  readonly generated: boolean;
}

export interface QapiEventDefinition extends DefinitionCommon {
  readonly meta: 'event';
  readonly data?: QapiMembersSpec;
  readonly boxed: boolean;
}

export type QapiTypeDefinition =
  | QapiEnumDefinition
  | QapiStructDefinition
  | QapiUnionDefinition
  | QapiAlternateDefinition;

export type QapiDefinition = QapiTypeDefinition | QapiCommandDefinition | QapiEventDefinition;

const metas = ['enum', 'struct', 'union', 'alternate', 'command', 'event'] as const;
type Meta = (typeof metas)[number];

const allowedKeys: Record<Meta, readonly string[]> = {
  enum: ['enum', 'data', 'if', 'features', 'prefix'],
  struct: ['struct', 'data', 'base', 'if', 'features'],
  union: ['union', 'base', 'discriminator', 'data', 'if', 'features'],
  alternate: ['alternate', 'data', 'if', 'features'],
  command: [
    'command',
    'data',
    'returns',
    'boxed',
    'if',
    'features',
    'gen',
    'success-response',
    'allow-oob',
    'allow-preconfig',
    'coroutine',
  ],
  event: ['event', 'data', 'boxed', 'if', 'features'],
};

class ExpressionReader {
  constructor(
    private readonly dict: QapiDict,
    readonly location: SourceLocation,
  ) {}

  fail(message: string): never {
    throw new QapiSchemaError(message, this.location);
  }

  has(key: string): boolean {
    return this.dict.has(key);
  }

  value(key: string): QapiValue | undefined {
    return this.dict.get(key);
  }

  string(key: string): string | undefined {
    const value = this.dict.get(key);
    if (value !== undefined && typeof value !== 'string') this.fail(`'${key}' must be a string`);
    return value;
  }

  flag(key: string, fallback: boolean): boolean {
    const value = this.dict.get(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(`'${key}' must be true or false`);
    return value;
  }

  condition(): QapiCondition | undefined {
    const value = this.dict.get('if');
    return value === undefined ? undefined : parseCondition(value, this.location);
  }

  features(): QapiFeature[] {
    const value = this.dict.get('features');
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail("'features' must be a list");
    return value.map((item) => {
      if (typeof item === 'string') return { name: item };
      const feature = this.nested(item, 'feature', ['name', 'if']);
      const name = feature.string('name') ?? feature.fail("a feature needs a 'name'");
      return withCondition({ name }, feature.condition());
    });
  }

  nested(value: QapiValue, what: string, keys: readonly string[]): ExpressionReader {
    if (!(value instanceof Map)) this.fail(`${what} must be a string or an object`);
    const reader = new ExpressionReader(value, this.location);
    reader.checkKeys(what, keys);
    return reader;
  }

  checkKeys(what: string, keys: readonly string[]): void {
    for (const key of this.dict.keys()) {
      if (!keys.includes(key)) this.fail(`${what} has unknown key '${key}'`);
    }
  }

  typeRef(value: QapiValue | undefined, what: string): QapiTypeRef {
    if (typeof value === 'string') return { name: value, isArray: false };
    if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') {
      return { name: value[0], isArray: true };
    }
    return this.fail(`${what} must be a type name or a one-element list of a type name`);
  }

  members(value: QapiValue, what: string): QapiMember[] {
    if (!(value instanceof Map)) this.fail(`${what} must be an object`);
    return [...value].map(([key, spec]) => {
      const optional = key.startsWith('*');
      const name = optional ? key.slice(1) : key;
      if (typeof spec === 'string' || Array.isArray(spec)) {
        return { name, optional, type: this.typeRef(spec, `member '${name}'`), features: [] };
      }
      const member = this.nested(spec, `member '${name}'`, ['type', 'if', 'features']);
      const type = member.typeRef(member.value('type'), `member '${name}'`);
      return withCondition(
        { name, optional, type, features: member.features() },
        member.condition(),
      );
    });
  }

  membersSpec(key: string): QapiMembersSpec | undefined {
    const value = this.dict.get(key);
    if (value === undefined) return undefined;
    if (typeof value === 'string') return { typeName: value };
    return { members: this.members(value, `'${key}'`) };
  }

  /** QEMU lets a union have no branches, but not an alternate. */
  branches(allowEmpty: boolean): QapiBranch[] {
    const value = this.dict.get('data');
    if (!(value instanceof Map)) this.fail("'data' must be an object");
    if (value.size === 0 && !allowEmpty) this.fail("'data' must not be empty");
    return [...value].map(([name, spec]) => {
      if (typeof spec === 'string' || Array.isArray(spec)) {
        return { name, type: this.typeRef(spec, `branch '${name}'`) };
      }
      const branch = this.nested(spec, `branch '${name}'`, ['type', 'if']);
      return withCondition(
        { name, type: branch.typeRef(branch.value('type'), `branch '${name}'`) },
        branch.condition(),
      );
    });
  }

  enumValues(): QapiEnumValue[] {
    const value = this.dict.get('data');
    if (!Array.isArray(value)) this.fail("an enum's 'data' must be a list");
    return value.map((item) => {
      if (typeof item === 'string') return { name: item, features: [] };
      const member = this.nested(item, 'enum value', ['name', 'if', 'features']);
      const name = member.string('name') ?? member.fail("an enum value needs a 'name'");
      return withCondition({ name, features: member.features() }, member.condition());
    });
  }
}

function withCondition<T extends object>(item: T, condition: QapiCondition | undefined): T {
  return condition === undefined ? item : { ...item, condition };
}

function metaOf(reader: ExpressionReader): Meta {
  const found = metas.filter((meta) => reader.has(meta));
  if (found.length !== 1) {
    reader.fail(
      `an expression must have exactly one of the keys ${metas.map((m) => `'${m}'`).join(', ')}`,
    );
  }
  return found[0]!;
}

export function readDefinition(expression: LoadedExpression): QapiDefinition {
  const reader = new ExpressionReader(expression.value, expression.location);
  const meta = metaOf(reader);
  reader.checkKeys(meta, allowedKeys[meta]);
  const name = reader.string(meta)!;
  const common: DefinitionCommon = withCondition(
    { name, module: expression.module, location: expression.location, features: reader.features() },
    reader.condition(),
  );

  switch (meta) {
    case 'enum': {
      const prefix = reader.string('prefix');
      const values = reader.enumValues();
      return { ...common, meta, values, ...(prefix === undefined ? {} : { prefix }) };
    }
    case 'struct': {
      const base = reader.string('base');
      const data = reader.value('data') ?? reader.fail("a struct needs 'data'");
      const members = reader.members(data, "'data'");
      return { ...common, meta, members, ...(base === undefined ? {} : { base }) };
    }
    case 'union': {
      const base = reader.membersSpec('base');
      const discriminator = reader.string('discriminator');
      if ((base === undefined) !== (discriminator === undefined)) {
        reader.fail("a union needs both 'base' and 'discriminator', or neither (a simple union)");
      }
      return {
        ...common,
        meta,
        branches: reader.branches(true),
        ...(base === undefined ? {} : { base }),
        ...(discriminator === undefined ? {} : { discriminator }),
      };
    }
    case 'alternate':
      return { ...common, meta, branches: reader.branches(false) };
    case 'command': {
      const data = reader.membersSpec('data');
      const returns = reader.has('returns')
        ? reader.typeRef(reader.value('returns'), "'returns'")
        : undefined;
      const boxed = reader.flag('boxed', false);
      if (boxed && (data === undefined || !('typeName' in data))) {
        reader.fail("'boxed': true needs 'data' naming a type");
      }
      return {
        ...common,
        meta,
        boxed,
        successResponse: reader.flag('success-response', true),
        allowOob: reader.flag('allow-oob', false),
        allowPreconfig: reader.flag('allow-preconfig', false),
        coroutine: reader.flag('coroutine', false),
        generated: reader.flag('gen', true),
        ...(data === undefined ? {} : { data }),
        ...(returns === undefined ? {} : { returns }),
      };
    }
    case 'event': {
      const data = reader.membersSpec('data');
      const boxed = reader.flag('boxed', false);
      if (boxed && (data === undefined || !('typeName' in data))) {
        reader.fail("'boxed': true needs 'data' naming a type");
      }
      return { ...common, meta, boxed, ...(data === undefined ? {} : { data }) };
    }
  }
}
