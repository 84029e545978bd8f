export { type PgCluster, type StartPostgresOptions, startPostgres } from './pg-cluster.js';
export { type PgNode, type PgStopMode } from './pg-server.node.js';
