import { describe, expect, it } from '@jest/globals';
import { parseArgs, type ParsedArgs } from './args.js';

const auto = { color: 'auto' } as const;

describe('parseArgs', () => {
  const runs: [string[], ParsedArgs][] = [
    [['status'], { kind: 'run', command: { name: 'status', output: 'table' }, global: auto }],
    [['status', 'shop', '-o', 'json'], { kind: 'run', command: { name: 'status', output: 'json', workspace: 'shop' }, global: auto }],
    [['-ojson', 'status'], { kind: 'run', command: { name: 'status', output: 'json' }, global: auto }],
    [['matrix'], { kind: 'run', command: { name: 'matrix', workspaces: [], output: 'table' }, global: auto }],
    [['matrix', 'a', 'b', 'a', '--output=html'], { kind: 'run', command: { name: 'matrix', workspaces: ['a', 'b'], output: 'html' }, global: auto }],
    [['matrix', '-o=json', '--color', 'never'], { kind: 'run', command: { name: 'matrix', workspaces: [], output: 'json' }, global: { color: 'never' } }],
    [['--kubeconfig', '/k', '--context=dev', 'matrix'], { kind: 'run', command: { name: 'matrix', workspaces: [], output: 'table' }, global: { color: 'auto', kubeconfig: '/k', context: 'dev' } }],
    [['connect', 'a', 'b'], { kind: 'run', command: { name: 'connect', from: 'a', to: 'b', oneWay: false, ports: [] }, global: auto }],
    [
      ['connect', 'a', 'b', '--one-way', '--port', 'tcp/80', '--port=udp/53-54', '--port', '443'],
      { kind: 'run', command: { name: 'connect', from: 'a', to: 'b', oneWay: true, ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 53, endPort: 54 }, { protocol: 'TCP', port: 443 }] }, global: auto },
    ],
    [['disconnect', 'a', 'b'], { kind: 'run', command: { name: 'disconnect', a: 'a', b: 'b' }, global: auto }],
    [['isolate', 'db'], { kind: 'run', command: { name: 'isolate', project: 'db' }, global: auto }],
    [['open', 'db'], { kind: 'run', command: { name: 'open', project: 'db' }, global: auto }],
    [['workspace', 'bank', '--intra', 'deny'], { kind: 'run', command: { name: 'workspace', workspace: 'bank', intra: 'Deny' }, global: auto }],
    [['workspace', 'my.ws', '--intra=Allow'], { kind: 'run', command: { name: 'workspace', workspace: 'my.ws', intra: 'Allow' }, global: auto }],
    [['--', 'isolate', 'db'], { kind: 'run', command: { name: 'isolate', project: 'db' }, global: auto }],
  ];
  it.each(runs)('%j runs', (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  const helps: [string[], ParsedArgs][] = [
    [[], { kind: 'usageError', message: 'no command given', topic: undefined }],
    [['--help'], { kind: 'help', topic: undefined }],
    [['-h'], { kind: 'help', topic: undefined }],
    [['help'], { kind: 'help', topic: undefined }],
    [['help', 'connect'], { kind: 'help', topic: 'connect' }],
    [['connect', '--help'], { kind: 'help', topic: 'connect' }],
    // Help wins over anything else wrong with the line, as kubectl does.
    [['workspace', '-h'], { kind: 'help', topic: 'workspace' }],
    [['matrix', 'x', '-h', '-o', 'json'], { kind: 'help', topic: 'matrix' }],
    [['--version'], { kind: 'version' }],
  ];
  it.each(helps)('%j asks for help or the version', (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  const errors: [string[], string, string | undefined][] = [
    [['frobnicate'], 'unknown command "frobnicate"', undefined],
    [['help', 'nope'], 'unknown command "nope"', undefined],
    [['status', '--bogus'], 'unknown flag --bogus', 'status'],
    [['status', '-x'], 'unknown flag -x', 'status'],
    [['status', 'a', 'b'], 'status takes WORKSPACE; unexpected "b"', 'status'],
    [['status', '-o', 'html'], '-o must be one of table, json, not "html"', 'status'],
    [['status', '-o'], 'flag --output needs a value (FORMAT)', 'status'],
    [['status', '--one-way'], 'flag --one-way does not apply to status', 'status'],
    [['matrix', 'Bad_Name'], '"Bad_Name" is not a valid workspace name', 'matrix'],
    [['matrix', '--color', 'rainbow'], '--color must be auto, always or never, not "rainbow"', 'matrix'],
    [['matrix', '--context='], '--context needs a name', 'matrix'],
    [['connect', 'a'], 'connect needs FROM TO', 'connect'],
    [['connect', 'a', 'a'], 'cannot connect a to itself: a project always reaches itself', 'connect'],
    [['connect', 'a', 'B'], '"B" is not a valid project name (a namespace name: lower-case letters, digits and \'-\', at most 63)', 'connect'],
    [['connect', 'a', 'b', '--port', 'http'], 'invalid port "http": expected PROTOCOL/PORT or PROTOCOL/FIRST-LAST, e.g. tcp/80 or udp/5000-5010', 'connect'],
    [['connect', 'a', 'b', '--one-way=yes'], 'flag --one-way takes no value', 'connect'],
    [['connect', 'a', 'b', '--one-way', '--one-way'], 'flag --one-way given more than once', 'connect'],
    [['connect', 'a', 'b', ...Array.from({ length: 65 }, (_, i) => `--port=${i + 1}`)], 'at most 64 --port flags', 'connect'],
    [['disconnect', 'a', 'a'], 'disconnect needs two different projects', 'disconnect'],
    [['isolate'], 'isolate needs PROJECT', 'isolate'],
    [['isolate', 'a', 'b'], 'isolate takes PROJECT; unexpected "b"', 'isolate'],
    [['workspace', 'bank'], 'workspace needs --intra allow or --intra deny', 'workspace'],
    [['workspace', 'bank', '--intra', 'maybe'], '--intra must be allow or deny, not "maybe"', 'workspace'],
    [['open', 'a'.repeat(64)], `"${'a'.repeat(64)}" is not a valid project name (a namespace name: lower-case letters, digits and '-', at most 63)`, 'open'],
  ];
  it.each(errors)('%j is a usage error', (argv, message, topic) => {
    expect(parseArgs(argv)).toEqual({ kind: 'usageError', message, topic });
  });
});
