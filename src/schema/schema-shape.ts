/**
 * The shape of one version's schema as plain data: every type's members,
 * enum values and union variants, every command's arguments and result,
 * every event's data, with deprecation marks. Generated beside the types
 * (`shape.ts`) so that two bundled versions can be compared at run time
 * (`qmon schema diff --from 7.2 --to 10.0`) without QEMU's sources.
 */

import type { QapiFeature, QapiMember, QapiMembersSpec, QapiTypeRef } from './qapi-definitions.js';
import type { SchemaShape, ShapeEntry, ShapeMember, ShapeType } from './shape-types.js';

export type {
  SchemaShape,
  ShapeEntry,
  ShapeMember,
  ShapeMembers,
  ShapeType,
} from './shape-types.js';

import type { QapiSchemaModel } from './qapi-model.js';

const isDeprecated = (features: readonly QapiFeature[]) =>
  features.some((feature) => feature.name === 'deprecated');
const typeName = (ref: QapiTypeRef) => (ref.isArray ? `[${ref.name}]` : ref.name);

function memberShapes(members: readonly QapiMember[]): Record<string, ShapeMember> {
  const shapes: Record<string, ShapeMember> = {};
  for (const member of members) {
    shapes[member.name] = {
      type: typeName(member.type),
      ...(member.optional ? { optional: true } : {}),
      ...(isDeprecated(member.features) ? { deprecated: true } : {}),
    };
  }
  return shapes;
}

/** Keys sorted, so the generated text does not depend on schema order. */
function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function schemaShape(model: QapiSchemaModel): SchemaShape {
  const structs = new Map(
    model.types.flatMap((type) => (type.meta === 'struct' ? [[type.name, type] as const] : [])),
  );
  const allMembers = (name: string): QapiMember[] => {
    const struct = structs.get(name);
    if (!struct) return [];
    return [...(struct.base === undefined ? [] : allMembers(struct.base)), ...struct.members];
  };
  const specMembers = (spec: QapiMembersSpec | undefined) =>
    spec === undefined ? [] : 'typeName' in spec ? allMembers(spec.typeName) : spec.members;

  const types: Record<string, ShapeType> = {};
  for (const type of model.types) {
    const deprecated = isDeprecated(type.features) ? { deprecated: true as const } : {};
    switch (type.meta) {
      case 'enum': {
        const old = type.values.filter((value) => isDeprecated(value.features));
        types[type.name] = {
          kind: 'enum',
          values: type.values.map((value) => value.name),
          ...(old.length > 0 ? { deprecatedValues: old.map((value) => value.name) } : {}),
          ...deprecated,
        };
        break;
      }
      case 'struct':
        types[type.name] = {
          kind: 'struct',
          members: memberShapes(allMembers(type.name)),
          ...deprecated,
        };
        break;
      case 'union':
        types[type.name] = {
          kind: 'union',
          members: memberShapes(specMembers(type.base)),
          variants: Object.fromEntries(
            type.variants.map((variant) => [
              variant.value,
              variant.branch ? typeName(variant.branch) : '',
            ]),
          ),
          ...deprecated,
        };
        break;
      case 'alternate':
        types[type.name] = {
          kind: 'alternate',
          variants: Object.fromEntries(
            type.branches.map((branch) => [branch.name, typeName(branch.type)]),
          ),
          ...deprecated,
        };
        break;
    }
  }

  const entry = (
    definition: QapiSchemaModel['commands'][number] | QapiSchemaModel['events'][number],
  ): ShapeEntry => {
    const { data } = definition;
    const boxed = definition.boxed && data !== undefined && 'typeName' in data;
    return {
      ...(boxed ? { boxed: data.typeName } : { members: memberShapes(specMembers(data)) }),
      ...('returns' in definition && definition.returns
        ? { returns: typeName(definition.returns) }
        : {}),
      ...(isDeprecated(definition.features) ? { deprecated: true } : {}),
    };
  };
  return {
    types: sorted(types),
    commands: sorted(
      Object.fromEntries(model.commands.map((command) => [command.name, entry(command)])),
    ),
    events: sorted(Object.fromEntries(model.events.map((event) => [event.name, entry(event)]))),
  };
}

/** The text of `shape.ts`: both protocols' shapes as data. */
export function shapeModuleText(
  header: readonly string[],
  qmp: SchemaShape,
  qga: SchemaShape,
): string {
  return [
    ...header.map((line) => `// ${line}`),
    '',
    "import type { SchemaShape } from '../../shape-types.js';",
    '',
    `export const qmpShape: SchemaShape = ${JSON.stringify(qmp)};`,
    '',
    `export const qgaShape: SchemaShape = ${JSON.stringify(qga)};`,
    '',
  ].join('\n');
}
