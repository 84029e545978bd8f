import { CommaSeparated } from '@app/config';
import { IsArray, IsInt, Matches, Max, Min } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

// Numbers carry explicit `: number` annotations: implicit conversion reads the emitted design type.
/** Database section of the environment; load it with `loadConfig({ db: DatabaseEnv })` from @app/config. */
export class DatabaseEnv {
  @Matches(POSTGRES_URL)
  DB_WRITER_URL: string;

  /** Comma-separated; empty means every read goes to the writer. */
  @CommaSeparated()
  @IsArray()
  @Matches(POSTGRES_URL, { each: true })
  DB_READER_URLS: string[] = [];

  @IsInt()
  @Min(1)
  @Max(1_000)
  DB_POOL_MAX: number = 10;

  /** 0 disables the server-side limit. */
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS: number = 5_000;

  @IsInt()
  @Min(1)
  DB_CONNECT_TIMEOUT_MS: number = 2_000;

  @IsInt()
  @Min(0)
  DB_IDLE_TIMEOUT_MS: number = 30_000;
}
