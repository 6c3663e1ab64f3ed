/** QAPI type references, members and annotations as TypeScript text. */
import { qapiBuiltinTypes, qtypeValues } from './qapi-builtins.js';
import { formatCondition, type QapiCondition } from './qapi-condition.js';
import type { QapiFeature, QapiMember, QapiTypeRef } from './qapi-definitions.js';
import { jsDoc, propertyKey, stringLiteral } from './typescript-syntax.js';

/** What QEMU answers for a command without `returns`, and the arguments of one without `data`. */
export const emptyObjectType = 'Record<string, never>';

const builtinText = {
  string: 'string',
  number: 'number',
  wideInteger: 'number | bigint',
  boolean: 'boolean',
  null: 'null',
  value: 'unknown',
  qtype: qtypeValues.map(stringLiteral).join(' | '),
} as const;

export function typeRefText(ref: QapiTypeRef): string {
  const builtin = qapiBuiltinTypes.get(ref.name);
  const element = builtin === undefined ? ref.name : builtinText[builtin];
  if (!ref.isArray) return element;
  return builtin === 'qtype' || builtin === 'wideInteger' ? `(${element})[]` : `${element}[]`;
}

interface Annotated {
  readonly condition?: QapiCondition;
  readonly features: readonly QapiFeature[];
}

export function isDeprecated(item: Annotated): boolean {
  return item.features.some((feature) => feature.name === 'deprecated');
}

export function isUnstable(item: Annotated): boolean {
  return item.features.some((feature) => feature.name === 'unstable');
}

/** JSDoc lines for the build condition and the features of a definition, member or value. */
export function annotationLines(item: Annotated): string[] {
  const lines: string[] = [];
  if (item.condition) lines.push(`Build condition: \`${formatCondition(item.condition)}\``);
  const others = item.features.filter((f) => f.name !== 'deprecated' && f.name !== 'unstable');
  if (others.length > 0)
    lines.push(`QAPI features: ${others.map((f) => `\`${f.name}\``).join(', ')}`);
  if (isDeprecated(item)) lines.push('@deprecated');
  if (isUnstable(item)) lines.push('@experimental QAPI feature `unstable`');
  return lines;
}

/** The same as annotationLines, on one line, for a trailing `//` comment. */
export function annotationComment(item: Annotated): string {
  const parts: string[] = [];
  if (item.condition) parts.push(`if ${formatCondition(item.condition)}`);
  for (const feature of item.features) parts.push(feature.name);
  return parts.length === 0 ? '' : ` // ${parts.join('; ')}`;
}

export function memberLines(members: readonly QapiMember[], indent: string): string[] {
  return members.flatMap((member) => [
    ...jsDoc(annotationLines(member), indent),
    `${indent}${propertyKey(member.name)}${member.optional ? '?' : ''}: ${typeRefText(member.type)};`,
  ]);
}

/** An inline object type for members; `indent` is that of the line the type starts on. */
export function objectTypeText(members: readonly QapiMember[], indent: string): string {
  if (members.length === 0) return emptyObjectType;
  return ['{', ...memberLines(members, `${indent}  `), `${indent}}`].join('\n');
}
