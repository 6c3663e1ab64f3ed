/** One exported TypeScript declaration per QAPI type. */
import type {
  QapiAlternateDefinition,
  QapiEnumDefinition,
  QapiStructDefinition,
} from './qapi-definitions.js';
import type { ModelType, ModelUnion, UnionVariant } from './qapi-model.js';
import {
  annotationComment,
  annotationLines,
  emptyObjectType,
  memberLines,
  typeRefText,
} from './typescript-members.js';
import { jsDoc, propertyKey, stringLiteral } from './typescript-syntax.js';

/**
 * Names for the implicit types the declarations need besides the schema's own:
 * today only the inline `base` of a union, which becomes `<Union>Base`.
 */
export function implicitTypeNames(types: readonly ModelType[]): Map<string, string> {
  const taken = new Set(types.map((type) => type.name));
  const names = new Map<string, string>();
  for (const type of types) {
    if (type.meta !== 'union' || type.base === undefined || 'typeName' in type.base) continue;
    let name = `${type.name}Base`;
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    names.set(type.name, name);
  }
  return names;
}

export function declarationLines(
  type: ModelType,
  inlineBaseNames: ReadonlyMap<string, string>,
): string[] {
  const doc = jsDoc(annotationLines(type), '');
  switch (type.meta) {
    case 'enum':
      return [...doc, ...enumLines(type)];
    case 'struct':
      return [...doc, ...structLines(type)];
    case 'alternate':
      return [...doc, ...alternateLines(type)];
    case 'union':
      return unionLines(type, doc, inlineBaseNames.get(type.name));
  }
}

interface Alternative {
  readonly text: string;
  /** A trailing `//` comment, or an empty string. */
  readonly comment: string;
}

/** `export type Name = | A | B;`, one alternative per line. */
function unionOf(name: string, alternatives: readonly Alternative[]): string[] {
  if (alternatives.length === 0) return [`export type ${name} = never;`];
  const last = alternatives.length - 1;
  return [
    `export type ${name} =`,
    ...alternatives.map(
      ({ text, comment }, index) => `  | ${text}${index === last ? ';' : ''}${comment}`,
    ),
  ];
}

function enumLines(type: QapiEnumDefinition): string[] {
  return unionOf(
    type.name,
    type.values.map((value) => ({
      text: stringLiteral(value.name),
      comment: annotationComment(value),
    })),
  );
}

function structLines(type: QapiStructDefinition): string[] {
  const heritage = type.base === undefined ? '' : ` extends ${type.base}`;
  if (type.members.length === 0) return [`export interface ${type.name}${heritage} {}`];
  return [`export interface ${type.name}${heritage} {`, ...memberLines(type.members, '  '), '}'];
}

function alternateLines(type: QapiAlternateDefinition): string[] {
  return unionOf(
    type.name,
    type.branches.map((branch) => ({
      text: typeRefText(branch.type),
      comment: annotationComment({ ...branch, features: [] }),
    })),
  );
}

function unionLines(type: ModelUnion, doc: string[], inlineBaseName: string | undefined): string[] {
  const { base, discriminator } = type;
  if (base === undefined || discriminator === undefined) {
    // A legacy simple union travels as { type: <branch name>, data: <branch> }.
    return [
      ...doc,
      ...unionOf(
        type.name,
        type.variants.map((variant) => ({
          text: `{ type: ${stringLiteral(variant.value)}; data: ${variant.branch ? typeRefText(variant.branch) : emptyObjectType} }`,
          comment: annotationComment({ ...variant, features: [] }),
        })),
      ),
    ];
  }
  const baseLines: string[] = [];
  let baseName: string;
  if ('typeName' in base) {
    baseName = base.typeName;
  } else {
    baseName = inlineBaseName ?? `${type.name}Base`;
    baseLines.push(
      `/** The members common to every variant of {@link ${type.name}}. */`,
      `export interface ${baseName} {`,
      ...memberLines(base.members, '  '),
      '}',
      '',
    );
  }
  const variantAlternative = (variant: UnionVariant): Alternative => {
    const parts = [baseName, `{ ${propertyKey(discriminator)}: ${stringLiteral(variant.value)} }`];
    if (variant.branch) parts.push(typeRefText(variant.branch));
    return {
      text: `(${parts.join(' & ')})`,
      comment: annotationComment({ ...variant, features: [] }),
    };
  };
  return [...baseLines, ...doc, ...unionOf(type.name, type.variants.map(variantAlternative))];
}
