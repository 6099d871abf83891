# syntax=docker/dockerfile:1

# Node.js 24 (LTS), pinned to one release; .ci/run runs the test suite on this same release.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Build stage: compile TypeScript and bundle the entry point into dist/, with the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs ./scripts/
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies (for the CLI) and the built code only; no dev or test
# dependency reaches this image.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The command line on PATH as `mfa-reset-bot` (package.json "bin"), the one way to run it in the
# image: `docker run --rm IMAGE mfa-reset-bot audit verify`. npm ci does not link the package's own bin.
RUN chmod 755 dist/cli/main.js && ln -s /app/dist/cli/main.js /usr/local/bin/mfa-reset-bot
# The one place the bot writes: its Socket Mode health file, in a folder of its own that stays
# writable when the root file system is read-only (as in the stack). Declared a volume so that a
# runtime that mounts fresh storage there (ECS on Fargate) gives it this folder's owner, not root.
ENV HEALTH_FILE=/run/mfa-reset-bot/health.json
RUN mkdir -p /run/mfa-reset-bot && chown node:node /run/mfa-reset-bot
VOLUME ["/run/mfa-reset-bot"]
# The node image's unprivileged user; nothing in /app needs to be writable.
USER node
# HTTP mode only (SLACK_SIGNING_SECRET set, no SLACK_APP_TOKEN): POST /slack/events and GET /healthz
# on PORT (default 3000), on HOST if set. Socket Mode opens no port.
EXPOSE 3000
# Right in both modes: HTTP mode asks GET /healthz on HOST:PORT; Socket Mode reads the health file
# the bot writes every 15 s (Slack connection, audit table; see src/healthcheck.ts).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
# The built output, started directly (no npm, no compiler); stack traces map to src/.
CMD ["node", "--enable-source-maps", "dist/main.js"]
