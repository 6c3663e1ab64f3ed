/**
 * X keysyms for what the VNC console sends: pasted text typed as keystrokes
 * (US layout: a shifted character is typed with Shift held) and the special
 * keys a browser keeps for itself.
 */
export const KEY = {
  Shift: { keysym: 0xffe1, code: 'ShiftLeft' },
  Control: { keysym: 0xffe3, code: 'ControlLeft' },
  Alt: { keysym: 0xffe9, code: 'AltLeft' },
  Super: { keysym: 0xffeb, code: 'MetaLeft' },
  Escape: { keysym: 0xff1b, code: 'Escape' },
  Tab: { keysym: 0xff09, code: 'Tab' },
  Enter: { keysym: 0xff0d, code: 'Enter' },
  Backspace: { keysym: 0xff08, code: 'Backspace' },
  Delete: { keysym: 0xffff, code: 'Delete' },
  PrintScreen: { keysym: 0xff61, code: 'PrintScreen' },
} as const;

export type Key = { keysym: number; code: string | null };

export function functionKey(n: number): Key {
  return { keysym: 0xffbe + n - 1, code: `F${n}` };
}

const SHIFTED = '~!@#$%^&*()_+{}|:"<>?';

/** One keystroke per character: its keysym, and whether Shift must be held (US layout). */
export function keystrokes(text: string): { key: Key; shift: boolean }[] {
  const strokes: { key: Key; shift: boolean }[] = [];
  for (const char of text.replace(/\r\n?/g, '\n')) {
    if (char === '\n') strokes.push({ key: KEY.Enter, shift: false });
    else if (char === '\t') strokes.push({ key: KEY.Tab, shift: false });
    else {
      const point = char.codePointAt(0)!;
      // Latin-1 keysyms are the code points; others are 0x01000000 + the code point.
      const keysym = point < 0x100 ? point : 0x01000000 + point;
      const shift = (char >= 'A' && char <= 'Z') || SHIFTED.includes(char);
      strokes.push({ key: { keysym, code: null }, shift });
    }
  }
  return strokes;
}
