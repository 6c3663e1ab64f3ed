export type { HmpCommandName, HmpSubCommand } from './command-line.js';
export { hmpAliases, parseHmpCommandName } from './command-line.js';
export { HMP_COMMANDS, HMP_INFO_COMMANDS } from './command-table.js';
export type { HmpParserEvent } from './console-parser.js';
export { HMP_PROMPT, HmpConsoleParser } from './console-parser.js';
export {
  HmpCommandError,
  InvalidCommandLineError,
  NoPromptError,
  NotHmpError,
} from './errors.js';
export type { HmpCompletion, HmpHelpLine } from './help-completion.js';
export { HmpHelpCompleter, hmpCommandNames } from './help-completion.js';
export type { HmpConnectOptions, HmpRunOptions } from './hmp-console.js';
export {
  DEFAULT_HMP_COMMAND_TIMEOUT_MS,
  DEFAULT_PROMPT_TIMEOUT_MS,
  HmpConsole,
  MAX_HMP_COMMAND_BYTES,
} from './hmp-console.js';
export { HMP_MAX_LINE_BYTES, HmpLineEditor } from './line-editor.js';
