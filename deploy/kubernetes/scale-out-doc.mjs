// docs/scale-out.md's figures, generated so that none is typed by hand: what each failure costs from
// the chaos suite's published run (docs/availability/last-run.json), 10× / 100× the load from the
// benchmark's (bench/results/last-run.json), the settings they are read against from the manifests
// and the Patroni configuration they run.
//   node deploy/kubernetes/scale-out-doc.mjs    rewrites both sections in docs/scale-out.md
// deploy/kubernetes/test/scale-out-doc.spec.ts fails while a committed section differs from this.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DOC = path.join(REPO, 'docs/scale-out.md');
export const CHAOS_RUN = path.join(REPO, 'docs/availability/last-run.json');
export const BENCH_RUN = path.join(REPO, 'bench/results/last-run.json');
const INGRESS = path.join(REPO, 'deploy/kubernetes/base/ingress.yaml');
// The image the manifests run carries this Patroni configuration; the local stack renders the other.
const PATRONI_IN_IMAGE = path.join(REPO, 'deploy/postgres/patroni.docker.yml');
const PATRONI_LOCAL = path.join(REPO, 'deploy/postgres/patroni.local.yml.tpl');
const PRODUCTION_SCALE = path.join(REPO, 'deploy/kubernetes/overlays/production/scale.yaml');

/** The generated sections: each between its own BEGIN and END markers. */
export const SECTIONS = {
  'failure-costs': 'docs/availability/last-run.json',
  load: 'bench/results/last-run.json',
};
export const begin = (name) =>
  `<!-- BEGIN GENERATED ${name} by node deploy/kubernetes/scale-out-doc.mjs from ${SECTIONS[name]} and the manifests. Do not edit by hand. -->`;
export const end = (name) => `<!-- END GENERATED ${name} -->`;

/** What fails on the cluster, next to the chaos scenario that measures the same component locally. */
const ROWS = [
  ['an auth and a payment pod', 'instance-loss'],
  ['the node with the Patroni leader', 'db-leader-loss'],
  ['the node with the synchronous replica', 'replica-loss'],
  ['the node with the Redis master', 'redis-master-loss'],
  ['the Patroni DCS (locally etcd; here the API server)', 'etcd-loss'],
  ['the edge proxy restarting', 'nginx-restart'],
  ['a planned move of the leader (node drain)', 'switchover'],
];

/** Scenarios the manifests cannot go through yet, and why. */
const NO_COUNTERPART = {
  'db-nodes-lost': 'These manifests archive no WAL, so a restore from backup + WAL has no counterpart on Kubernetes yet.',
};

const secs = (ms) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const link = (s) => `[${s.title}](availability/${s.name}.md)`;
// As the chaos suite counts them (deploy/chaos/src/report/markdown-report.ts lostWrites).
const lostWrites = (s) => s.checks.lostPayments.length + s.checks.lostRefunds.length + s.checks.alteredPayments.length;
const ackedWrites = (s) => s.checks.ackedPayments + s.checks.ackedRefunds;

function scenario(run, name) {
  const found = run.scenarios.find((s) => s.name === name);
  if (found?.measurements === undefined || found.checks === undefined)
    throw new Error(`the chaos run ${run.runId} has no measured scenario ${name}`);
  return found;
}

/** The write RTO, and the longest write gap when it is much shorter: writes kept succeeding in between. */
function writesRto(s) {
  const { rtoMs, maxGapMs } = s.measurements.recovery.write;
  return maxGapMs < rtoMs / 2 ? `${secs(rtoMs)} (longest gap ${secs(maxGapMs)})` : secs(rtoMs);
}

function one(values, what) {
  const distinct = [...new Set(values)];
  if (distinct.length !== 1) throw new Error(`${what} differ: ${distinct.join(', ')}`);
  return distinct[0];
}

