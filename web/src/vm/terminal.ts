/** xterm.js, loaded only by the console tabs that show a terminal. */
import type { Terminal } from '@xterm/xterm';

export async function openTerminal(
  parent: HTMLElement,
  options: { readOnly?: boolean } = {},
): Promise<Terminal> {
  const [{ Terminal }] = await Promise.all([
    import('@xterm/xterm'),
    import('@xterm/xterm/css/xterm.css'),
  ]);
  const terminal = new Terminal({
    convertEol: false,
    scrollback: 100_000,
    fontSize: 13,
    disableStdin: options.readOnly ?? false,
    cursorBlink: !options.readOnly,
  });
  terminal.open(parent);
  return terminal;
}

/** The terminal's whole buffer as text, scrollback included (what a user could scroll to). */
export function terminalText(terminal: Terminal): string {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++)
    lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  return lines.join('\n');
}

/** Lets a test (or a user's devtools) read the buffer: `element.terminalText()`. */
export function exposeTerminal(element: HTMLElement, terminal: Terminal): void {
  Object.defineProperty(element, 'terminalText', {
    value: () => terminalText(terminal),
    configurable: true,
  });
}
