import { DomainError } from '@app/problem-details';

export class WebhookTargetRefusedError extends DomainError {
  readonly code = 'webhook-target-refused';
  readonly title = 'Webhook URL refused';
  readonly status = 422;

  constructor(reason: string) {
    super(`The webhook URL is not allowed: ${reason}.`);
  }
}
