export interface CliOptions {
  /** Only regenerate docs/performance.md from bench/results/last-run.json. */
  doc: boolean;
  /** Start the stack when it is not running (and stop it again afterwards). */
  up: boolean;
  only?: string[];
  seconds: number;
  halfSeconds: number;
  warmupSeconds: number;
  label?: string;
}

export const USAGE = `usage: pnpm bench [-- options]      (= node bench/dist/main.js --up [options])
  --only a,b     just these: login, refresh, introspect, read, list, create, refund, webhook, startup
                 (and the ceilings they need); a partial run never replaces last-run.json or the doc
  --seconds N    saturation run per workload (default 10; half load gets 80 % of it)
  --label NAME   also save the run as bench/results/NAME.json (baseline: compared in the doc)
  --doc          only regenerate docs/performance.md from bench/results/last-run.json
  --up           start the stack (./stack up) when it is not running, stop it afterwards`;

const DEFAULT_SECONDS = 10;
const RESERVED_LABELS = ['last-run', 'partial-run'];

export function parseArgs(argv: readonly string[]): CliOptions {
  const args = argv.filter((a) => a !== '--'); // pnpm passes its own "--" through
  const options: CliOptions = {
    doc: false,
    up: false,
    seconds: DEFAULT_SECONDS,
    halfSeconds: 0,
    warmupSeconds: 0,
  };
  const value = (i: number, name: string): string => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    switch (a) {
      case '--doc':
        options.doc = true;
        break;
      case '--up':
        options.up = true;
        break;
      case '--only':
        options.only = value(i++, a)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--seconds': {
        const n = Number(value(i++, a));
        if (!Number.isInteger(n) || n < 2 || n > 120)
          throw new Error(`--seconds must be a whole number from 2 to 120, not ${args[i]}`);
        options.seconds = n;
        break;
      }
      case '--label': {
        const label = value(i++, a);
        if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(label) || RESERVED_LABELS.includes(label))
          throw new Error(
            `--label ${label}: use letters, digits, . _ - (not ${RESERVED_LABELS.join(' or ')})`,
          );
        options.label = label;
        break;
      }
      default:
        throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  options.halfSeconds = Math.max(2, Math.round(options.seconds * 0.8));
  options.warmupSeconds = Math.min(2, Math.max(1, Math.round(options.seconds / 5)));
  return options;
}
