/**
 * libvirt's protocol definitions → one TypeScript module: constants, enums,
 * interfaces and XDR codecs for the selected procedures and everything they
 * reference, and the procedure table. Also writes the subset of the `.x`
 * sources it used, from which the same module can be generated again.
 */
import type { XdrDeclaration, XdrDefinition, XdrTypeRef } from './xdr-parser.js';

export interface Selection {
  remote: readonly string[];
  qemu: readonly string[];
  extraTypes: readonly string[];
  headerConstants: Record<string, number>;
}

export interface Generated {
  typescript: string;
  subset: string;
}

const PROGRAMS = [
  {
    key: 'remote',
    enumName: 'remote_procedure',
    prefix: 'REMOTE_PROC_',
    typePrefix: 'remote_',
    program: 'REMOTE_PROGRAM',
    tsPrefix: '',
  },
  {
    key: 'qemu',
    enumName: 'qemu_procedure',
    prefix: 'QEMU_PROC_',
    typePrefix: 'qemu_',
    program: 'QEMU_PROGRAM',
    tsPrefix: 'QEMU_',
  },
] as const;

export function pascal(name: string): string {
  return name
    .split('_')
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

export function camel(name: string): string {
  const p = pascal(name);
  return p[0]!.toLowerCase() + p.slice(1);
}

export function generate(
  definitions: XdrDefinition[],
  selection: Selection,
  label: string,
): Generated {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const enumMember = new Map<string, string>();
  for (const d of definitions)
    if (d.kind === 'enum') for (const m of d.members) enumMember.set(m.name, m.value);

  const kept = new Set<string>();
  const visitName = (name: string | undefined): void => {
    if (name === undefined || /^-?(0x)?[0-9a-fA-F]+$/.test(name) || kept.has(name)) return;
    if (name in selection.headerConstants) return;
    const definition = byName.get(name);
    if (!definition) {
      if (enumMember.has(name)) return;
      throw new Error(`${name} is referenced but not defined`);
    }
    kept.add(name);
    visitDefinition(definition);
  };
  const visitDeclaration = (d: XdrDeclaration | null | undefined): void => {
    if (!d) return;
    if (d.type.kind === 'named') visitName(d.type.name);
    visitName(d.array?.bound);
  };
  const visitDefinition = (d: XdrDefinition): void => {
    if (d.kind === 'typedef') visitDeclaration(d.declaration);
    if (d.kind === 'struct') d.fields.forEach(visitDeclaration);
    if (d.kind === 'union') {
      visitDeclaration(d.discriminant);
      for (const arm of d.arms) {
        arm.cases.forEach(visitName);
        visitDeclaration(arm.declaration);
      }
      visitDeclaration(d.defaultArm);
    }
  };

  const procedures: {
    key: string;
    program: string;
    number: string;
    args?: string;
    ret?: string;
    msg?: string;
  }[] = [];
  const subsetEnums: string[] = [];
  for (const program of PROGRAMS) {
    const procEnum = byName.get(program.enumName);
    if (procEnum?.kind !== 'enum') throw new Error(`${program.enumName} not found`);
    const members: string[] = [];
    for (const name of selection[program.key]) {
      const member = procEnum.members.find((m) => m.name === program.prefix + name);
      if (!member) throw new Error(`${program.prefix}${name} is not in ${program.enumName}`);
      members.push(`    ${member.name} = ${member.value}`);
      const base = program.typePrefix + name.toLowerCase();
      const entry: (typeof procedures)[number] = {
        key: program.tsPrefix + name,
        program: program.program,
        number: member.value,
      };
      for (const suffix of ['args', 'ret', 'msg'] as const) {
        if (byName.has(`${base}_${suffix}`)) {
          entry[suffix] = `${base}_${suffix}`;
          visitName(`${base}_${suffix}`);
        }
      }
      procedures.push(entry);
    }
    visitName(program.program);
    visitName(program.program.replace('PROGRAM', 'PROTOCOL_VERSION'));
    subsetEnums.push(`enum ${program.enumName} {\n${members.join(',\n')}\n};`);
  }
  for (const name of selection.extraTypes) visitName(name);

  const ordered = definitions.filter((d) => kept.has(d.name));
  const constValue = (name: string): string => {
    if (name in selection.headerConstants) return String(selection.headerConstants[name]);
    if (/^-?(0x)?[0-9a-fA-F]+$/.test(name)) return String(Number(name));
    if (kept.has(name)) return name;
    const member = enumMember.get(name);
    if (member !== undefined) return String(Number(member));
    throw new Error(`unknown constant ${name}`);
  };

  const tsType = (d: XdrDeclaration): string => {
    let base = baseTsType(d.type);
    if (d.array && d.type.kind !== 'string' && d.type.kind !== 'opaque') base = `${base}[]`;
    return d.optional ? `${base} | null` : base;
  };
  const baseTsType = (t: XdrTypeRef): string => {
    switch (t.kind) {
      case 'int':
      case 'float':
      case 'double':
        return 'number';
      case 'hyper':
        return 'bigint';
      case 'bool':
        return 'boolean';
      case 'void':
        return 'void';
      case 'string':
        return 'string';
      case 'opaque':
        return 'Buffer';
      case 'named': {
        const target = byName.get(t.name);
        return target?.kind === 'enum' ? 'number' : pascal(t.name);
      }
    }
  };
  const codecOf = (d: XdrDeclaration): string => {
    const bound = d.array?.bound === undefined ? '' : constValue(d.array.bound);
    let codec: string;
    if (d.type.kind === 'string') codec = `xdr.string(${bound})`;
    else if (d.type.kind === 'opaque')
      codec = d.array?.fixed ? `xdr.fixedOpaque(${bound})` : `xdr.opaque(${bound})`;
    else {
      codec = baseCodec(d.type);
      if (d.array)
        codec = d.array.fixed
          ? `xdr.fixedArray(${codec}, ${bound})`
          : `xdr.array(${codec}${bound ? `, ${bound}` : ''})`;
    }
    return d.optional ? `xdr.optional(${codec})` : codec;
  };
  const baseCodec = (t: XdrTypeRef): string => {
    switch (t.kind) {
      case 'int':
        return t.unsigned ? 'xdr.uint' : 'xdr.int';
      case 'hyper':
        return t.unsigned ? 'xdr.uhyper' : 'xdr.hyper';
      case 'bool':
        return 'xdr.bool';
      case 'float':
        return 'xdr.float';
      case 'double':
        return 'xdr.double';
      case 'void':
        return 'xdr.voidCodec';
      case 'named': {
        const target = byName.get(t.name);
        return target?.kind === 'enum' ? 'xdr.int' : camel(t.name);
      }
      default:
        throw new Error(`no codec for ${t.kind}`);
    }
  };

  const out: string[] = [
    `// Generated by src/libvirt/generator from ${label}`,
    '// (remote_protocol.x, qemu_protocol.x, virnetprotocol.x). Do not edit:',
    '// run `bash scripts/generate-libvirt.sh`.',
    '',
    "import * as xdr from '../xdr.js';",
    '',
  ];
  for (const [name, value] of Object.entries(selection.headerConstants)) {
    if (ordered.some((d) => JSON.stringify(d).includes(`"${name}"`)))
      out.push(`/** From libvirt's C headers. */`, `export const ${name} = ${value};`, '');
  }
  for (const d of ordered) {
    switch (d.kind) {
      case 'const':
        out.push(`export const ${d.name} = ${d.value};`, '');
        break;
      case 'enum':
        out.push(
          `export const ${pascal(d.name)} = {`,
          ...d.members.map((m) => `  ${m.name}: ${Number(m.value)},`),
          '} as const;',
          '',
        );
        break;
      case 'typedef':
        out.push(
          `export type ${pascal(d.name)} = ${tsType(d.declaration)};`,
          `export const ${camel(d.name)}: xdr.Codec<${pascal(d.name)}> = ${codecOf(d.declaration)};`,
          '',
        );
        break;
      case 'struct':
        out.push(
          `export interface ${pascal(d.name)} {`,
          ...d.fields.map((f) => `  ${f.name}: ${tsType(f)};`),
          '}',
          `export const ${camel(d.name)}: xdr.Codec<${pascal(d.name)}> = xdr.struct<${pascal(d.name)}>({`,
          ...d.fields.map((f) => `  ${f.name}: ${codecOf(f)},`),
          '});',
          '',
        );
        break;
      case 'union': {
        const tag = d.discriminant.name;
        const variants = d.arms.map((arm) => {
          const values = arm.cases.map(constValue).join(' | ');
          return arm.declaration
            ? `{ ${tag}: ${values}; ${arm.declaration.name}: ${tsType(arm.declaration)} }`
            : `{ ${tag}: ${values} }`;
        });
        if (d.defaultArm !== undefined)
          variants.push(
            d.defaultArm
              ? `{ ${tag}: number; ${d.defaultArm.name}: ${tsType(d.defaultArm)} }`
              : `{ ${tag}: number }`,
          );
        const armEntries = d.arms.flatMap((arm) =>
          arm.cases.map(
            (c) =>
              `  ${constValue(c)}: ${arm.declaration ? `['${arm.declaration.name}', ${codecOf(arm.declaration)}]` : 'null'},`,
          ),
        );
        const defaultArm =
          d.defaultArm === undefined
            ? ''
            : d.defaultArm
              ? `, ['${d.defaultArm.name}', ${codecOf(d.defaultArm)}]`
              : ', null';
        out.push(
          `export type ${pascal(d.name)} =\n${variants.map((v) => `  | ${v}`).join('\n')};`,
          `export const ${camel(d.name)}: xdr.Codec<${pascal(d.name)}> = xdr.union<${pascal(d.name)}>('${tag}', ${baseCodec(d.discriminant.type)}, {`,
          ...armEntries,
          `}${defaultArm});`,
          '',
        );
        break;
      }
    }
  }

  out.push(
    '/** Every generated procedure: its program, number and the codecs of its arguments, reply or event message. */',
    'export const procedures = {',
  );
  for (const p of procedures) {
    const fields = [`program: ${p.program}`, `procedure: ${Number(p.number)}`];
    fields.push(`args: ${p.args ? camel(p.args) : 'xdr.voidCodec'}`);
    fields.push(`ret: ${p.ret ? camel(p.ret) : 'xdr.voidCodec'}`);
    if (p.msg) fields.push(`msg: ${camel(p.msg)}`);
    out.push(`  ${p.key}: { ${fields.join(', ')} },`);
  }
  out.push('} as const;', '');

  const subset = [
    `/* The definitions of ${label} that src/libvirt/generated/protocol.ts is generated from: */`,
    '/* a subset of remote_protocol.x, qemu_protocol.x and virnetprotocol.x (LGPL-2.1-or-later, */',
    '/* Copyright Red Hat, Inc.), comments removed. Regenerate with scripts/generate-libvirt.sh. */',
    '',
    ...ordered.map((d) => d.source.trim()),
    ...subsetEnums,
    '',
  ].join('\n\n');
  return { typescript: out.join('\n'), subset };
}
