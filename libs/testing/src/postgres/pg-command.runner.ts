import { execFile } from 'node:child_process';
import { chown, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const PG_OS_USER = 'postgres';

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * Runs PostgreSQL tools. initdb and postgres refuse to run as root, so when this process is root
 * every tool runs as the `postgres` OS user through runuser, and the files it needs are handed to that user.
 */
export class PgCommandRunner {
  private constructor(
    readonly binDir: string,
    private readonly osUser: OsUser | undefined,
  ) {}

  static async create(binDir: string): Promise<PgCommandRunner> {
    if (process.getuid?.() !== 0) return new PgCommandRunner(binDir, undefined);
    const [uid, gid] = await Promise.all([idOf('-u'), idOf('-g')]);
    return new PgCommandRunner(binDir, { uid, gid });
  }

  /** The argv that runs `tool` as the right OS user; also used by the cleanup watchdog. */
  argv(tool: string, args: string[]): string[] {
    const command = [join(this.binDir, tool), ...args];
    return this.osUser ? ['runuser', '-u', PG_OS_USER, '--', ...command] : command;
  }

  async run(tool: string, args: string[], env: Record<string, string> = {}): Promise<string> {
    const [file, ...rest] = this.argv(tool, args);
    try {
      const { stdout } = await execFileAsync(file, rest, {
        env: { ...process.env, ...env },
        timeout: 120_000,
      });
      return stdout;
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr?.trim();
      throw new Error(`${tool} ${args.join(' ')} failed: ${stderr || (err as Error).message}`, {
        cause: err,
      });
    }
  }

  /** Gives a path the harness created to the OS user the servers run as. */
  async own(path: string): Promise<void> {
    if (this.osUser) await chown(path, this.osUser.uid, this.osUser.gid);
  }

  async writeOwnedFile(path: string, content: string): Promise<void> {
    await writeFile(path, content, { mode: 0o600 });
    await this.own(path);
  }
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  try {
    const { stdout } = await execFileAsync('id', [flag, PG_OS_USER]);
    return Number(stdout.trim());
  } catch (err) {
    throw new Error(
      `running as root needs the '${PG_OS_USER}' OS user (created by \`apt-get install postgresql\`)`,
      { cause: err },
    );
  }
}
