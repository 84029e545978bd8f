import { Injectable } from '@nestjs/common';
import { Database } from '@app/database';

import { uuidV7 } from '../../shared/uuid-v7.js';
import { generateEndpointSecret } from '../outbound/standard-webhook.signature.js';
import { assertAllowedTarget } from '../ssrf/ssrf-guard.js';
import { WebhookSettings } from '../webhook-settings.js';
import { type CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto.js';
import { toWebhookEndpointBody, type WebhookEndpointBody } from './webhook-endpoint.presenter.js';
import { WebhookEndpointNotFoundError } from './webhook-endpoints.errors.js';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository.js';
import { WebhookSecrets } from './webhook-secrets.js';

@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly db: Database,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly settings: WebhookSettings,
    private readonly secrets: WebhookSecrets,
  ) {}

  async create(userId: string, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointBody> {
    const url = await assertAllowedTarget(dto.url, this.settings.targets);
    const id = uuidV7();
    const secret = generateEndpointSecret();
    const row = await this.endpoints.insert(this.db.writer, {
      id,
      user_id: userId,
      url: url.toString(),
      events: [...new Set(dto.events ?? [])],
      secret: this.secrets.seal(id, secret),
    });
    return toWebhookEndpointBody(row, secret);
  }

  // From the primary: a merchant checks the endpoint it just registered.
  async list(userId: string): Promise<WebhookEndpointBody[]> {
    const rows = await this.endpoints.listOwn(this.db.writer, userId);
    return rows.map((row) => toWebhookEndpointBody(row));
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.endpoints.deleteOwn(this.db.writer, userId, id)))
      throw new WebhookEndpointNotFoundError();
  }
}
