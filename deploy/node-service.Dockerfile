# One image recipe for every Node service: build in the workspace, ship only APP's compiled output and
# production dependencies. Build from the repository root:
#   docker build -f deploy/node-service.Dockerfile --build-arg APP=auth-service .
# APP is an Nx app project: auth-service, payment-service or payment-provider-simulator.
ARG APP

FROM node:24-bookworm-slim AS workspace
RUN npm install -g --silent pnpm@12.21.0
WORKDIR /repo
COPY . .

FROM workspace AS build
ARG APP
RUN test -n "$APP" || { echo 'build with --build-arg APP=<nx app project>' >&2; exit 1; } \
 && pnpm install --frozen-lockfile \
 && NX_DAEMON=false NX_NO_CLOUD=true pnpm nx build $APP --outputStyle=static

FROM workspace AS prod-deps
RUN pnpm install --frozen-lockfile --prod --ignore-scripts

FROM node:24-bookworm-slim
ARG APP
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=prod-deps --chown=root:root /repo/node_modules ./node_modules
COPY --from=build --chown=root:root /repo/package.json ./package.json
# Workspace libs resolve to their dist/ through node_modules/@app/* links.
COPY --from=build --chown=root:root /repo/libs ./libs
COPY --from=build --chown=root:root /repo/apps/$APP/package.json ./apps/$APP/package.json
COPY --from=build --chown=root:root /repo/apps/$APP/dist ./apps/$APP/dist
RUN ln -s /app/apps/$APP/dist /app/dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "/app/dist/main.js"]
