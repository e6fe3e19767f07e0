// What to do when the store is empty: where to send OTLP.
import { h } from '../dom.js';

export function otlpEndpointsHelp() {
  const host = location.hostname || '127.0.0.1';
  return h('div', { class: 'empty card onboarding' },
    h('h2', {}, 'No traces yet'),
    h('p', {}, 'No service has sent spans to this Spanvault. Point an OpenTelemetry SDK, agent or Collector at its OTLP receiver (the default ports):'),
    h('dl', { class: 'endpoints' },
      h('dt', {}, 'OTLP/gRPC'), h('dd', {}, h('code', {}, `${host}:4317`)),
      h('dt', {}, 'OTLP/HTTP'), h('dd', {}, h('code', {}, `http://${host}:4318/v1/traces`))),
    h('p', {}, 'For example, for any SDK:'),
    h('pre', {}, `OTEL_EXPORTER_OTLP_ENDPOINT=http://${host}:4318\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nOTEL_SERVICE_NAME=my-service`),
    h('p', { class: 'hint' }, 'These are the defaults of the otlp receiver; your configuration may listen elsewhere. Reload this page once spans have been sent.'));
}
