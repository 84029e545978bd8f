// Keys whose values never reach a log line, at any of the first three levels of a log object.
const SENSITIVE_KEYS = [
  'password',
  'newPassword',
  'new_password',
  'currentPassword',
  'current_password',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'secret',
  'clientSecret',
  'client_secret',
  'signingSecret',
  'signing_secret',
  'apiKey',
  'api_key',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
];

export const REDACT_PATHS: string[] = SENSITIVE_KEYS.flatMap((key) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? [key, `*.${key}`, `*.*.${key}`] : [`*["${key}"]`, `*.*["${key}"]`],
);

export const REDACT_CENSOR = '[REDACTED]';
