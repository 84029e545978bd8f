import 'reflect-metadata';

import { startHttpApp } from '@app/server';

import { AppModule, SERVICE_NAME } from './app.module.js';
import { loadPaymentConfig } from './config/env.js';

const config = loadPaymentConfig();
await startHttpApp(AppModule.forRoot(config), config.http, {
  service: SERVICE_NAME,
  swagger: { title: 'Payment service', version: '1.0' },
});
