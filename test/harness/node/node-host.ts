// What a test node changes on the host, and how all of it is taken back: its network namespaces and
// links, the cgroup tree its processes live in (in every cgroup v1 hierarchy), and a slot record that
// says which process owns them. Everything the node's own programs make (pod namespaces, veths,
// iptables chains, ipsets, mounts) lives inside its network and mount namespaces and goes with them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SLOTS, nodePlan, slotOfName, type NodePlan } from './node-plan.js';

const SLOTS_DIR = join(tmpdir(), 'tnc-node-slots');

interface SlotRecord {
  readonly pid: number;
  /** The owner's start time (field 22 of /proc/<pid>/stat): a reused pid is not the owner. */
  readonly startTime: string;
  readonly runDir: string;
}

function run(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryRun(command: string, args: readonly string[]): boolean {
  try {
    run(command, args);
    return true;
  } catch {
    return false;
  }
}

function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function recordPath(slot: number): string {
  return join(SLOTS_DIR, `${slot}.json`);
}

function readRecord(slot: number): SlotRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordPath(slot), 'utf8')) as SlotRecord;
  } catch {
    return undefined;
  }
}

function ownerAlive(record: SlotRecord): boolean {
  return processStartTime(record.pid) === record.startTime;
}

/** The cgroup v1 hierarchies' mount points (the node's processes are tracked in all of them). */
export function cgroupHierarchies(): string[] {
  return readFileSync('/proc/mounts', 'utf8').split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields[2] === 'cgroup')
    .map((fields) => fields[1] ?? '')
    .filter((path) => path !== '');
}

function pidsHierarchy(): string {
  const pids = cgroupHierarchies().find((h) => h.endsWith('/pids'));
  if (pids === undefined) throw new Error('no cgroup v1 pids hierarchy: the test node needs one to track its processes');
  return pids;
}

/** Every pid in a cgroup tree. */
function pidsIn(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const own = readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  const children = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => pidsIn(join(dir, d.name)));
  return [...own, ...children];
}

function removeCgroupTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const child of readdirSync(dir, { withFileTypes: true })) {
    if (child.isDirectory()) removeCgroupTree(join(dir, child.name));
  }
  rmdirSync(dir);
}

/** Creates the node's cgroup (and a `system` child for its daemons) in every hierarchy. */
export function createNodeCgroups(plan: NodePlan): string {
  for (const hierarchy of cgroupHierarchies()) {
    for (const dir of [join(hierarchy, plan.cgroup), join(hierarchy, plan.cgroup, 'system')]) {
      mkdirSync(dir, { recursive: true });
      // A new cpuset cgroup has no CPUs or memory nodes until given its parent's.
      if (hierarchy.endsWith('/cpuset')) {
        for (const file of ['cpuset.cpus', 'cpuset.mems']) writeFileSync(join(dir, file), readFileSync(join(dir, '..', file), 'utf8'));
      }
    }
  }
  return join(pidsHierarchy(), plan.cgroup, 'system', 'cgroup.procs');
}

