import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { WebhookSettings } from '../webhook-settings.js';
import { type InboundResult } from './inbound-result.js';
import { noteInboundResult, PSP_WEBHOOK_ROUTE } from './psp-webhook.hooks.js';
import { parsePspEvent } from './psp-event.js';
import { checkPspSignature } from './psp-signature.js';
import { InvalidPspWebhookError } from './psp-webhooks.errors.js';
import { PspWebhooksService } from './psp-webhooks.service.js';

/**
 * POST /webhooks/psp: the provider's events. The signature is checked over the raw bytes before
 * anything is read from them; the answer is 2xx as soon as the event's one transaction commits.
 */
@ApiTags('webhooks')
@Controller()
export class PspWebhooksController {
  constructor(
    private readonly service: PspWebhooksService,
    private readonly settings: WebhookSettings,
  ) {}

  @Post(PSP_WEBHOOK_ROUTE.slice(1))
  @HttpCode(200)
  @ApiHeader({
    name: 'Psp-Signature',
    required: true,
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">',
  })
  @ApiBody({
    description: 'A provider event, read as the exact bytes signed (any content type)',
    schema: {
      type: 'object',
      example: { id: 'evt_…', type: 'payment.succeeded', created: 1763780000, data: {} },
    },
  })
  @ApiOkResponse({
    description: 'Taken (applied or ignored), a duplicate, or an event type this service does not handle',
  })
  @ApiBadRequestResponse({
    description: 'Unsigned, bad signature, timestamp outside ±300 s, or not a provider event',
  })
  async receive(
    @Req() req: object,
    @Headers('psp-signature') signature: string | undefined,
    @Body() body: Buffer | undefined,
  ): Promise<{ received: true; result: string }> {
    const rawBody = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const result = await this.handle(rawBody, signature).catch((err: unknown) => {
      noteInboundResult(req, err instanceof InvalidPspWebhookError ? err.result : 'error');
      throw err;
    });
    noteInboundResult(req, result);
    return { received: true, result };
  }

  private async handle(rawBody: Buffer, signature: string | undefined): Promise<InboundResult> {
    const check = checkPspSignature(
      signature,
      rawBody,
      this.settings.pspSecret,
      this.settings.pspToleranceSeconds,
    );
    if (check !== 'valid') throw new InvalidPspWebhookError(check);
    const parsed = parsePspEvent(rawBody);
    switch (parsed.kind) {
      case 'malformed':
        throw new InvalidPspWebhookError('malformed');
      case 'unknown_type':
        // 200, not 400: a signed event of a type we do not handle is not an error, and a 4xx would
        // make the provider retry it for days. Nothing is stored; the metric counts it.
        return 'unknown_type';
      case 'unusable':
        return this.service.ignore(parsed.id, parsed.type, parsed.raw, parsed.reason);
      case 'event':
        return this.service.receive(parsed.event, parsed.raw);
    }
  }
}