/** The manifests' and Patroni's settings the section quotes. */
export function readSettings() {
  const ingresses = parseAllDocuments(readFileSync(INGRESS, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o?.kind === 'Ingress');
  const annotation = (key) => one(ingresses.map((i) => i.metadata.annotations[`nginx.ingress.kubernetes.io/${key}`]), key);
  const patroni = (file) => parse(readFileSync(file, 'utf8').replace(/\$\{?\w+\}?/g, 'x')).bootstrap.dcs;
  const hpas = parseAllDocuments(readFileSync(PRODUCTION_SCALE, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o?.kind === 'HorizontalPodAutoscaler');
  return {
    connectTimeoutSeconds: Number(annotation('proxy-connect-timeout')),
    nextUpstream: annotation('proxy-next-upstream'),
    patroniTtlSeconds: patroni(PATRONI_IN_IMAGE).ttl,
    localPatroniTtlSeconds: patroni(PATRONI_LOCAL).ttl,
    maxConnections: patroni(PATRONI_IN_IMAGE).postgresql.parameters.max_connections,
    maxReplicas: one(hpas.map((h) => h.spec.maxReplicas), 'the production HPAs\' maxReplicas'),
  };
}

export function renderFailureCosts(run, settings) {
  const rows = ROWS.map(([what, name]) => ({ what, s: scenario(run, name) }));
  const ran = run.scenarios.filter((s) => s.checks !== undefined);
  const lossy = ran.filter((s) => lostWrites(s) > 0);
  const totalLost = ran.reduce((n, s) => n + lostWrites(s), 0);
  const totalAcked = ran.reduce((n, s) => n + ackedWrites(s), 0);
  const users = [...new Set(rows.map(({ s }) => s.users))].join(' or ');
  const replica = scenario(run, 'replica-loss');
  const rowsLost = rows.reduce((n, { s }) => n + lostWrites(s), 0);
  const ttlSource =
    settings.patroniTtlSeconds === settings.localPatroniTtlSeconds
      ? 'the ttl the local figures above were measured with'
      : `while the local figures above were measured with ttl ${settings.localPatroniTtlSeconds} s`;

  return [
    begin('failure-costs'),
    `The chaos suite (its run \`${run.runId}\`, commit \`${run.gitCommit}\`) measures each failure on the`,
    `local stack (${run.host.cpus} cores): processes are killed by signal under load from ${users} clients that retry as`,
    '[docs/architecture.md](architecture.md#idempotency) says. On the cluster the same components fail, so these',
    'are the figures to expect per component. A whole node going down combines the rows of the pods it',
    'held. The suite has not measured that combination, and has not run on a cluster.',
    '',
    '| what fails | closest measured scenario | writes RTO | reads RTO | logins RTO | failed requests | acknowledged writes lost |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(({ what, s }) => {
      const { recovery, ops } = s.measurements;
      const verdict = s.outcome === 'pass' ? '' : ` (${s.outcome})`;
      return `| ${what} | ${link(s)}${verdict} | ${writesRto(s)} | ${secs(recovery.read.rtoMs)} | ${secs(recovery.login.rtoMs)} | ${ops.failed} of ${ops.total} | ${lostWrites(s)} |`;
    }),
    '',
    rowsLost === 0 ? 'No acknowledged write was lost in any of these.' : `These rows lost ${rowsLost} acknowledged writes.`,
    `Over its ${ran.length} faults the run lost ${totalLost} of ${totalAcked} acknowledged payments and refunds` +
      (lossy.length === 0 ? '.' : `: ${lossy.map((s) => `${lostWrites(s)} in ${link(s)}`).join(', ')}.`),
    ...lossy.map((s) => NO_COUNTERPART[s.name]).filter(Boolean),
    '',
    "What is different on a cluster, taken from Kubernetes' and Patroni's design and not measured:",
    '',
    '- A node that dies outright stops answering without closing its connections. Kubernetes marks its',
    "  pods not ready only after the controller manager's node-monitor grace period (50 s by default;",
    '  40 s in older releases), so until then ingress-nginx still picks them. A request whose connection',
    `  cannot be opened within the ${settings.connectTimeoutSeconds} s connect timeout goes to another pod`,
    `  (\`proxy-next-upstream: ${settings.nextUpstream}\`): nginx retries whatever it has not yet sent, POSTs included.`,
    "- Patroni's failover does not wait for Kubernetes: the leader lock in the `stayup-db` Endpoints",
    `  expires after ttl ${settings.patroniTtlSeconds} s, ${ttlSource}.`,
    "- For Patroni's DCS, the API server takes etcd's place. With `failsafe_mode`, a leader that loses",
    '  the API server keeps writing while it still reaches the other member. Locally, the etcd-loss',
    '  scenario measures exactly that.',
    "- Node C holds no database member, so losing the node with the replica leaves the leader without",
    "  a standby until the replica's pod is rescheduled and has caught up. The measured replica-loss",
    `  scenario (which also rebuilds the replica under load) saw a longest write gap of ${secs(replica.measurements.recovery.write.maxGapMs)}`,
    `  and ${replica.measurements.ops.byClass.write.failed} failed writes. A third Patroni member on node C (\`replicas: 3\`) would keep a standby`,
    '  through that time. It has not been measured.',
    end('failure-costs'),
  ].join('\n');
}

