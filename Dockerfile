# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# The app only: the emulator, demo and benchmark (test/) build into dist-tools/ outside the image.
RUN npx tsc -p tsconfig.build.json

# Runtime stage: production dependencies and the compiled code only, as a non-root user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    CLUSTER_CONFIG=/app/config/cluster.yaml
WORKDIR /app
# The summary's charts draw their text with DejaVu Sans (src/documents/summary-charts.ts
# names the files; without them it refuses to draw rather than drop the text).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Migrations first (a failure stops here with a plain message), then the bot.
CMD ["sh", "-c", "node dist/src/cli/admin.js migrate && exec node --enable-source-maps dist/src/main.js"]
