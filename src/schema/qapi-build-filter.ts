/**
 * Applies a build's `if` conditions to definitions: what the build lacks
 * (definitions, enum values, members, branches, features) is left out.
 */
import { conditionSymbols, evaluateCondition, type QapiCondition } from './qapi-condition.js';
import type {
  QapiDefinition,
  QapiFeature,
  QapiMember,
  QapiMembersSpec,
} from './qapi-definitions.js';

export function definitionsForBuild(
  definitions: readonly QapiDefinition[],
  isDefined: (symbol: string) => boolean,
): QapiDefinition[] {
  const keep: Keep = (item) =>
    item.condition === undefined || evaluateCondition(item.condition, isDefined);
  return definitions.filter(keep).map((definition) => pruneDefinition(definition, keep));
}

/** Every symbol mentioned by a condition anywhere in the definition. */
export function definitionSymbols(definition: QapiDefinition): string[] {
  const conditioned: { readonly condition?: QapiCondition }[] = [
    definition,
    ...definition.features,
  ];
  const addMembers = (members: readonly QapiMember[]) => {
    for (const member of members) conditioned.push(member, ...member.features);
  };
  switch (definition.meta) {
    case 'enum':
      for (const value of definition.values) conditioned.push(value, ...value.features);
      break;
    case 'struct':
      addMembers(definition.members);
      break;
    case 'union':
    case 'alternate':
      conditioned.push(...definition.branches);
      if (definition.meta === 'union' && definition.base && 'members' in definition.base) {
        addMembers(definition.base.members);
      }
      break;
    case 'command':
    case 'event':
      if (definition.data && 'members' in definition.data) addMembers(definition.data.members);
      break;
  }
  return conditioned.flatMap((item) => (item.condition ? conditionSymbols(item.condition) : []));
}

type Keep = (item: { readonly condition?: QapiCondition }) => boolean;

function pruneMembers(members: readonly QapiMember[], keep: Keep): QapiMember[] {
  return members
    .filter(keep)
    .map((member) => ({ ...member, features: member.features.filter(keep) }));
}

function pruneSpec(spec: QapiMembersSpec | undefined, keep: Keep): QapiMembersSpec | undefined {
  if (spec === undefined || 'typeName' in spec) return spec;
  return { members: pruneMembers(spec.members, keep) };
}

function pruneDefinition(definition: QapiDefinition, keep: Keep): QapiDefinition {
  const features: QapiFeature[] = definition.features.filter(keep);
  switch (definition.meta) {
    case 'enum':
      return {
        ...definition,
        features,
        values: definition.values
          .filter(keep)
          .map((value) => ({ ...value, features: value.features.filter(keep) })),
      };
    case 'struct':
      return { ...definition, features, members: pruneMembers(definition.members, keep) };
    case 'union': {
      const base = pruneSpec(definition.base, keep);
      return {
        ...definition,
        features,
        branches: definition.branches.filter(keep),
        ...(base ? { base } : {}),
      };
    }
    case 'alternate':
      return { ...definition, features, branches: definition.branches.filter(keep) };
    case 'command':
    case 'event': {
      const data = pruneSpec(definition.data, keep);
      return { ...definition, features, ...(data ? { data } : {}) };
    }
  }
}
