import 'reflect-metadata';

import { HttpEnv, loadConfig } from '@app/config';

import { createSimulatorApp, nestLogLevels } from './simulator.app.js';
import { SimulatorEnv, simulatorOptionsFromEnv } from './simulator.env.js';

const { http, simulator } = loadConfig({ http: HttpEnv, simulator: SimulatorEnv });
const app = await createSimulatorApp(simulatorOptionsFromEnv(simulator), {
  bodyLimitBytes: http.BODY_LIMIT_BYTES,
  logLevels: nestLogLevels(http.LOG_LEVEL),
});
await app.listen({ port: http.PORT, host: http.HOST });
