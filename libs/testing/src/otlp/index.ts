export { OtlpReceiver } from './otlp-receiver.js';
export { decodeTraceRequest, type ReceivedSpan, SPAN_KIND, type SpanKind } from './otlp-trace-request.js';
