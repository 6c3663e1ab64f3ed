/**
 * Tells an HMP command's error output from its normal output. HMP has no
 * status: QEMU 7.2 prints errors as text, in the forms below, taken from its
 * monitor (monitor/hmp.c) and the command handlers (monitor/hmp-cmds.c,
 * monitor/misc.c, block/monitor/block-hmp-cmds.c, net/slirp.c, ui/input.c,
 * qom/qom-hmp-cmds.c, hw/pci/pcie_aer.c).
 */

/** Lines that only an error prints, wherever they appear in the output. */
const ERROR_LINES: readonly RegExp[] = [
  // hmp_handle_error(): every handler that gets an Error from the QMP layer.
  /^Error: /,
  // monitor_parse_command(): the command name.
  /^unknown command: '/,
  /^Command '.*' not available until machine initialization has completed\.$/,
  /^Command ".*" is not available\.$/,
  // handle_hmp_command(): every argument that does not parse ("'o' has failed: integer is
  // for 32-bit values", "drive_del: block device name expected", "invalid size", an
  // expression error, ...) ends with this line.
  /^Try "help .*" for more information$/,
  // Handlers that print their own error with error_report() or monitor_printf().
  /^Device '.*' (not found|has no medium)$/,
  /^Deleting device added with blockdev-add is not supported$/,
  /^'node-name' needs to be specified$/,
  /^'commit' error for '/,
  /^Can't hot-add drive to type /,
  /^invalid parameter: /,
  /^invalid format$/,
  /^invalid device specified$/,
  /^user mode network stack not in use$/,
  /^invalid CPU index$/,
  /^No CPU available$/,
  /^CPU#\d+ not available$/,
  /^argument vcpu must be positive/,
  /^unexpected (argument|option) /,
  /^Could not open gdbserver on device '/,
  /^Can not dump without CPU$/,
  /^Audiodev '.*' not found$/,
  /^Failed to add wave capture$/,
  /^Path '.*' could not be resolved\.$/,
  /^Input device '.*' is not a mouse$/,
  /^Mouse at index '.*' not found$/,
  /^Record\/replay is not active$/,
  /^invalid error status value\. /,
  /^failed to inject error: /,
  /^Expected 'password' after 'vnc'$/,
  /^invalid stats (target|provider) /,
  /^Incorrect period length specified!$/,
];

/**
 * Commands whose handler passes an arbitrary Error text straight to
 * error_report_err() (no "Error: " prefix): for these, what they print on
 * success is known, and anything else is the error.
 */
/** All of them as one multi-line pattern: a 3.8 MB `xp` dump is scanned once, not once per pattern and line. */
const ERROR_LINE = new RegExp(ERROR_LINES.map((pattern) => `(?:${pattern.source})`).join('|'), 'm');

const SUCCESS_OUTPUT: Readonly<Record<string, RegExp>> = {
  drive_add: /^(OK\n)?$/,
  drive_del: /^$/,
  'trace-event': /^$/,
  logfile: /^$/,
  boot_set: /^$/,
  hostfwd_add: /^$/,
  gpa2hva: /^Host virtual address for /,
  gpa2hpa: /^Host physical address for /,
};

/** The command's name as QEMU reads it: up to a space or a `/` (`x/4x`, `o/b`). */
function hmpCommandName(commandLine: string): string {
  return /^\s*([^\s/]*)/.exec(commandLine)![1]!;
}

/** Whether `output` (LF line ends) of `commandLine` is an error QEMU 7.2 printed. */
export function isHmpErrorOutput(commandLine: string, output: string): boolean {
  const success = SUCCESS_OUTPUT[hmpCommandName(commandLine)];
  if (success) return !success.test(output);
  return ERROR_LINE.test(output);
}
