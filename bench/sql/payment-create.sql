-- The payment-create path of payment-service, statement for statement as the service sends them
-- (apps/payment-service/src/payments/payments.service.ts, payments.repository.ts,
-- idempotency/idempotency.repository.ts, webhooks/outbound/outbox.writer.ts; checked against
-- pg_stat_statements under load): a new key is claimed and its processing payment inserted in one
-- statement; then, once the provider answered, ONE statement settles the payment, writes its
-- outbox event with its deliveries and completes the key, all gated on the claim (no transaction
-- block: each statement commits on its own, with synchronous replication as configured).
-- The provider call between them is measured on its own ("provider hop"); the simulator's webhook
-- that follows it is the webhook workload.
-- Run by bench/src/ceilings/pgbench.ts through the HAProxy writer port as the service's own role;
-- every row carries user_id = :user and is deleted after.
-- Ids are time-ordered like the service's UUIDv7, so index inserts land where the service's do; the
-- service passes the id, key and lock token as parameters, here the first statement makes them.
\set amount random(100, 100000)
WITH ids AS (
    SELECT (lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || substr(md5(random()::text), 1, 20))::uuid AS id),
  claim AS (
    INSERT INTO idempotency_keys (user_id, key, fingerprint, status, lock_token, locked_at, resource_id)
    SELECT :user, gen_random_uuid()::text, md5(random()::text) || md5(random()::text), 'in_flight', ids.id, now(), ids.id FROM ids
    ON CONFLICT (user_id, key) DO NOTHING
    RETURNING key, resource_id)
INSERT INTO payments (id, user_id, idempotency_key, amount, amount_refunded, currency, status, payment_method, description, metadata, created_at, updated_at)
  SELECT claim.resource_id, :user, claim.key, :amount, 0, 'usd', 'processing', 'pm_card_ok', NULL, '{}'::jsonb, now(), now() FROM claim
  RETURNING * \gset
WITH owned AS (
    SELECT 1 FROM idempotency_keys
    WHERE user_id = :user AND key = :idempotency_key AND lock_token = :id::uuid AND status = 'in_flight'
    FOR UPDATE),
  settled AS (
    UPDATE payments SET status = 'succeeded', provider_charge_id = 'ch_' || md5(:id), failure_code = NULL, updated_at = now()
    WHERE id = :id AND status = 'processing' AND EXISTS (SELECT 1 FROM owned)
    RETURNING id),
  event AS (
    INSERT INTO webhook_events (id, user_id, type, resource_id, body, traceparent)
    SELECT 'msg_' || md5(random()::text), :user, 'payment.succeeded', :id,
      json_build_object('id', 'msg', 'type', 'payment.succeeded', 'timestamp', now(), 'data', json_build_object(
        'id', :id::text, 'object', 'payment', 'amount', :amount::int, 'amount_refunded', 0, 'currency', 'usd',
        'status', 'succeeded', 'metadata', '{}'::json, 'created_at', now(), 'updated_at', now()))::text, NULL
    FROM settled
    RETURNING id),
  deliveries AS (
    INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
    SELECT gen_random_uuid(), event.id, e.id FROM event, webhook_endpoints e
    WHERE e.user_id = :user AND e.disabled_at IS NULL AND (cardinality(e.events) = 0 OR 'payment.succeeded' = ANY (e.events))
    RETURNING 1),
  changed AS (SELECT 1 FROM settled),
  completed AS (
    UPDATE idempotency_keys SET status = 'completed', response_status = 201,
      response_raw = json_build_object('id', :id::text, 'object', 'payment', 'amount', :amount::int, 'amount_refunded', 0,
        'currency', 'usd', 'status', 'succeeded', 'metadata', '{}'::json, 'created_at', now(), 'updated_at', now())::text,
      response_content_type = 'application/json; charset=utf-8', resource_id = coalesce(:id::uuid, resource_id), completed_at = now()
    WHERE user_id = :user AND key = :idempotency_key AND lock_token = :id::uuid AND status = 'in_flight'
      AND EXISTS (SELECT 1 FROM changed)
    RETURNING 1)
SELECT count(*) AS completed FROM completed;
