import { DomainError } from '@app/problem-details';

export class WebhookEndpointNotFoundError extends DomainError {
  readonly code = 'webhook-endpoint-not-found';
  readonly title = 'Webhook endpoint not found';
  readonly status = 404;

  constructor() {
    super('No webhook endpoint with this id exists for the authenticated user.');
  }
}
