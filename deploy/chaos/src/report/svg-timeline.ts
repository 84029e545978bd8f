import { escapeXml, niceMax } from '@app/svg-chart';

import { type TimelinePoint } from '../load/timeline.js';

export interface TimelineChart {
  title: string;
  points: readonly TimelinePoint[];
  faultMs: number;
  faultEndMs: number;
}

const WIDTH = 760;
const PANEL = 110;
const GAP = 34;
const LEFT = 60;
const RIGHT = 16;
const TOP = 34;

interface Panel {
  label: string;
  color: string;
  value: (p: TimelinePoint) => number | null;
}

const PANELS: Panel[] = [
  { label: 'throughput (ok answers/s)', color: '#2b7a3d', value: (p) => p.ok },
  { label: 'error rate (% of answers)', color: '#c0392b', value: (p) => (p.attempts === 0 ? (p.sent > 0 ? 100 : 0) : (100 * p.errors) / p.attempts) },
  { label: 'p99 latency (ms)', color: '#1f5fa8', value: (p) => p.p99Ms },
];

/** Three stacked panels over time (throughput, error rate, p99 latency), fault window shaded. */
export function renderTimelineSvg(chart: TimelineChart): string {
  const height = TOP + PANELS.length * (PANEL + GAP) + 10;
  const endMs = Math.max(1000, (chart.points.at(-1)?.t ?? 0) + 1000);
  const x = (ms: number): number => LEFT + ((WIDTH - LEFT - RIGHT) * ms) / endMs;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="18" font-size="13" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  PANELS.forEach((panel, i) => {
    const top = TOP + i * (PANEL + GAP);
    const values = chart.points.map(panel.value);
    const max = niceMax(Math.max(1, ...values.filter((v): v is number => v !== null)));
    const y = (v: number): number => top + PANEL - (PANEL * v) / max;
    const faultWidth = Math.max(2, x(chart.faultEndMs) - x(chart.faultMs));
    parts.push(
      `<rect x="${f(x(chart.faultMs))}" y="${top}" width="${f(faultWidth)}" height="${PANEL}" fill="#f5b041" fill-opacity="0.25"/>`,
      `<line x1="${f(x(chart.faultMs))}" y1="${top}" x2="${f(x(chart.faultMs))}" y2="${top + PANEL}" stroke="#e67e22" stroke-width="1.5"/>`,
      `<rect x="${LEFT}" y="${top}" width="${WIDTH - LEFT - RIGHT}" height="${PANEL}" fill="none" stroke="#999"/>`,
      `<text x="${LEFT}" y="${top - 5}">${escapeXml(panel.label)}</text>`,
      `<text x="${LEFT - 4}" y="${top + 4}" text-anchor="end">${max}</text>`,
      `<text x="${LEFT - 4}" y="${top + PANEL}" text-anchor="end">0</text>`,
    );
    const path = polyline(chart.points.map((p, k) => [x(p.t + 500), values[k]] as const), y);
    if (path !== '') parts.push(`<path d="${path}" fill="none" stroke="${panel.color}" stroke-width="1.5"/>`);
  });
  const axisY = TOP + PANELS.length * (PANEL + GAP) - GAP + 14;
  for (let s = 0; s * 1000 <= endMs; s += tickStep(endMs)) {
    parts.push(`<text x="${f(x(s * 1000))}" y="${axisY}" text-anchor="middle">${s}s</text>`);
  }
  parts.push(`<text x="${f(x(chart.faultMs) + 3)}" y="${TOP + 12}" fill="#e67e22">fault</text>`, '</svg>');
  return `${parts.join('\n')}\n`;
}

/** SVG path through the points; a null value breaks the line (no answers, no latency). */
function polyline(points: readonly (readonly [number, number | null])[], y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const [px, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${f(px)},${f(y(v))} `;
    pen = true;
  }
  return d.trim();
}

function tickStep(endMs: number): number {
  const seconds = endMs / 1000;
  return seconds <= 30 ? 5 : seconds <= 120 ? 10 : seconds <= 300 ? 30 : 60;
}

const f = (n: number): string => n.toFixed(1);
