import { escapeXml, niceMax } from '@app/svg-chart';

export interface ChartRow {
  label: string;
  okPerSecond?: number;
  ceilingPerSecond?: number;
  p50Ms?: number;
  p99Ms?: number;
}

const WIDTH = 820;
const ROW = 34;
const TOP = 64;
const LABEL = 170;
const PANEL = 280;
const GAP = 60;
const LEFT_X = LABEL;
const RIGHT_X = LABEL + PANEL + GAP;

const f = (n: number): string => n.toFixed(1);
const latency = (n: number): string => `${n >= 10 ? Math.round(n) : n.toFixed(1)} ms`;
const label = (n: number): string =>
  n >= 100 ? Math.round(n).toString() : n >= 10 ? n.toFixed(1) : n.toFixed(2);

/**
 * Left: throughput at saturation next to its ceiling, each row on its own scale (the workloads
 * differ by two orders of magnitude). Right: p50 and p99 at half load on one shared axis.
 */
export function renderBenchSvg(title: string, rows: readonly ChartRow[]): string {
  const height = TOP + rows.length * ROW + 30;
  const latencyMax = niceMax(Math.max(0, ...rows.map((r) => r.p99Ms ?? 0)));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="18" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${LEFT_X}" y="38">throughput at saturation, ok/s (each row to its own scale)</text>`,
    `<text x="${LEFT_X}" y="52"><tspan fill="#2b7a3d">■ measured</tspan> <tspan fill="#aaaaaa">■ composite ceiling</tspan></text>`,
    `<text x="${RIGHT_X}" y="38">latency at half load (0–${latencyMax} ms)</text>`,
    `<text x="${RIGHT_X}" y="52"><tspan fill="#8fb8e8">■ p50</tspan> <tspan fill="#1f5fa8">■ p99</tspan></text>`,
  ];
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    parts.push(`<text x="${LABEL - 8}" y="${y + 17}" text-anchor="end">${escapeXml(r.label)}</text>`);
    const scale = Math.max(r.okPerSecond ?? 0, r.ceilingPerSecond ?? 0);
    if (r.ceilingPerSecond !== undefined && scale > 0) {
      parts.push(
        `<rect x="${LEFT_X}" y="${y + 3}" width="${f((PANEL * r.ceilingPerSecond) / scale)}" height="10" fill="#aaaaaa"/>`,
      );
      parts.push(
        `<text x="${f(LEFT_X + (PANEL * r.ceilingPerSecond) / scale + 4)}" y="${y + 12}" fill="#666666">${label(r.ceilingPerSecond)}</text>`,
      );
    }
    if (r.okPerSecond !== undefined && scale > 0) {
      parts.push(
        `<rect x="${LEFT_X}" y="${y + 15}" width="${f((PANEL * r.okPerSecond) / scale)}" height="12" fill="#2b7a3d"/>`,
      );
      parts.push(
        `<text x="${f(LEFT_X + (PANEL * r.okPerSecond) / scale + 4)}" y="${y + 25}">${label(r.okPerSecond)}</text>`,
      );
    }
    const x = (v: number): number => RIGHT_X + (PANEL * Math.min(v, latencyMax)) / latencyMax;
    if (r.p99Ms !== undefined) {
      parts.push(
        `<rect x="${RIGHT_X}" y="${y + 15}" width="${f(x(r.p99Ms) - RIGHT_X)}" height="12" fill="#1f5fa8"/>`,
      );
      parts.push(`<text x="${f(x(r.p99Ms) + 4)}" y="${y + 25}">${latency(r.p99Ms)}</text>`);
    }
    if (r.p50Ms !== undefined) {
      parts.push(
        `<rect x="${RIGHT_X}" y="${y + 3}" width="${f(x(r.p50Ms) - RIGHT_X)}" height="10" fill="#8fb8e8"/>`,
      );
      parts.push(`<text x="${f(x(r.p50Ms) + 4)}" y="${y + 12}" fill="#444444">${latency(r.p50Ms)}</text>`);
    }
  });
  parts.push(
    `<line x1="${RIGHT_X}" y1="${TOP - 4}" x2="${RIGHT_X}" y2="${TOP + rows.length * ROW}" stroke="#999"/>`,
  );
  parts.push(
    `<line x1="${LEFT_X}" y1="${TOP - 4}" x2="${LEFT_X}" y2="${TOP + rows.length * ROW}" stroke="#999"/>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
