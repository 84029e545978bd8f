// Checks that what the docs point at exists: relative markdown links, the docs/*.md citations in
// code and config, and their #anchors. Pure functions over file contents; the spec feeds them the repo.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface BrokenLink {
  file: string;
  target: string;
  reason: 'no such file' | 'no such anchor';
}

const FENCE = /^\s*(```|~~~)/;
const INLINE_CODE = /`[^`]*`/g;
const MARKDOWN_LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;
// A docs page named in a comment or config, e.g. `docs/architecture.md#topology`.
const DOCS_CITATION = /(?<![\w./-])docs\/[\w./-]+\.md(?:#[\w-]+)?/g;

/** The lines of a markdown file outside code fences. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').filter((line) => {
    if (FENCE.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** Relative link targets of a markdown file (external URLs, code spans and code blocks left out). */
export function markdownLinks(markdown: string): string[] {
  return proseLines(markdown).flatMap((line) =>
    [...line.replace(INLINE_CODE, '').matchAll(MARKDOWN_LINK)].map((m) => m[1]).filter((t) => !EXTERNAL.test(t)),
  );
}

/** `docs/….md[#anchor]` citations anywhere in a text file, relative to the repository root. */
export function docsCitations(text: string): string[] {
  return [...text.matchAll(DOCS_CITATION)].map((m) => m[0]);
}

/** Whether `target` (a path with an optional #anchor) resolves from `baseDir`. */
export function checkTarget(repo: string, file: string, baseDir: string, target: string): BrokenLink | undefined {
  const [pathPart, anchor] = target.split('#', 2);
  const resolved = pathPart === '' ? path.join(repo, file) : path.resolve(baseDir, decodeURIComponent(pathPart));
  if (!existsSync(resolved)) return { file, target, reason: 'no such file' };
  if (anchor === undefined || anchor === '' || !resolved.endsWith('.md')) return undefined;
  return headingAnchors(readFileSync(resolved, 'utf8')).has(anchor.toLowerCase()) ? undefined : { file, target, reason: 'no such anchor' };
}
