import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from '@jest/globals';

import { commandTemplates } from './operator-commands.js';

const RUNBOOKS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../runbooks');
const pages = readdirSync(RUNBOOKS).filter((f) => f.endsWith('.md') && f !== 'README.md');
// alerts.md holds one Symptom · Check · Act · Verify entry per alert rule (deploy/monitoring).
const incidentPages = pages.filter((f) => f !== 'alerts.md');

/** Lines inside ```sh blocks, without their trailing "# chaos: ..." or "# test: ..." comment. */
function quotedCommands(markdown: string): { command: string; comment: string }[] {
  const out: { command: string; comment: string }[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1].split('\n').filter((l) => l.trim() !== '')) {
      const at = line.search(/\s+# (chaos|test): /);
      out.push({ command: (at < 0 ? line : line.slice(0, at)).trim(), comment: at < 0 ? '' : line.slice(at).trim() });
    }
  }
  return out;
}

describe('runbooks', () => {
  it('exist for every incident the issue names', () => {
    expect(pages.sort()).toEqual([
      'alerts.md', 'db-failover-switchover.md', 'disaster-recovery.md', 'instance-down.md', 'provider-outage.md', 'redis-failover.md',
      'replica-rebuild.md', 'stack-restart.md', 'webhook-backlog.md', 'webhook-secret-key-rotation.md',
    ]);
  });

  it.each(incidentPages)('%s has Symptom, Check, Act and Verify in that order', (page) => {
    const headings = [...readFileSync(path.join(RUNBOOKS, page), 'utf8').matchAll(/^## (\w+)/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Symptom', 'Check', 'Act', 'Verify']);
  });

  it('alerts.md has Symptom, Check, Act and Verify in that order under every alert', () => {
    const sections = readFileSync(path.join(RUNBOOKS, 'alerts.md'), 'utf8').split(/^## /m).slice(1);
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      const alert = section.split('\n')[0];
      const headings = [...section.matchAll(/^### (\w+)/gm)].map((m) => m[1]);
      expect([alert, headings]).toEqual([alert, ['Symptom', 'Check', 'Act', 'Verify']]);
    }
  });

  it.each(pages)('%s quotes only commands the chaos suite runs, each naming its scenario', (page) => {
    const commands = quotedCommands(readFileSync(path.join(RUNBOOKS, page), 'utf8'));
    expect(commands.length).toBeGreaterThan(0);
    const known = new Set(commandTemplates());
    for (const { command, comment } of commands) {
      // Not a fault the suite injects (a key rotation): the named test runs the command's CLI itself.
      const test = /^# test: (\S+)$/.exec(comment)?.[1];
      if (test !== undefined) {
        const cli = /dist\/(cli\/[a-z-]+)\.js/.exec(command)?.[1];
        const source = readFileSync(path.join(RUNBOOKS, '../..', test), 'utf8');
        expect({ command, runByTest: cli !== undefined && source.includes(`runCli('${cli.slice(4)}'`) }).toEqual({ command, runByTest: true });
        continue;
      }
      expect({ command, known: known.has(command) }).toEqual({ command, known: true });
      expect(comment).toMatch(/^# chaos: \S/);
    }
  });
});
