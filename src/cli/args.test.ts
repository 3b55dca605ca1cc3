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
    [['connect', 'a', 'b'], { kind: 'run', command: { name: 'connect', from: 'a', to: 'b', oneWay: false, ports: [], dryRun: 'none' }, global: auto }],
    [
      ['connect', 'a', 'b', '--one-way', '--port', 'tcp/80', '--port=udp/53-54', '--port', '443'],
      { kind: 'run', command: { name: 'connect', from: 'a', to: 'b', oneWay: true, ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 53, endPort: 54 }, { protocol: 'TCP', port: 443 }], dryRun: 'none' }, global: auto },
    ],
    [['disconnect', 'a', 'b', '--dry-run=server'], { kind: 'run', command: { name: 'disconnect', a: 'a', b: 'b', dryRun: 'server' }, global: auto }],
    [['isolate', 'db', '--dry-run', 'client'], { kind: 'run', command: { name: 'isolate', project: 'db', dryRun: 'client' }, global: auto }],
    [['open', 'db'], { kind: 'run', command: { name: 'open', project: 'db', dryRun: 'none' }, global: auto }],
    [['workspace', 'bank', '--intra', 'deny'], { kind: 'run', command: { name: 'workspace', workspace: 'bank', intra: 'Deny', dryRun: 'none' }, global: auto }],
    [['workspace', 'my.ws', '--intra=Allow'], { kind: 'run', command: { name: 'workspace', workspace: 'my.ws', intra: 'Allow', dryRun: 'none' }, global: auto }],
    [['--', 'isolate', 'db'], { kind: 'run', command: { name: 'isolate', project: 'db', dryRun: 'none' }, global: auto }],
    [['status', '-o', 'yaml', '--controller-namespace', 'tnc'], { kind: 'run', command: { name: 'status', output: 'yaml' }, global: { color: 'auto', controllerNamespace: 'tnc' } }],
    [['matrix', '-o', 'wide'], { kind: 'run', command: { name: 'matrix', workspaces: [], output: 'wide' }, global: auto }],
    [['why', 'a', 'b/pod-1', '443/udp'], { kind: 'run', command: { name: 'why', from: { namespace: 'a' }, to: { namespace: 'b', pod: 'pod-1' }, flow: { protocol: 'UDP', port: 443 }, output: 'table' }, global: auto }],
    [['why', 'a', '10.0.0.1', 'tcp/80', '-o', 'name'], { kind: 'run', command: { name: 'why', from: { namespace: 'a' }, to: { ip: '10.0.0.1' }, flow: { protocol: 'TCP', port: 80 }, output: 'name' }, global: auto }],
    [['why', 'fd00::1', 'a'], { kind: 'run', command: { name: 'why', from: { ip: 'fd00::1' }, to: { namespace: 'a' }, output: 'table' }, global: auto }],
    [['top'], { kind: 'run', command: { name: 'top', sortBy: 'total', output: 'table' }, global: auto }],
    [['top', 'shop', '--sort-by', 'egress', '-o', 'json'], { kind: 'run', command: { name: 'top', workspace: 'shop', sortBy: 'egress', output: 'json' }, global: auto }],
    [['bandwidth', 'shop', '-o', 'wide'], { kind: 'run', command: { name: 'bandwidth', workspace: 'shop', output: 'wide' }, global: auto }],
    [
      ['bandwidth', 'set', 'workspace/shop', '--ingress', '100M', '--egress=none', '--dry-run=server'],
      { kind: 'run', command: { name: 'bandwidth-set', target: { kind: 'workspace', name: 'shop' }, change: { ingress: '100M', egress: null }, dryRun: 'server' }, global: auto },
    ],
    [['bandwidth', 'set', 'project/db', '--egress', '1.5Gi'], { kind: 'run', command: { name: 'bandwidth-set', target: { kind: 'project', name: 'db' }, change: { egress: '1.5Gi' }, dryRun: 'none' }, global: auto }],
    [['check', '-o', 'json'], { kind: 'run', command: { name: 'check', output: 'json' }, global: auto }],
    [['completion', 'zsh'], { kind: 'run', command: { name: 'completion', shell: 'zsh' }, global: auto }],
    [['__complete', 'st'], { kind: 'complete', words: ['st'] }],
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
    [['status', '-o', 'html'], '-o must be one of table, wide, json, yaml, name, not "html"', 'status'],
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
    [['isolate', 'a', '--dry-run', 'yes'], '--dry-run must be none, client or server, not "yes"', 'isolate'],
    [['why', 'a'], 'why needs FROM TO [PORT]', 'why'],
    [['why', 'a', 'b/c/d'], '"b/c/d" is not a namespace, NAMESPACE/POD or IP address', 'why'],
    [['why', 'a', '10.0.0.300'], '"10.0.0.300" is not a namespace, NAMESPACE/POD or IP address', 'why'],
    [['why', 'a', 'b', 'http'], 'invalid port "http": expected PORT/PROTOCOL, PROTOCOL/PORT or PORT, e.g. 443/tcp, udp/53 or 8080', 'why'],
    [['why', 'a', 'b', 'tcp/70000'], 'invalid port "tcp/70000": 70000 is not between 1 and 65535', 'why'],
    [['top', '--sort-by', 'size'], '--sort-by must be total, ingress, egress or name, not "size"', 'top'],
    [['bandwidth', '--ingress', '1M'], '--ingress, --egress and --dry-run need: bandwidth set workspace/NAME|project/NAME', 'bandwidth'],
    [['bandwidth', 'set', 'shop', '--ingress', '1M'], 'bandwidth set needs workspace/NAME or project/NAME, not "shop"', 'bandwidth'],
    [['bandwidth', 'set', 'workspace/shop'], 'bandwidth set needs --ingress and/or --egress', 'bandwidth'],
    [['bandwidth', 'set', 'workspace/shop', '--ingress', 'fast'], '--ingress "fast" is not a quantity such as 100M, 1.5G or 500k (or none to remove the limit)', 'bandwidth'],
    [['bandwidth', 'set', 'project/db', '--egress', '2P'], '--egress "2P" is outside 1k to 1P bits per second (or none to remove the limit)', 'bandwidth'],
    [['bandwidth', 'set', 'workspace/shop', '--ingress', '1M', '-o', 'json'], '-o does not apply to bandwidth set', 'bandwidth'],
    [['check', 'extra'], 'check takes no arguments; unexpected "extra"', 'check'],
    [['completion', 'fish'], 'completion supports bash and zsh, not "fish"', 'completion'],
    [['status', '--controller-namespace='], '--controller-namespace needs a namespace', 'status'],
    [['open', 'a'.repeat(64)], `"${'a'.repeat(64)}" is not a valid project name (a namespace name: lower-case letters, digits and '-', at most 63)`, 'open'],
  ];
  it.each(errors)('%j is a usage error', (argv, message, topic) => {
    expect(parseArgs(argv)).toEqual({ kind: 'usageError', message, topic });
  });
});
