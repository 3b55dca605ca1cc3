// ANSI colours for terminal output; a disabled style returns the text unchanged, so renderers
// produce plain text for pipes and files from the same code.

const ESC = String.fromCharCode(27);

export type Tone = 'good' | 'warn' | 'bad' | 'dim' | 'bold' | 'plain';

export interface Style {
  readonly enabled: boolean;
  paint(tone: Tone, text: string): string;
}

const CODES: Readonly<Record<Exclude<Tone, 'plain'>, string>> = {
  good: '32',
  warn: '33',
  bad: '31',
  dim: '2',
  bold: '1',
};

export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    paint: (tone, text) => (!enabled || tone === 'plain' || text === '' ? text : `${ESC}[${CODES[tone]}m${text}${ESC}[0m`),
  };
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org), or as forced by --color. */
export function colorEnabled(mode: 'auto' | 'always' | 'never', isTty: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (mode !== 'auto') return mode === 'always';
  return isTty && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

/** Tone of a `status.phase`. */
export function phaseTone(phase: string | undefined): Tone {
  switch (phase) {
    case 'Ready':
      return 'good';
    case 'Failed':
      return 'bad';
    case undefined:
      return 'dim';
    default:
      return 'warn';
  }
}

const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** Width on a terminal: escape sequences take none; every code point takes one column. */
export function visibleLength(text: string): number {
  return Array.from(text.replace(ANSI, '')).length;
}
