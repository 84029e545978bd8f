import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { AuthGuard, CurrentUser, type PaymentUser } from '../../auth/auth.port.js';
import { UuidOrNotFoundPipe } from '../../http/uuid-or-not-found.pipe.js';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto.js';
import {
  CreatedWebhookEndpointResponse,
  WebhookEndpointListResponse,
} from './dto/webhook-endpoint.response.js';
import { type WebhookEndpointBody } from './webhook-endpoint.presenter.js';
import { WebhookEndpointNotFoundError } from './webhook-endpoints.errors.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @ApiCreatedResponse({
    type: CreatedWebhookEndpointResponse,
    description: 'Registered; `secret` is shown only in this answer',
  })
  @ApiUnprocessableEntityResponse({
    description: 'Invalid body, or a URL the SSRF guard refuses (not https, private or loopback address)',
  })
  create(
    @CurrentUser() user: PaymentUser,
    @Body() dto: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointBody> {
    return this.endpoints.create(user.id, dto);
  }

  @Get()
  @ApiOkResponse({ type: WebhookEndpointListResponse })
  async list(@CurrentUser() user: PaymentUser): Promise<{ object: 'list'; data: WebhookEndpointBody[] }> {
    return { object: 'list', data: await this.endpoints.list(user.id) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its undelivered events' })
  @ApiNotFoundResponse({ description: 'No such endpoint for this user' })
  delete(
    @CurrentUser() user: PaymentUser,
    @Param('id', new UuidOrNotFoundPipe(() => new WebhookEndpointNotFoundError())) id: string,
  ): Promise<void> {
    return this.endpoints.delete(user.id, id);
  }
}
