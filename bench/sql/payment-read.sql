-- The authenticated read's query (apps/payment-service/src/payments/payments.repository.ts findOwn):
-- one payment by primary key and owner, on the replica through the HAProxy reader port, as the
-- service's own role.
SELECT * FROM payments WHERE id = :payment_id AND user_id = :user;
