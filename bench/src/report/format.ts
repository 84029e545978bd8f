/** "1 234" style grouping, so figures read the same in the terminal and the doc. */
export function count(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export function rate(n: number): string {
  return n >= 100 ? count(n) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

export function percent(share: number): string {
  return `${(100 * share).toFixed(share < 0.1 ? 1 : 0)} %`;
}

export function ms(n: number): string {
  return n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(n >= 10 ? 0 : 1)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

export function seconds(s: number): string {
  return `${s.toFixed(s >= 10 ? 0 : s >= 1 ? 1 : 2)} s`;
}
