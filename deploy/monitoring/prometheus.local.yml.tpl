# Prometheus of the local stack, rendered by deploy/local/stack.sh (envsubst) into
# $STACK_DIR/prometheus/prometheus.yml. Evaluation, and scrapes of what the alerts read, every
# second, so an alert goes pending within seconds of its fault (the chaos suite checks it);
# compose uses prometheus.yml (15 s).
global:
  scrape_interval: 1s
  scrape_timeout: 900ms
  evaluation_interval: 1s

rule_files: ['${REPO}/deploy/monitoring/stayup-rules.yml']

scrape_configs:
  - job_name: prometheus
    static_configs: [{ targets: ['127.0.0.1:${PROMETHEUS_PORT}'] }]
  - job_name: auth-service
    static_configs: [{ targets: ['127.0.0.1:${AUTH_1_PORT}', '127.0.0.1:${AUTH_2_PORT}'] }]
  - job_name: payment-service
    static_configs: [{ targets: ['127.0.0.1:${PAYMENT_1_PORT}', '127.0.0.1:${PAYMENT_2_PORT}'] }]
  # Patroni's REST API serves /metrics itself; HAProxy's built-in exporter answers on the stats port.
  - job_name: patroni
    static_configs: [{ targets: ['127.0.0.1:${PATRONI_1_REST_PORT}', '127.0.0.1:${PATRONI_2_REST_PORT}'] }]
  - job_name: haproxy
    scrape_interval: 5s
    scrape_timeout: 4s
    static_configs: [{ targets: ['127.0.0.1:${HAPROXY_STATS_PORT}'] }]
  # One redis_exporter, asked for each Redis in turn (its multi-target /scrape endpoint).
  - job_name: redis
    metrics_path: /scrape
    static_configs: [{ targets: ['redis://127.0.0.1:${REDIS_1_PORT}', 'redis://127.0.0.1:${REDIS_2_PORT}'] }]
    relabel_configs:
      - { source_labels: [__address__], target_label: __param_target }
      - { source_labels: [__param_target], target_label: instance }
      - { target_label: __address__, replacement: '127.0.0.1:${REDIS_EXPORTER_PORT}' }
  - job_name: nginx
    scrape_interval: 5s
    scrape_timeout: 4s
    static_configs: [{ targets: ['127.0.0.1:${NGINX_EXPORTER_PORT}'] }]
  # Slower sources (node-wide and per-database statistics) every 15 s: nothing pages on them within
  # seconds, and postgres_exporter runs dozens of queries per scrape.
  - job_name: postgres
    scrape_interval: 15s
    scrape_timeout: 10s
    static_configs: [{ targets: ['127.0.0.1:${POSTGRES_EXPORTER_PORT}'] }]
  - job_name: node
    scrape_interval: 15s
    scrape_timeout: 10s
    static_configs: [{ targets: ['127.0.0.1:${NODE_EXPORTER_PORT}'] }]
