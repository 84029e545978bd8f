import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = path.resolve(HERE, '../..');
const RULES = path.join(HERE, 'stayup-rules.yml');
const RULE_TESTS = ['stayup.test.yml', 'backups.test.yml'].map((f) => path.join(HERE, f));
const DASHBOARD = path.join(HERE, 'grafana/dashboards/stayup.json');
const ALERT_RUNBOOK = path.join(REPO, 'deploy/runbooks/alerts.md');

interface Rule { alert?: string; record?: string; expr: string; annotations?: Record<string, string> }
interface RuleTests { tests: { input_series: { series: string }[]; alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] }
interface Panel { title: string; targets?: { expr: string }[]; panels?: Panel[] }

async function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = promisify(execFile)(cmd, args, { cwd: HERE, env: opts.env ?? process.env });
  child.child.stdin?.end(opts.input ?? '');
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function yamlFile<T>(file: string): Promise<T> {
  const json = await run('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)', file]);
  if (json.code !== 0) throw new Error(json.stderr);
  return JSON.parse(json.stdout) as T;
}

function flatPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...flatPanels(p.panels ?? [])]);
}

/** Metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '[]');
  const words = [...withoutStrings.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .filter((m) => !/^\s*\(/.test(withoutStrings.slice((m.index ?? 0) + m[0].length)))
    .map((m) => m[0]);
  const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool', 'le', 'job', 'instance']);
  const grouped = new Set([...withoutStrings.matchAll(/(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)].flatMap((m) => m[1].split(/[\s,]+/)));
  return [...new Set(words.filter((w) => !keywords.has(w) && !grouped.has(w) && !/^\d/.test(w) && w.includes('_')))];
}

describe('deploy/monitoring', () => {
  let rules: Rule[];
  let ruleTests: RuleTests;
  let dir: string;

  beforeAll(async () => {
    rules = (await yamlFile<{ groups: { rules: Rule[] }[] }>(RULES)).groups.flatMap((g) => g.rules);
    const files = await Promise.all(RULE_TESTS.map((f) => yamlFile<RuleTests>(f)));
    ruleTests = { tests: files.flatMap((f) => f.tests) };
    dir = mkdtempSync(path.join(tmpdir(), 'monitoring-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('stayup-rules.yml', () => {
    it('passes promtool check rules', async () => {
      const result = await run('promtool', ['check', 'rules', RULES]);

      expect(result.stdout + result.stderr).toContain('SUCCESS');
      expect(result.code).toBe(0);
    });

    it('passes its promtool unit tests (*.test.yml)', async () => {
      const result = await run('promtool', ['test', 'rules', ...RULE_TESTS]);

      expect(result.stdout + result.stderr).toContain('SUCCESS');
      expect(result.code).toBe(0);
    });

    it('has a unit test that fires every alert', () => {
      const fired = new Set(ruleTests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
      const alerts = rules.flatMap((r) => (r.alert ? [r.alert] : []));

      expect(alerts.filter((a) => !fired.has(a))).toEqual([]);
    });

    it('links every alert to its own section of deploy/runbooks/alerts.md', () => {
      const anchors = new Set([...readFileSync(ALERT_RUNBOOK, 'utf8').matchAll(/^## (\w+)$/gm)].map((m) => m[1].toLowerCase()));
      for (const rule of rules.filter((r) => r.alert)) {
        const alert = rule.alert as string;
        expect([alert, rule.annotations?.['runbook_url']]).toEqual([alert, `deploy/runbooks/alerts.md#${alert.toLowerCase()}`]);
        expect([alert, anchors.has(alert.toLowerCase())]).toEqual([alert, true]);
      }
    });
  });

  describe('Prometheus and Alertmanager configuration', () => {
    it('compose: prometheus.yml is valid', async () => {
      const result = await run('promtool', ['check', 'config', '--syntax-only', path.join(HERE, 'prometheus.yml')]);

      expect(result.code).toBe(0);
    });

    it('local stack: the template renders into a valid configuration that loads the rules', async () => {
      const ports = Object.fromEntries(
        readFileSync(path.join(REPO, 'deploy/local/ports.env'), 'utf8').split('\n').filter((l) => /^[A-Z0-9_]+=\d+$/.test(l)).map((l) => l.split('=')),
      ) as Record<string, string>;
      const rendered = await run('envsubst', [], { input: readFileSync(path.join(HERE, 'prometheus.local.yml.tpl'), 'utf8'), env: { PATH: process.env.PATH, REPO, ...ports } });
      const file = path.join(dir, 'prometheus.yml');
      writeFileSync(file, rendered.stdout);

      const result = await run('promtool', ['check', 'config', file]);

      expect(rendered.stdout).not.toMatch(/\$\{/);
      expect(result.stdout).toContain('SUCCESS: 24 rules found');
      expect(result.code).toBe(0);
    });

    it('compose: alertmanager.yml is valid', async () => {
      const result = await run('amtool', ['check-config', path.join(HERE, 'alertmanager.yml')]);

      expect(result.stdout).toContain('SUCCESS');
      expect(result.code).toBe(0);
    });
  });

  describe('grafana/dashboards/stayup.json', () => {
    it('parses every panel query as PromQL (promtool, as recording rules)', async () => {
      const panels = flatPanels((JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] }).panels);
      const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr.replace(/\$__rate_interval/g, '1m')));
      const file = path.join(dir, 'dashboard-rules.yml');
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:panel_${i}`, expr })) }] }));

      const result = await run('promtool', ['check', 'rules', file]);

      expect(exprs.length).toBeGreaterThan(10);
      expect(result.stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
    });

    it('queries only metrics the rules, their tests or the local stack’s Prometheus (recorded) know', () => {
      const panels = flatPanels((JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] }).panels);
      const known = new Set([
        ...ruleTests.tests.flatMap((t) => t.input_series.map((s) => s.series.split('{')[0])),
        ...rules.flatMap((r) => [r.record ?? '', ...metricNames(r.expr)]),
        ...readFileSync(path.join(HERE, 'test/scraped-metric-names.txt'), 'utf8').split('\n').filter(Boolean),
      ]);
      const unknown = panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr).filter((m) => !known.has(m)).map((m) => `${p.title}: ${m}`)));

      expect(unknown).toEqual([]);
    });
  });
});
