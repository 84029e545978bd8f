import { describe, expect, it } from '@jest/globals';

import { captureLogs, createLogger, createRootLogger, type Logger, setLogDestination } from './logger.js';
import { runWithRequestId } from './request-context.js';

function loggerWithLines(level = 'info'): { sut: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sut = createRootLogger({
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { sut, lines };
}

describe(createRootLogger.name, () => {
  it('writes JSON lines with the level as a label', () => {
    const { sut, lines } = loggerWithLines();

    sut.info({ order: 1 }, 'hello');

    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'hello', order: 1 })]);
  });

  it('honours the level and falls back to info for an unknown one', () => {
    const quiet = loggerWithLines('warn');
    const unknown = loggerWithLines('chatty');

    quiet.sut.info('dropped');
    unknown.sut.debug('dropped');
    unknown.sut.info('kept');

    expect(quiet.lines).toHaveLength(0);
    expect(unknown.lines.map((line) => line['msg'])).toEqual(['kept']);
  });

  it('adds request_id inside a request context only', () => {
    const { sut, lines } = loggerWithLines();

    sut.info('outside');
    runWithRequestId('ctx-req-0001', () => sut.child({ component: 'x' }).info('inside'));

    expect(lines[0]).not.toHaveProperty('request_id');
    expect(lines[1]).toMatchObject({ request_id: 'ctx-req-0001', component: 'x' });
  });

  it('does not repeat request_id when the logger already binds it', () => {
    const raw: string[] = [];
    const sut = createRootLogger({ destination: { write: (line: string) => void raw.push(line) } });

    runWithRequestId('ctx-req-0002', () => sut.child({ request_id: 'ctx-req-0002' }).info('once'));

    expect(raw[0]?.match(/"request_id"/g)).toHaveLength(1);
  });

  it('redacts passwords, tokens, secrets and auth headers at any of the first three levels', () => {
    const { sut, lines } = loggerWithLines();

    sut.info(
      {
        password: 'p0',
        user: { password: 'p1', refresh_token: 't1' },
        req: { headers: { authorization: 'Bearer a1', cookie: 'c1' } },
        res: { headers: { 'set-cookie': 'c2' } },
        webhook: { secret: 's1' },
        kept: 'visible',
      },
      'redaction',
    );

    const text = JSON.stringify(lines[0]);
    for (const secret of ['p0', 'p1', 't1', 'a1', 'c1', 'c2', 's1']) expect(text).not.toContain(`"${secret}`);
    expect(lines[0]).toMatchObject({ kept: 'visible', user: { password: '[REDACTED]' } });
  });
});

describe(setLogDestination.name, () => {
  it('redirects loggers created before the redirect and restores the previous target', () => {
    const sut = createLogger('early-component');
    const first = captureLogs();
    const second = captureLogs();

    sut.warn('to second');
    second.restore();
    sut.warn('to first');
    first.restore();

    expect(second.lines).toEqual([
      expect.objectContaining({ component: 'early-component', msg: 'to second' }),
    ]);
    expect(first.lines).toEqual([expect.objectContaining({ msg: 'to first' })]);
  });
});
