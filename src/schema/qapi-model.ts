/**
 * The resolved schema: definitions kept for one build (their `if` conditions
 * evaluated), every type name checked, and each union's variants worked out.
 */

import { definitionSymbols, definitionsForBuild } from './qapi-build-filter.js';
import { qapiBuiltinTypes } from './qapi-builtins.js';
import type { QapiCondition } from './qapi-condition.js';
import {
  type QapiAlternateDefinition,
  type QapiCommandDefinition,
  type QapiDefinition,
  type QapiEnumDefinition,
  type QapiEventDefinition,
  type QapiMember,
  type QapiMembersSpec,
  type QapiStructDefinition,
  type QapiTypeDefinition,
  type QapiTypeRef,
  type QapiUnionDefinition,
  readDefinition,
} from './qapi-definitions.js';
import type { LoadedExpression } from './qapi-loader.js';
import { QapiSchemaError } from './qapi-syntax.js';

/** One alternative of a union: a discriminator value and the branch type it adds, if any. */
export interface UnionVariant {
  readonly value: string;
  readonly condition?: QapiCondition;
  readonly branch?: QapiTypeRef;
}

export interface ModelUnion extends QapiUnionDefinition {
  /** Flat union: one per value of the discriminator's enum, in enum order. Simple union: one per branch. */
  readonly variants: readonly UnionVariant[];
}

export type ModelType =
  | QapiEnumDefinition
  | QapiStructDefinition
  | QapiAlternateDefinition
  | ModelUnion;

export interface QapiSchemaModel {
  /** In schema order. */
  readonly types: readonly ModelType[];
  readonly commands: readonly QapiCommandDefinition[];
  readonly events: readonly QapiEventDefinition[];
  /** Every symbol that an `if` condition of the schema mentions, kept or not, sorted. */
  readonly conditionSymbols: readonly string[];
}

export interface ModelOptions {
  /**
   * Decides `if` conditions for the target build. Without it every
   * conditional definition is kept (and its condition shown in the output).
   */
  readonly isDefined?: (symbol: string) => boolean;
}

export function buildSchemaModel(
  expressions: readonly LoadedExpression[],
  options: ModelOptions = {},
): QapiSchemaModel {
  const allDefinitions = expressions.map(readDefinition);
  const definitions = options.isDefined
    ? definitionsForBuild(allDefinitions, options.isDefined)
    : allDefinitions;

  const types = new Map<string, QapiTypeDefinition>();
  const commands = new Map<string, QapiCommandDefinition>();
  const events = new Map<string, QapiEventDefinition>();
  for (const definition of definitions) {
    if (definition.meta === 'command') addUnique(commands, definition);
    else if (definition.meta === 'event') addUnique(events, definition);
    else addUnique(types, definition);
  }

  const resolver = new TypeResolver(types);
  for (const definition of definitions) resolver.check(definition);
  return {
    types: [...types.values()].map((type) =>
      type.meta === 'union' ? resolver.withVariants(type) : type,
    ),
    commands: [...commands.values()],
    events: [...events.values()],
    conditionSymbols: [...new Set(allDefinitions.flatMap(definitionSymbols))].sort(),
  };
}

function addUnique<T extends QapiDefinition>(table: Map<string, T>, definition: T): void {
  const { name, meta, location } = definition;
  if (meta !== 'command' && meta !== 'event' && qapiBuiltinTypes.has(name)) {
    throw new QapiSchemaError(`'${name}' is the name of a builtin type`, location);
  }
  if (table.has(name)) throw new QapiSchemaError(`'${name}' is defined twice`, location);
  table.set(name, definition);
}

class TypeResolver {
  constructor(private readonly types: ReadonlyMap<string, QapiTypeDefinition>) {}

  private fail(definition: QapiDefinition, message: string): never {
    throw new QapiSchemaError(
      `${definition.meta} '${definition.name}': ${message}`,
      definition.location,
    );
  }

  private expectType(definition: QapiDefinition, ref: QapiTypeRef | string, what: string): void {
    const name = typeof ref === 'string' ? ref : ref.name;
    if (!qapiBuiltinTypes.has(name) && !this.types.has(name)) {
      this.fail(definition, `${what} refers to '${name}', which is not defined (in this build)`);
    }
  }

