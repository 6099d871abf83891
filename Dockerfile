# syntax=docker/dockerfile:1

# Build stage: compile TypeScript to dist/ with the full (dev) dependency set.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and the compiled code only.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The node image's unprivileged user; nothing in /app needs to be writable.
USER node
# HTTP mode (SLACK_SIGNING_SECRET set, no SLACK_APP_TOKEN): POST /slack/events and GET /healthz on PORT.
EXPOSE 3000
# Only meaningful in HTTP mode. Socket Mode deployments open no port: delete this HEALTHCHECK there.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
