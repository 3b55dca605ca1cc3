// The alerts as the chart ships them: the PrometheusRule rendered from alerts/rules.yaml passes
// `promtool check rules`, and `promtool test rules` (rules.test.yaml) sees every alert pending,
// firing and cleared. Every alert links its runbook in docs/operations.md, which exists.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { CHART_DIR, only, REPO_ROOT, renderChart } from '../../support/helm.js';

/** Debian's `prometheus` package ships it; TNC_PROMTOOL names another. */
const PROMTOOL = process.env.TNC_PROMTOOL ?? 'promtool';
const HERE = dirname(fileURLToPath(import.meta.url));
const OPERATIONS_DOC = 'docs/operations.md';

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly annotations: Record<string, string>;
}

interface RuleTest {
  readonly name: string;
  readonly alert_rule_test: readonly { readonly eval_time: string; readonly alertname: string; readonly exp_alerts: readonly unknown[] }[];
}

function promtool(args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL, args, { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      const missing = err !== null && err.code === 'ENOENT' ? `${PROMTOOL} not found: install Debian's prometheus package (or set TNC_PROMTOOL)\n` : '';
      resolve({ code, output: `${missing}${stdout}${stderr}` });
    });
  });
}

/** Minutes of a promtool duration such as 1h5m or 17m. */
function minutes(duration: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(duration);
  if (match === null) throw new Error(`unexpected eval_time ${duration}`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

describe('the chart\'s alerts', () => {
  let dir: string;
  let rules: Rule[];

  beforeAll(async () => {
    // Rendered as on a cluster with the Prometheus operator (prometheusRule.enabled=auto).
    const objects = await renderChart({ extraArgs: ['--api-versions', 'monitoring.coreos.com/v1/PrometheusRule'] });
    const spec = (only(objects, 'PrometheusRule') as { spec?: { groups?: { rules: Rule[] }[] } }).spec;
    dir = mkdtempSync(join(tmpdir(), 'tnc-alerts-'));
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: spec?.groups ?? [] }));
    copyFileSync(join(HERE, 'rules.test.yaml'), join(dir, 'rules.test.yaml'));
    rules = (spec?.groups ?? []).flatMap((g) => g.rules);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('are valid Prometheus rules', async () => {
    const checked = await promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(checked.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(checked.code).toBe(0);
  });

  it('pass promtool test rules', async () => {
    const tested = await promtool(['test', 'rules', 'rules.test.yaml'], dir);
    expect(tested.output).toContain('SUCCESS');
    expect(tested.code).toBe(0);
  });

  it('each alert is tested pending, firing and cleared', () => {
    const tests = (parse(readFileSync(join(HERE, 'rules.test.yaml'), 'utf8')) as { tests: RuleTest[] }).tests;
    expect(rules.map((r) => r.alert)).toHaveLength(10);
    for (const { alert } of rules) {
      const seen = tests.some((t) => {
        const evals = t.alert_rule_test.filter((e) => e.alertname === alert).map((e) => ({ at: minutes(e.eval_time), firing: e.exp_alerts.length > 0 }));
        const fired = evals.filter((e) => e.firing).map((e) => e.at);
        return fired.length > 0
          && evals.some((e) => !e.firing && e.at < Math.min(...fired))
          && evals.some((e) => !e.firing && e.at > Math.max(...fired));
      });
      expect({ alert, seen }).toEqual({ alert, seen: true });
    }
  });

  it('select the release\'s job only', () => {
    for (const rule of rules) {
      expect(rule.expr).toContain('job="tnc-tenant-network-controller"');
      expect(rule.expr).not.toContain('job="tenant-network-controller"');
    }
  });

  it('link a runbook in docs/operations.md under the chart\'s home', () => {
    const home = (parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { home: string }).home;
    const headings = readFileSync(join(REPO_ROOT, OPERATIONS_DOC), 'utf8').split('\n').filter((l) => l.startsWith('### ')).map((l) => l.slice(4).trim());
    for (const { alert, annotations } of rules) {
      expect(annotations.runbook_url).toBe(`${home}/blob/main/${OPERATIONS_DOC}#${alert.toLowerCase()}`);
      expect(headings).toContain(alert);
      expect(annotations.summary).toEqual(expect.any(String));
      expect(annotations.description).toEqual(expect.any(String));
    }
  });
});
