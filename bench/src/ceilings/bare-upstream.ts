// A bare node:http server standing in for a service behind nginx: it reads the request and answers
// a fixed body, so nginx → upstream costs what it costs without any application work.
//   node bare-upstream.js <port> <answers.json>   answers: [{ method, pathPrefix, status, body }]
import { readFileSync } from 'node:fs';
import http from 'node:http';

export interface BareAnswer {
  method: string;
  pathPrefix: string;
  status: number;
  body: string;
}

export function answerFor(answers: readonly BareAnswer[], method: string, url: string): BareAnswer {
  return (
    answers.find((a) => a.method === method && url.startsWith(a.pathPrefix)) ?? {
      method,
      pathPrefix: '/',
      status: 404,
      body: '{"status":404}',
    }
  );
}

function serve(port: number, answers: readonly BareAnswer[]): void {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answerFor(answers, req.method ?? 'GET', req.url ?? '/');
      res.writeHead(answer.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(answer.body),
      });
      res.end(answer.body);
    });
  });
  // No idle timeout: nginx keeps upstream connections for 60 s, and the real services (Fastify) outlive that too.
  server.keepAliveTimeout = 0;
  server.listen(port, '127.0.0.1', () => process.send?.('ready'));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

if (process.argv[1]?.endsWith('bare-upstream.js')) {
  const [port, file] = process.argv.slice(2);
  serve(Number(port), JSON.parse(readFileSync(file, 'utf8')) as BareAnswer[]);
}
