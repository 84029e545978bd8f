import { PROBLEM_CONTENT_TYPE } from '@app/problem-details';

import { type IdempotencyRecordEntity } from './idempotency-record.entity.js';
import { type StoredResponse } from './idempotency.types.js';

// What Fastify itself sends for a JSON object, so a stored answer looks like any other.
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/**
 * An answer serialized once, here: the first response sends these bytes and the key stores them,
 * so a replay is byte-identical (clients and signatures compare bytes, not JSON values).
 */
export function storedJson(status: number, value: unknown, resourceId?: string): StoredResponse {
  return {
    status,
    body: JSON.stringify(value),
    contentType: status >= 400 ? PROBLEM_TYPE : JSON_TYPE,
    ...(resourceId === undefined ? {} : { resourceId }),
  };
}

/**
 * The answer a completed key replays. Keys completed before the bytes were stored hold a jsonb
 * value only (keys reordered by Postgres); they age out with the retention window.
 */
export function storedResponseOf(record: IdempotencyRecordEntity): StoredResponse | undefined {
  if (record.status !== 'completed' || record.responseStatus === null) return undefined;
  const status = record.responseStatus;
  return {
    status,
    body: record.responseRaw ?? JSON.stringify(record.responseBody),
    contentType: record.responseContentType ?? (status >= 400 ? PROBLEM_TYPE : JSON_TYPE),
  };
}
