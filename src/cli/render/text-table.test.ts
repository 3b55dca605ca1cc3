import { describe, expect, it } from '@jest/globals';
import { colorEnabled, createStyle, phaseTone, visibleLength } from './style.js';
import { textTable } from './text-table.js';

describe('textTable', () => {
  it('aligns columns on the widest cell and trims trailing blanks', () => {
    expect(textTable(['NAME', 'N'], [['a', '10'], ['long-name', '7']], { rightAligned: [1] })).toBe(['NAME        N', 'a          10', 'long-name   7'].join('\n'));
  });

  it('ignores colour codes when measuring', () => {
    const bold = createStyle(true);
    const table = textTable(['A', 'B'], [[bold.paint('good', 'ok'), 'x'], ['longer', 'y']]);
    expect(table.split('\n').map(visibleLength)).toEqual([9, 9, 9]);
    expect(table).toContain('\u001b[32mok\u001b[0m      x');
  });

  it('indents every line', () => {
    expect(textTable(['A'], [['b']], { indent: '  ' })).toBe('  A\n  b');
  });
});

describe('style', () => {
  it('paints only when enabled', () => {
    expect(createStyle(false).paint('bad', 'x')).toBe('x');
    expect(createStyle(true).paint('bad', 'x')).toBe('\u001b[31mx\u001b[0m');
    expect(createStyle(true).paint('plain', 'x')).toBe('x');
  });

  const env = (e: Record<string, string>): Record<string, string | undefined> => e;
  it.each([
    ['auto', true, env({}), true],
    ['auto', false, env({}), false],
    ['auto', true, env({ NO_COLOR: '1' }), false],
    ['auto', true, env({ NO_COLOR: '' }), true],
    ['auto', true, env({ TERM: 'dumb' }), false],
    ['always', false, env({ NO_COLOR: '1' }), true],
    ['never', true, env({}), false],
  ] as const)('colour %s, tty %s, env %j -> %s', (mode, tty, e, expected) => {
    expect(colorEnabled(mode, tty, e)).toBe(expected);
  });

  it.each([
    ['Ready', 'good'],
    ['Failed', 'bad'],
    ['Provisioning', 'warn'],
    ['Pending', 'warn'],
    [undefined, 'dim'],
  ] as const)('phase %s is %s', (phase, tone) => {
    expect(phaseTone(phase)).toBe(tone);
  });
});
