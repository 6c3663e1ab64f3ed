export type {
  ArgsOf,
  CommandName,
  CommandParameters,
  CommandSpec,
  ReturnOf,
  UntypedCommandMap,
  UntypedEventMap,
} from '../session/command-types.js';
