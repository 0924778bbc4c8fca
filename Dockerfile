# syntax=docker/dockerfile:1
# Cascade: multi-stage build. The runtime image holds the compiled JS and production dependencies only,
# runs as a non-root user and reports health on /healthz.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY bench ./bench
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Light.otf node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-DemiLight.otf node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Medium.otf
# (the chart uses the CJK Regular and Bold faces only: src/render/cjk-font.ts; the other three are 25 MB)

FROM node:24-bookworm-slim AS runtime
# HTTP_HOST: inside the container the ops server listens on every interface (the port is published by compose
# or `docker run -p`); outside Docker the default is 127.0.0.1.
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    CASCADE_DATA_DIR=/data
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json rules.example.yaml ./
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1 (exec form, no npm or shell in between): `docker stop`'s SIGTERM reaches Cascade, which
# finishes in-flight sends, saves its state and exits 0 within compose's 30 s stop_grace_period.
CMD ["node", "dist/src/app/main.js"]
