/** Type-checks a set of TypeScript files with the compiler API, under the project's strict options. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** Returns one line per diagnostic (`file:line: message`); empty when the files compile. */
export function typecheck(files: ReadonlyMap<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'qmon-typecheck-'));
  try {
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    for (const [name, text] of files) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    const program = ts.createProgram({
      rootNames: [...files.keys()].map((name) => join(root, name)),
      options: {
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts'],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noUncheckedIndexedAccess: true,
        isolatedModules: true,
        verbatimModuleSyntax: true,
        noEmit: true,
        types: [],
      },
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${diagnostic.file.fileName.slice(root.length + 1)}:${line + 1}: ${message}`;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
