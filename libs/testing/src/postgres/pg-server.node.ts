import { readFile } from 'node:fs/promises';
import { type PgCommandRunner } from './pg-command.runner.js';

export type PgStopMode = 'fast' | 'immediate';

export interface PgNode {
  readonly host: string;
  readonly port: number;
  url(database: string): string;
  stop(mode?: PgStopMode): Promise<void>;
  start(): Promise<void>;
  isRunning(): boolean;
}

export interface PgCredentials {
  user: string;
  password: string;
}

/** One PostgreSQL server (a data directory) started and stopped with pg_ctl. */
export class PgServerNode implements PgNode {
  readonly host = '127.0.0.1';
  private running = false;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly logFile: string,
    private readonly credentials: PgCredentials,
    private readonly runner: PgCommandRunner,
  ) {}

  url(database: string): string {
    const { user, password } = this.credentials;
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${this.host}:${this.port}/${encodeURIComponent(database)}`;
  }

  isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    try {
      // The port is given on the command line, not in postgresql.conf, so a replica copied by
      // pg_basebackup never inherits the primary's port.
      await this.runner.run('pg_ctl', [
        '-D',
        this.dataDir,
        '-l',
        this.logFile,
        '-o',
        `-p ${this.port}`,
        '-w',
        '-t',
        '60',
        'start',
      ]);
    } catch (err) {
      throw new Error(`${this.name} did not start; log tail:\n${await this.logTail()}`, { cause: err });
    }
    this.running = true;
  }

  async stop(mode: PgStopMode = 'fast'): Promise<void> {
    if (!this.running) return;
    await this.runner.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
    this.running = false;
  }

  private async logTail(): Promise<string> {
    const log = await readFile(this.logFile, 'utf8').catch((err: Error) => `(no log: ${err.message})`);
    return log.split('\n').slice(-20).join('\n');
  }
}
