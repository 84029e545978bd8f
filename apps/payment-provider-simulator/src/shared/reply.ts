// The two Fastify reply methods the controllers use; fastify itself is not a direct dependency.
export interface Reply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}
