/**
 * The protocol part of a generated file: the command map (name → args and
 * returns), the event map (name → data), the lists of names and each
 * command's runtime metadata.
 */

import { type ManualLinks, manualLink } from './manual-links.js';
import type {
  QapiCommandDefinition,
  QapiEventDefinition,
  QapiMembersSpec,
} from './qapi-definitions.js';
import {
  annotationLines,
  emptyObjectType,
  isDeprecated,
  isUnstable,
  objectTypeText,
  typeRefText,
} from './typescript-members.js';
import { jsDoc, propertyKey, stringLiteral } from './typescript-syntax.js';

/** The exported names for one protocol, e.g. prefix `Qmp` gives `QmpCommandMap`, `qmpCommandNames`. */
export interface ProtocolNames {
  readonly commandMap: string;
  readonly commandName: string;
  readonly commandNames: string;
  readonly commandMetadata: string;
  readonly eventMap: string;
  readonly eventName: string;
  readonly eventNames: string;
}

export function protocolNames(prefix: string): ProtocolNames {
  const lower = prefix.charAt(0).toLowerCase() + prefix.slice(1);
  return {
    commandMap: `${prefix}CommandMap`,
    commandName: `${prefix}CommandName`,
    commandNames: `${lower}CommandNames`,
    commandMetadata: `${lower}CommandMetadata`,
    eventMap: `${prefix}EventMap`,
    eventName: `${prefix}EventName`,
    eventNames: `${lower}EventNames`,
  };
}

const byName = <T extends { readonly name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Command arguments or event data: a named type's members, or inline members. */
function payloadText(spec: QapiMembersSpec | undefined, indent: string): string {
  if (spec === undefined) return emptyObjectType;
  if ('typeName' in spec) return spec.typeName;
  return objectTypeText(spec.members, indent);
}

/**
 * `gen: false` commands unmarshal their arguments by hand and take keys beyond
 * the declared ones (`device_add` passes them on as device properties).
 */
function argsText(command: QapiCommandDefinition): string {
  const declared = payloadText(command.data, '    ');
  return command.generated ? declared : `${declared} & { [property: string]: unknown }`;
}

function entryDoc(
  definition: QapiCommandDefinition | QapiEventDefinition,
  manual: ManualLinks,
): string[] {
  const link = manualLink(manual, definition.meta, definition.module, definition.name);
  return jsDoc([...annotationLines(definition), `@see ${link}`], '  ');
}

export function commandMapLines(
  commands: readonly QapiCommandDefinition[],
  names: ProtocolNames,
  manual: ManualLinks,
): string[] {
  const lines = [
    '/** Every command: its arguments (`Record<string, never>` when it takes none) and what it returns. */',
    `export interface ${names.commandMap} {`,
  ];
  for (const command of byName(commands)) {
    const returns = command.returns ? typeRefText(command.returns) : emptyObjectType;
    lines.push(
      ...entryDoc(command, manual),
      `  ${propertyKey(command.name)}: {`,
      `    args: ${argsText(command)};`,
      `    returns: ${returns};`,
      '  };',
    );
  }
  lines.push(
    '}',
    '',
    `export type ${names.commandName} = keyof ${names.commandMap};`,
    '',
    `export const ${names.commandNames} = [`,
    ...byName(commands).map((command) => `  ${stringLiteral(command.name)},`),
    `] as const satisfies readonly ${names.commandName}[];`,
    '',
    `export const ${names.commandMetadata}: { readonly [Name in ${names.commandName}]: CommandMetadata } = {`,
    ...byName(commands).map((command) => {
      const info = [
        `allowOob: ${command.allowOob}`,
        `successResponse: ${command.successResponse}`,
        `deprecated: ${isDeprecated(command)}`,
        `unstable: ${isUnstable(command)}`,
      ];
      return `  ${propertyKey(command.name)}: { ${info.join(', ')} },`;
    }),
    '};',
  );
  return lines;
}

export function eventMapLines(
  events: readonly QapiEventDefinition[],
  names: ProtocolNames,
  manual: ManualLinks,
): string[] {
  const lines = [
    '/** Every event and its `data` (`Record<string, never>` when it has none). */',
    `export interface ${names.eventMap} {`,
  ];
  for (const event of byName(events)) {
    lines.push(
      ...entryDoc(event, manual),
      `  ${propertyKey(event.name)}: ${payloadText(event.data, '  ')};`,
    );
  }
  lines.push(
    '}',
    '',
    `export type ${names.eventName} = keyof ${names.eventMap};`,
    '',
    `export const ${names.eventNames} = [`,
    ...byName(events).map((event) => `  ${stringLiteral(event.name)},`),
    `] as const satisfies readonly ${names.eventName}[];`,
  );
  return lines;
}
