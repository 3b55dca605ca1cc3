import { describe, expect, it } from '@jest/globals';
import { COMMAND_NAMES, COMMANDS, FLAGS, GLOBAL_FLAGS } from './command-specs.js';
import { commandHelp, rootHelp, usageHint } from './help.js';

describe('help', () => {
  it('lists every command with its summary, and the exit codes', () => {
    const text = rootHelp();
    for (const name of COMMAND_NAMES) expect(text).toContain(`  ${name.padEnd(10)}  ${COMMANDS[name].summary}`);
    for (const code of ['0  success', '2  bad command line', '3  a named project', '4  the API server cannot be reached', '5  the API server refused', '6  check: a check failed']) expect(text).toContain(code);
  });

  it.each(COMMAND_NAMES)('%s --help shows usage, its own and the global flags, and examples', (name) => {
    const text = commandHelp(name);
    const spec = COMMANDS[name];
    expect(text).toContain(`  kubectl tenantnet ${spec.usage}\n`);
    for (const flag of [...spec.flags, ...GLOBAL_FLAGS]) expect(text).toContain(`--${flag}`);
    for (const example of spec.examples) expect(text).toContain(`  ${example}\n`);
    // completion's examples source the script; every other command's start with the command.
    if (name !== 'completion') expect(spec.examples.every((e) => e.startsWith(`kubectl tenantnet ${name}`))).toBe(true);
  });

  it('documents output formats where a command has them', () => {
    expect(commandHelp('matrix')).toContain('-o, --output table|wide|json|yaml|name|html');
    expect(commandHelp('status')).toContain('-o, --output table|wide|json|yaml|name');
    expect(commandHelp('why')).toContain('-o, --output table|wide|json|yaml|name');
    expect(commandHelp('connect')).toContain('--dry-run none|client|server');
    expect(commandHelp('connect')).toContain(`--port ${FLAGS.port.value ?? ''}`);
  });

  it('points at the right help page', () => {
    expect(usageHint(undefined)).toBe("Run 'kubectl tenantnet --help' for usage.");
    expect(usageHint('isolate')).toBe("Run 'kubectl tenantnet isolate --help' for usage.");
  });
});