/** Kills every process of the node (daemons, shims, containers) and removes its cgroups. */
export async function killNodeProcesses(plan: NodePlan, timeoutMs = 20_000): Promise<void> {
  const root = join(pidsHierarchy(), plan.cgroup);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = pidsIn(root);
    if (pids.length === 0) break;
    if (Date.now() > deadline) throw new Error(`processes of node slot ${plan.slot} survive SIGKILL: ${pids.join(' ')}`);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const hierarchy of cgroupHierarchies()) {
    const dir = join(hierarchy, plan.cgroup);
    // An emptied cgroup can take a moment before the kernel lets it go.
    for (let attempt = 0; ; attempt += 1) {
      try {
        removeCgroupTree(dir);
        break;
      } catch (err) {
        if (attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

export function netnsExists(name: string): boolean {
  return existsSync(join('/run/netns', name));
}

/**
 * The node's and the outside world's network namespaces, linked as drawn in node-plan.ts. The node
 * forwards between its pods, the host and the outside; nothing is routed beyond the outside
 * namespace, so test traffic cannot leave the machine.
 */
export function createNodeNetwork(plan: NodePlan): void {
  const inNode = (...args: string[]): string => run('ip', ['-n', plan.nodeNetns, ...args]);
  const inOutside = (...args: string[]): string => run('ip', ['-n', plan.outsideNetns, ...args]);
  run('ip', ['netns', 'add', plan.nodeNetns]);
  run('ip', ['netns', 'add', plan.outsideNetns]);
  run('ip', ['link', 'add', plan.hostLink, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', plan.nodeNetns]);
  run('ip', ['addr', 'add', `${plan.hostIp}/30`, 'dev', plan.hostLink]);
  run('ip', ['link', 'set', plan.hostLink, 'up']);
  run('ip', ['link', 'add', 'out0', 'netns', plan.nodeNetns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', plan.outsideNetns]);
  inNode('addr', 'add', `${plan.nodeIp}/30`, 'dev', 'eth0');
  inNode('addr', 'add', `${plan.nodeOutsideIp}/30`, 'dev', 'out0');
  for (const link of ['lo', 'eth0', 'out0']) inNode('link', 'set', link, 'up');
  inNode('route', 'add', 'default', 'via', plan.outsideIp);
  inOutside('addr', 'add', `${plan.outsideIp}/30`, 'dev', 'eth0');
  for (const link of ['lo', 'eth0']) inOutside('link', 'set', link, 'up');
  inOutside('route', 'add', plan.podCidr, 'via', plan.nodeOutsideIp);
  // The apiserver calls kubelets and webhook pods; the route goes with the link.
  run('ip', ['route', 'add', plan.podCidr, 'via', plan.nodeIp, 'dev', plan.hostLink]);
  for (const [key, value] of [['net.ipv4.ip_forward', '1'], ['net.ipv4.conf.all.rp_filter', '0'], ['net.ipv4.conf.default.rp_filter', '0'], ['net.bridge.bridge-nf-call-iptables', '1']] as const) {
    tryRun('ip', ['netns', 'exec', plan.nodeNetns, 'sysctl', '-q', '-w', `${key}=${value}`]);
  }
}

export function removeNodeNetwork(plan: NodePlan): void {
  for (const netns of [plan.nodeNetns, plan.outsideNetns]) {
    if (netnsExists(netns)) run('ip', ['netns', 'del', netns]);
  }
  // Deleting the node namespace deletes the veth pair; a half-made run may have left only the host end.
  tryRun('ip', ['link', 'del', plan.hostLink]);
}

/** Takes back everything a slot may hold; safe on a slot half set up or already clean. */
export async function teardownSlot(plan: NodePlan, runDir: string | undefined): Promise<void> {
  await killNodeProcesses(plan);
  removeNodeNetwork(plan);
  if (runDir !== undefined) rmSync(runDir, { recursive: true, force: true });
  rmSync(recordPath(plan.slot), { force: true });
}

/**
 * Removes what earlier runs left behind: slots whose owner is gone, and namespaces or cgroups of
 * ours with no record (a run killed between making them and recording them cannot happen: the
 * record is written first, so these are leftovers too). Returns the slots it cleaned.
 */
export async function sweepStaleSlots(): Promise<number[]> {
  mkdirSync(SLOTS_DIR, { recursive: true });
  const cleaned = new Set<number>();
  for (let slot = 0; slot < MAX_SLOTS; slot += 1) {
    const record = readRecord(slot);
    if (record !== undefined && !ownerAlive(record)) {
      await teardownSlot(nodePlan(slot), record.runDir);
      cleaned.add(slot);
    }
  }
  const names = [
    ...(existsSync('/run/netns') ? readdirSync('/run/netns') : []),
    ...cgroupHierarchies().flatMap((h) => readdirSync(h)),
  ];
  for (const name of names) {
    const slot = slotOfName(name);
    if (slot === undefined || readRecord(slot) !== undefined || cleaned.has(slot)) continue;
    await teardownSlot(nodePlan(slot), undefined);
    cleaned.add(slot);
  }
  return [...cleaned].sort((a, b) => a - b);
}

/** Claims the lowest free slot for this process: the record file is created exclusively. */
export function claimSlot(runDir: string): NodePlan {
  mkdirSync(SLOTS_DIR, { recursive: true });
  const startTime = processStartTime(process.pid) ?? '';
  for (let slot = 0; slot < MAX_SLOTS; slot += 1) {
    try {
      writeFileSync(recordPath(slot), JSON.stringify({ pid: process.pid, startTime, runDir } satisfies SlotRecord), { flag: 'wx' });
    } catch {
      continue;
    }
    return nodePlan(slot);
  }
  throw new Error(`all ${MAX_SLOTS} test-node slots are taken (see ${SLOTS_DIR})`);
}

/** Slots currently recorded, for the leftover check. */
export function recordedSlots(): number[] {
  if (!existsSync(SLOTS_DIR)) return [];
  return readdirSync(SLOTS_DIR).map((f) => Number(f.replace(/\.json$/, ''))).filter((n) => Number.isInteger(n)).sort((a, b) => a - b);
}