  private expectObject(
    definition: QapiDefinition,
    name: string,
    what: string,
    allowed: readonly string[],
  ): QapiTypeDefinition {
    this.expectType(definition, name, what);
    const type = this.types.get(name);
    if (type === undefined || !allowed.includes(type.meta)) {
      this.fail(definition, `${what} '${name}' must be a ${allowed.join(' or ')}`);
    }
    return type;
  }

  private checkSpec(
    definition: QapiDefinition,
    spec: QapiMembersSpec | undefined,
    allowed: string[],
  ): void {
    if (spec === undefined) return;
    if ('typeName' in spec) this.expectObject(definition, spec.typeName, "'data'", allowed);
    else this.checkMembers(definition, spec.members);
  }

  private checkMembers(definition: QapiDefinition, members: readonly QapiMember[]): void {
    const names = new Set<string>();
    for (const member of members) {
      if (names.has(member.name)) this.fail(definition, `member '${member.name}' appears twice`);
      names.add(member.name);
      this.expectType(definition, member.type, `member '${member.name}'`);
    }
  }

  check(definition: QapiDefinition): void {
    switch (definition.meta) {
      case 'enum': {
        const names = new Set(definition.values.map((value) => value.name));
        if (names.size !== definition.values.length)
          this.fail(definition, 'an enum value appears twice');
        return;
      }
      case 'struct':
        if (definition.base !== undefined)
          this.expectObject(definition, definition.base, "'base'", ['struct']);
        this.checkMembers(definition, definition.members);
        return;
      case 'union':
        this.checkSpec(definition, definition.base, ['struct']);
        for (const branch of definition.branches) {
          if (definition.discriminator === undefined) {
            this.expectType(definition, branch.type, `branch '${branch.name}'`);
          } else if (branch.type.isArray) {
            this.fail(definition, `branch '${branch.name}' cannot be a list`);
          } else {
            this.expectObject(definition, branch.type.name, `branch '${branch.name}'`, [
              'struct',
              'union',
            ]);
          }
        }
        this.withVariants(definition);
        return;
      case 'alternate':
        for (const branch of definition.branches)
          this.expectType(definition, branch.type, `branch '${branch.name}'`);
        return;
      case 'command':
        this.checkSpec(
          definition,
          definition.data,
          definition.boxed ? ['struct', 'union'] : ['struct'],
        );
        if (definition.returns) this.expectType(definition, definition.returns, "'returns'");
        return;
      case 'event':
        this.checkSpec(
          definition,
          definition.data,
          definition.boxed ? ['struct', 'union'] : ['struct'],
        );
        return;
    }
  }

  /** Members of a struct including those of its bases, base first. */
  private allMembers(structName: string): QapiMember[] {
    const struct = this.types.get(structName);
    if (struct?.meta !== 'struct') return [];
    return [...(struct.base === undefined ? [] : this.allMembers(struct.base)), ...struct.members];
  }

  withVariants(union: QapiUnionDefinition): ModelUnion {
    const { base, discriminator } = union;
    if (base === undefined || discriminator === undefined) {
      return {
        ...union,
        variants: union.branches.map(({ name, type }) => ({ value: name, branch: type })),
      };
    }
    const baseMembers = 'typeName' in base ? this.allMembers(base.typeName) : base.members;
    const tag = baseMembers.find((member) => member.name === discriminator);
    if (tag === undefined)
      this.fail(union, `discriminator '${discriminator}' is not a member of the base`);
    const tagType = this.types.get(tag.type.name);
    if (tag.optional || tag.type.isArray || tagType?.meta !== 'enum') {
      this.fail(
        union,
        `discriminator '${discriminator}' must be a required member of an enum type`,
      );
    }
    const branches = new Map(union.branches.map((branch) => [branch.name, branch]));
    for (const name of branches.keys()) {
      if (!tagType.values.some((value) => value.name === name)) {
        this.fail(union, `branch '${name}' is not a value of enum '${tagType.name}'`);
      }
    }
    return {
      ...union,
      variants: tagType.values.map(({ name, condition }) => {
        const branch = branches.get(name);
        return {
          value: name,
          ...(condition === undefined ? {} : { condition }),
          ...(branch === undefined ? {} : { branch: branch.type }),
        };
      }),
    };
  }
}
