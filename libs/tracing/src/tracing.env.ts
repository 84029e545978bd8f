import 'reflect-metadata';
import { BooleanString } from '@app/config';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUrl } from 'class-validator';

const OTLP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The standard OTEL_* variables this repo reads (the exporter reads the rest itself, e.g.
 * OTEL_EXPORTER_OTLP_HEADERS). Tracing is on only when an OTLP endpoint is set.
 */
export class TracingEnv {
  @IsOptional()
  @IsUrl(OTLP_URL)
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @IsUrl(OTLP_URL)
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  // The one exporter shipped; grpc and http/json would be other packages.
  @IsIn(['http/protobuf'])
  OTEL_EXPORTER_OTLP_PROTOCOL: string = 'http/protobuf';

  @IsIn(['http/protobuf'])
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: string = 'http/protobuf';

  @BooleanString()
  @IsBoolean()
  OTEL_SDK_DISABLED: boolean = false;

  @IsString()
  @IsNotEmpty()
  OTEL_SERVICE_NAME: string = 'unknown_service:node';
}

export function isTracingEnabled(env: TracingEnv): boolean {
  if (env.OTEL_SDK_DISABLED) return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT);
}
