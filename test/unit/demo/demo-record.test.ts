// The demo's judgement of what an earlier demo left: a live owner keeps its processes, a dead one's
// live processes are leftovers if they are still what was recorded; a cluster.pid is stale when its
// process is gone or is another program. And the reaping, with real processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../../support/eventually.js';
import { CLUSTER_MARKER, DEMO_MARKER, judgeClusterPid, judgeRecord, probeProcess, ProcessRecord, readRecord, reapLeftovers, type Probe } from '../../../scripts/demo-record.js';

const dir = mkdtempSync(join(tmpdir(), 'tnc-demo-record-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const processes: Record<number, string> = {
  10: `node --import ./scripts/ts-hooks.js ${DEMO_MARKER} --provider=qingcloud`,
  20: `node ${CLUSTER_MARKER} .local`,
  21: 'node test/qingcloud-sim/main.ts --port 0',
  30: 'vim notes.txt',
};
const probe: Probe = (pid) => processes[pid];

const record = {
  processes: [
    { name: 'control plane', pid: 20, marker: CLUSTER_MARKER, group: 19 },
    { name: 'QingCloud simulator', pid: 21, marker: 'qingcloud-sim' },
    { name: 'controller', pid: 22, marker: 'src/cmd/main.ts' },
    { name: 'reused pid', pid: 30, marker: 'src/cmd/main.ts' },
  ],
};

describe('judgeRecord', () => {
  it('leaves a running demo\'s processes alone', () => {
    expect(judgeRecord({ ...record, owner: { pid: 10, marker: DEMO_MARKER } }, probe, 99)).toEqual({ kind: 'owned', ownerPid: 10 });
  });

  it('takes the live, still-recorded processes of a demo that is gone (or whose pid is another program now)', () => {
    const leftovers = ['control plane', 'QingCloud simulator'];
    for (const owner of [{ pid: 11, marker: DEMO_MARKER }, { pid: 30, marker: DEMO_MARKER }, undefined]) {
      const verdict = judgeRecord({ ...record, ...(owner === undefined ? {} : { owner }) }, probe, 99);
      expect(verdict.kind === 'stale' ? verdict.leftovers.map((p) => p.name) : verdict).toEqual(leftovers);
    }
  });

  it('never counts itself as another demo', () => {
    expect(judgeRecord({ ...record, owner: { pid: 10, marker: DEMO_MARKER } }, probe, 10).kind).toBe('stale');
  });
});

describe('judgeClusterPid', () => {
  it('tells a running control plane from a pid file whose process is gone or not ours', () => {
    expect(judgeClusterPid(undefined, probe)).toEqual({ kind: 'none' });
    expect(judgeClusterPid(20, probe)).toEqual({ kind: 'running', pid: 20 });
    expect(judgeClusterPid(25, probe)).toEqual({ kind: 'stale', why: 'pid 25 is gone' });
    expect(judgeClusterPid(30, probe)).toEqual({ kind: 'stale', why: 'pid 30 is another program now' });
  });
});

describe('readRecord and ProcessRecord', () => {
  it('records the owner with every entry, and reads the older bare list', () => {
    const path = join(dir, 'record.json');
    const r = new ProcessRecord(path);
    expect(readRecord(path)).toEqual({ owner: { pid: process.pid, marker: DEMO_MARKER }, processes: [] });
    r.add({ name: 'controller', pid: 5, marker: 'src/cmd/main.ts' });
    expect(readRecord(path).processes).toEqual([{ name: 'controller', pid: 5, marker: 'src/cmd/main.ts' }]);
    r.clear();
    expect(readRecord(path)).toEqual({ processes: [] });
    writeFileSync(path, JSON.stringify([{ name: 'old', pid: 7, marker: 'x' }]));
    expect(readRecord(path)).toEqual({ processes: [{ name: 'old', pid: 7, marker: 'x' }] });
    writeFileSync(path, '{');
    expect(readRecord(path)).toEqual({ processes: [] });
  });
});

describe('reapLeftovers', () => {
  it('stops the leftovers of a dead demo, group and all, and removes the record', async () => {
    // A "leftover" in its own group, with a child that only a group signal reaches.
    const leftover = spawn('sh', ['-c', 'sleep 60 & echo $!; wait', 'tnc-leftover-marker'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise((resolve) => leftover.once('exit', resolve));
    const pid = leftover.pid ?? 0;
    const child = await new Promise<number>((resolve) => leftover.stdout.once('data', (chunk: Buffer) => { resolve(Number(chunk.toString().trim())); }));
    const path = join(dir, 'leftovers.json');
    writeFileSync(path, JSON.stringify({ owner: { pid: 999_999_999, marker: DEMO_MARKER }, processes: [{ name: 'sleeper', pid, marker: 'tnc-leftover-marker' }] }));
    expect(await reapLeftovers(path)).toEqual(['sleeper']);
    await exited;
    expect(probeProcess(pid)).toBeUndefined();
    await eventually(() => { expect(probeProcess(child)).toBeUndefined(); }, 5000);
    expect(readRecord(path)).toEqual({ processes: [] });
  });

  it('refuses while the recording demo runs', async () => {
    const path = join(dir, 'busy.json');
    writeFileSync(path, JSON.stringify({ owner: { pid: 10, marker: DEMO_MARKER }, processes: [] }));
    await expect(reapLeftovers(path, probe)).rejects.toThrow('another make demo is running (pid 10)');
    expect(readRecord(path).owner?.pid).toBe(10);
  });
});
