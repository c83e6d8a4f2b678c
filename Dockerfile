# One image for every Performa process; the compose file picks the process with `command`.
# Build stage: install, build, then drop dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY infra/package.json infra/
COPY services/platform/package.json services/platform/
COPY services/hr/package.json services/hr/
COPY services/strategy/package.json services/strategy/
COPY services/finance/package.json services/finance/
COPY services/scorecard/package.json services/scorecard/
COPY services/notifications/package.json services/notifications/
COPY gateway/package.json gateway/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx turbo run build --filter=@performa/gateway... --filter=@performa/infra \
 && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: only what runs, as the unprivileged node user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/schemas ./schemas
COPY --from=build --chown=node:node /app/services/platform/package.json ./services/platform/
COPY --from=build --chown=node:node /app/services/platform/dist ./services/platform/dist
COPY --from=build --chown=node:node /app/services/hr/package.json ./services/hr/
COPY --from=build --chown=node:node /app/services/hr/dist ./services/hr/dist
COPY --from=build --chown=node:node /app/services/strategy/package.json ./services/strategy/
COPY --from=build --chown=node:node /app/services/strategy/dist ./services/strategy/dist
COPY --from=build --chown=node:node /app/services/finance/package.json ./services/finance/
COPY --from=build --chown=node:node /app/services/finance/dist ./services/finance/dist
COPY --from=build --chown=node:node /app/services/scorecard/package.json ./services/scorecard/
COPY --from=build --chown=node:node /app/services/scorecard/dist ./services/scorecard/dist
COPY --from=build --chown=node:node /app/services/notifications/package.json ./services/notifications/
COPY --from=build --chown=node:node /app/services/notifications/dist ./services/notifications/dist
COPY --from=build --chown=node:node /app/infra/package.json ./infra/
COPY --from=build --chown=node:node /app/infra/dist ./infra/dist
COPY --from=build --chown=node:node /app/gateway/package.json ./gateway/
COPY --from=build --chown=node:node /app/gateway/dist ./gateway/dist
USER node
CMD ["node", "gateway/dist/main.js"]
