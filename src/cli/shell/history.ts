import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const KEPT = 1000;

/** Where an interactive verb keeps its history between sessions (`$QMON_HISTORY_FILE` replaces it). */
export function historyFile(name = 'shell_history'): string {
  if (process.env.QMON_HISTORY_FILE) return process.env.QMON_HISTORY_FILE;
  const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'qmon', name);
}

/** Earlier lines, newest first, as readline wants them. */
export function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-KEPT).reverse();
  } catch {
    return [];
  }
}

export function appendHistory(file: string, line: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, `${line.replaceAll('\n', ' ')}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: an unwritable file must not break the shell.
  }
}