// As bench/src/report/format.ts prints them, so figures read the same as in docs/performance.md.
const count = (n) => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const rate = (n) => (n >= 100 ? count(n) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const times = (n) => (n >= 10 ? Math.round(n).toString() : n.toFixed(1));

/**
 * 10× and 100× the load the benchmark drove at saturation, against the ceilings it measured in the
 * same run. The conclusions are prose; a run whose figures no longer support them throws, for a
 * person to rethink them rather than a generator to reword them.
 */
export function renderLoad(bench, settings) {
  const workload = (name) => {
    const found = bench.workloads.find((w) => w.name === name);
    if (found === undefined) throw new Error(`the benchmark run has no workload ${name}`);
    return found;
  };
  const okPerSecond = (name) => workload(name).saturation.okPerSecond;
  const writes = (name) => workload(name).sqlPerRequest.primary;
  const { pgbenchCreate, pgbenchRead, hash } = bench.ceilings;
  const cpus = bench.machine.nproc;
  const create = okPerSecond('create');
  const read = okPerSecond('read');
  const login = okPerSecond('login');
  const refresh = okPerSecond('refresh');
  const writerReachedAt = pgbenchCreate.tps / create;
  const hashPerCore = hash.perSecond / cpus;
  const expect = (holds, conclusion) => {
    if (!holds) throw new Error(`the benchmark run no longer supports "${conclusion}": rethink docs/scale-out.md's load section`);
  };
  expect(writerReachedAt > 1 && writerReachedAt < 10, 'at 10×, the single writer becomes the limit');
  expect((100 * read) / pgbenchRead.tps > 1, 'at 100×, reads exceed one replica');
  expect((10 * read) / pgbenchRead.tps < 1, 'reads at 10× stay within one replica');
  const row = (title, rps, limit, ceiling) =>
    `| ${title} | ${rate(rps)}/s | ${rate(10 * rps)}/s | ${rate(100 * rps)}/s | ${limit} | ${ceiling} |`;

  return [
    begin('load'),
    `"Today" is what the benchmark drove through the whole stack at saturation on the ${cpus}-core machine`,
    `([performance.md](performance.md), run of commit \`${bench.git.commit}\`). Each ceiling was measured in the same`,
    'run with `pgbench` or `redis-benchmark` against the same servers:',
    '',
    '| workload | today at saturation | 10× | 100× | the part that limits it first | its ceiling in the same run |',
    '| --- | ---: | ---: | ---: | --- | ---: |',
    row('payment create', create, `the single Postgres writer (${writes('create').toFixed(1)} statements per create, synchronous replication)`,
      `${rate(pgbenchCreate.tps)}/s (pgbench of the create path's SQL, ${pgbenchCreate.clients} clients)`),
    row('authenticated read', read, "one replica's primary-key reads", `${rate(pgbenchRead.tps)}/s (pgbench, ${pgbenchRead.clients} clients)`),
    row('login', login, 'argon2id hashing in auth',
      `${rate(hash.perSecond)}/s on ${cpus} cores (${hash.processes} processes × ${hash.threadsPerProcess} threads)`),
    row('token refresh', refresh, `auth CPU (${workload('refresh').coresUsed.toFixed(2)} cores used at ${rate(refresh)}/s)`, '–'),
    '',
    `- **At 10×, the single writer becomes the limit.** ${rate(10 * create)} creates a second is more than the`,
    `  ${rate(pgbenchCreate.tps)}/s the writer sustained for the create path's SQL alone, so creates reach the writer's`,
    `  ceiling at about ${times(writerReachedAt)}× today (${rate(pgbenchCreate.tps)} / ${rate(create)}). Refunds issue ${writes('refund').toFixed(1)} statements each,`,
    `  ${times(writes('refund') / writes('create'))} times a create's ${writes('create').toFixed(1)}, so they weigh that much more on the same writer. Reads at 10×`,
    `  are ${Math.round((100 * 10 * read) / pgbenchRead.tps)} % of one replica's ceiling. Logins and refreshes grow with auth pods: that is the`,
    `  HPA's job, up to \`maxReplicas\` ${settings.maxReplicas} per service. At today's rate per core, ${rate(10 * login)} logins a second`,
    `  need about ${Math.round((10 * login) / hashPerCore)} cores of hashing (${rate(hash.perSecond)}/s per ${cpus} cores). Steps that keep one writer: a larger`,
    '  database node (its ceiling has not been measured here), fewer statements per create (each one is',
    '  a round trip and WAL that the synchronous replica must confirm), and connection pooling in front',
    `  of Postgres once pods × pool size exceeds \`max_connections\` (${settings.maxConnections}).`,
    `- **At 100×, one writer cannot do it.** ${rate(100 * create)} creates a second is ${times((100 * create) / pgbenchCreate.tps)} times the measured`,
    `  writer ceiling, and reads are ${times((100 * read) / pgbenchRead.tps)} times one replica's. Reads scale with more replicas:`,
    '  `stayup-db-replicas` balances over every replica pod, and only one of them needs to be',
    '  synchronous. Writes need more than one writer: the payment database has to be sharded.',
    end('load'),
  ].join('\n');
}

/** Where a generated section stands in the doc, markers included; throws unless exactly once. */
export function sectionBounds(doc, name) {
  const start = doc.indexOf(begin(name));
  const stop = doc.indexOf(end(name));
  if (start < 0 || stop < start || doc.indexOf(begin(name), start + 1) >= 0)
    throw new Error(`${DOC} needs its generated section ${name} once (${begin(name)} … ${end(name)})`);
  return [start, stop + end(name).length];
}

export function withSection(doc, name, section) {
  const [start, stop] = sectionBounds(doc, name);
  return doc.slice(0, start) + section + doc.slice(stop);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Each section as the published runs and today's manifests render it. */
export function currentSections() {
  const settings = readSettings();
  return {
    'failure-costs': renderFailureCosts(readJson(CHAOS_RUN), settings),
    load: renderLoad(readJson(BENCH_RUN), settings),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const doc = Object.entries(currentSections()).reduce(
      (text, [name, section]) => withSection(text, name, section),
      readFileSync(DOC, 'utf8'),
    );
    writeFileSync(DOC, doc);
    console.log(`scale-out-doc: rewrote ${path.relative(REPO, DOC)} (${Object.keys(SECTIONS).join(', ')})`);
  } catch (err) {
    console.error(`scale-out-doc: ${path.relative(REPO, DOC)} NOT rewritten: ${err.message}`);
    process.exitCode = 1;
  }
}
