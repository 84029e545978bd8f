import 'reflect-metadata';
import { startHttpApp } from '@app/server';
import { AppModule } from './app.module.js';
import { AuthRuntime } from './auth-runtime.js';
import { loadAuthConfig } from './config/auth.config.js';

const config = loadAuthConfig();
const runtime = await AuthRuntime.create(config);
await startHttpApp(AppModule.forRoot(runtime), config.http, {
  service: 'auth-service',
  swagger: { title: 'auth-service', version: '1.0' },
});
