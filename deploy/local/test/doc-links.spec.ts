import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { checkTarget, docsCitations, headingAnchors, markdownLinks } from './doc-links.js';
import { REPO } from './stack-cli.js';

const SELF = path.relative(REPO, new URL(import.meta.url).pathname);
// Documents that lived beside the repository while it was built, and paths of that machine.
const OUTSIDE_DOCS = new RegExp(
  [
    '/' + 'work/',
    '\\.\\./\\.\\./\\.\\./shared/',
    'shared' + '/research/',
    '\\b(ARCHITECTURE|API|STYLE)\\.md\\b',
    '\\b(toolchain|ha-infra|containers|mission-anchors|aesthetics-anchors|contract)\\.md\\b',
  ].join('|'),
);

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
}

// Generated records (bench and chaos results) hold the paths they ran with; they cite nothing.
const isRecord = (file: string) => file.endsWith('.json') || file === 'pnpm-lock.yaml';
// This spec's own fixtures cite missing pages on purpose.
const isCitingText = (file: string) => file !== SELF && !isRecord(file) && !/\.(png|jpg|ico|woff2?)$/.test(file);

describe('doc links', () => {
  describe(headingAnchors.name, () => {
    it('derives GitHub heading ids, numbering repeats and skipping code blocks', () => {
      const anchors = headingAnchors('# Token validation in payment-service\n## Reads and writes\n```\n# not a heading\n```\n## Reads and writes\n');
      expect([...anchors]).toEqual(['token-validation-in-payment-service', 'reads-and-writes', 'reads-and-writes-1']);
    });
  });

  describe(markdownLinks.name, () => {
    it('returns relative targets only, never those in code', () => {
      const md = 'see [a](a.md#x), [b](https://example.com), `[c](c.md)`\n```\n[d](d.md)\n```\n![e](img/e.svg)';
      expect(markdownLinks(md)).toEqual(['a.md#x', 'img/e.svg']);
    });
  });

  describe(docsCitations.name, () => {
    it('finds root-relative docs pages in comments, not ../docs paths', () => {
      expect(docsCitations('# see docs/architecture.md#topology and ../../docs/performance.md')).toEqual(['docs/architecture.md#topology']);
    });
  });

  describe(checkTarget.name, () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'doc-links-'));
      mkdirSync(path.join(dir, 'docs'));
      writeFileSync(path.join(dir, 'docs', 'page.md'), '# Page\n## Failure behaviour\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('accepts an existing file and heading', () => {
      expect(checkTarget(dir, 'README.md', dir, 'docs/page.md#failure-behaviour')).toBeUndefined();
    });

    it('reports a missing file and a missing anchor', () => {
      expect(checkTarget(dir, 'README.md', dir, 'docs/gone.md')).toEqual({ file: 'README.md', target: 'docs/gone.md', reason: 'no such file' });
      expect(checkTarget(dir, 'README.md', dir, 'docs/page.md#topology')).toEqual({
        file: 'README.md',
        target: 'docs/page.md#topology',
        reason: 'no such anchor',
      });
    });
  });

  describe('this repository', () => {
    const files = trackedFiles();
    const read = (file: string) => readFileSync(path.join(REPO, file), 'utf8');

    it('has every relative markdown link resolve to a file and heading', () => {
      const broken = files
        .filter((file) => file.endsWith('.md'))
        .flatMap((file) => markdownLinks(read(file)).map((target) => checkTarget(REPO, file, path.dirname(path.join(REPO, file)), target)))
        .filter(Boolean);
      expect(broken).toEqual([]);
    });

    it('has every docs/….md citation in code, config and docs resolve to a file and heading', () => {
      const citations = files.filter(isCitingText).flatMap((file) => docsCitations(read(file)).map((target) => ({ file, target })));
      expect(citations.length).toBeGreaterThan(0);
      const broken = citations.map(({ file, target }) => checkTarget(REPO, file, REPO, target)).filter(Boolean);
      expect(broken).toEqual([]);
    });

    it('cites no document outside the repository', () => {
      const citing = files.filter((file) => isCitingText(file) && OUTSIDE_DOCS.test(read(file)));
      expect(citing).toEqual([]);
    });

    it('states the local stack ports of deploy/local/ports.env in docs/architecture.md', () => {
      const defaults = Object.fromEntries([...read('deploy/local/ports.env').matchAll(/^([A-Z0-9_]+_PORT)=(\d+)$/gm)].map((m) => [m[1], m[2]]));
      const stated = [...read('docs/architecture.md').matchAll(/\b(\d{2,5}) \(([A-Z0-9_]+_PORT)\)/g)].map((m) => [m[2], m[1]]);
      expect(stated.length).toBeGreaterThan(10);
      expect(stated.filter(([name, port]) => defaults[name] !== port)).toEqual([]);
    });
  });
});
