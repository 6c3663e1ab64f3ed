import { bundledSchema, defaultQemuVersion } from '../../schema/bundled.js';
import { bashScript, zshScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { completionNodes } from '../completion/verb-tree.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { verbs } from '../verbs.js';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript };

/** Prints the completion script for a shell, generated from the verb table. */
export function run(_context: CliContext, [shell]: string[]) {
  if (!Object.hasOwn(SHELLS, shell!))
    throw new UsageError(`completion: no script for ${JSON.stringify(shell)}; bash, zsh or fish`);
  const commands = bundledSchema(defaultQemuVersion)?.qmpCommandNames ?? [];
  process.stdout.write(SHELLS[shell as keyof typeof SHELLS](completionNodes(verbs), commands));
  return 0;
}
