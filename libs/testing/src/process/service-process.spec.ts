import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from '@jest/globals';

import { runOnce } from './run-once.js';
import { startService } from './service-process.js';

// A real child: readiness turns 200 after a short start-up; it answers its pid so restarts show.
const SERVER = `
import { createServer } from 'node:http';
const started = Date.now();
createServer((req, res) => {
  if (req.url === '/health/ready' && Date.now() - started < 200) return res.writeHead(503).end();
  res.writeHead(200).end(String(process.pid));
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => { console.log('draining'); process.exit(0); });
`;

describe(startService.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'service-process-spec-'));
  const entry = join(dir, 'server.mjs');
  writeFileSync(entry, SERVER);
  writeFileSync(join(dir, 'crash.mjs'), `console.error('missing DB_WRITER_URL'); process.exit(3);`);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a child on a free port, waits for readiness, and restarts it on the same port after a kill', async () => {
    const sut = await startService({ entry, name: 'fixture' });
    try {
      const firstPid = await (await fetch(sut.url)).text();
      expect(firstPid).toBe(String(sut.pid));

      await sut.kill();
      expect(sut.isRunning()).toBe(false);
      await expect(fetch(sut.url)).rejects.toThrow();

      await sut.start();
      expect(await (await fetch(sut.url)).text()).not.toBe(firstPid);
    } finally {
      await sut.close();
    }
  });

  it('stops with SIGTERM so the child can drain', async () => {
    const sut = await startService({ entry });

    await sut.stop();

    expect(sut.isRunning()).toBe(false);
    expect(sut.logs()).toContain('draining');
    await sut.close();
  });

  it('fails with the child output when it exits before it is ready', async () => {
    await expect(startService({ entry: join(dir, 'crash.mjs'), name: 'crasher' })).rejects.toThrow(
      /crasher exited with code 3 before it was ready[\s\S]*missing DB_WRITER_URL/,
    );
  });

  it('refuses an entry that was not built', async () => {
    await expect(startService({ entry: join(dir, 'dist', 'main.js') })).rejects.toThrow(
      /build the project first/,
    );
  });
});

describe(runOnce.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-once-spec-'));
  writeFileSync(join(dir, 'ok.mjs'), `console.log('applied', process.env.GREETING);`);
  writeFileSync(join(dir, 'fail.mjs'), `console.error('relation "users" already exists'); process.exit(1);`);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves with the output of a script that exits 0', async () => {
    await expect(runOnce({ entry: join(dir, 'ok.mjs'), env: { GREETING: 'hello' } })).resolves.toContain(
      'applied hello',
    );
  });

  it('rejects with the output of a script that fails', async () => {
    await expect(runOnce({ entry: join(dir, 'fail.mjs') })).rejects.toThrow(/code 1[\s\S]*already exists/);
  });
});
