import 'reflect-metadata';
import { startHttpApp } from '@app/server';
import { AppModule, SERVICE_NAME } from './app.module.js';
import { loadAuthConfig } from './config/auth.config.js';

const config = loadAuthConfig();
await startHttpApp(AppModule.forRoot(config), config.http, {
  service: SERVICE_NAME,
  swagger: { title: 'auth-service', version: '1.0' },
});
