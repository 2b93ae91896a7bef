# PilotGate. The default command serves HTTP (what `npm start` runs once built); with
# `node dist/main.js --worker` (what `npm run worker` runs) the same image is a jobs-only worker.
# compose.yaml runs both against MongoDB; see README "Deploy with Docker".

# Build: compile the TypeScript with the dev dependencies.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run: production dependencies, the compiled code and the questionnaires; no compiler, no sources.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY manifests ./manifests
# The fonts the decision record embeds and the portfolio chart draws with (same output on every machine).
COPY assets ./assets
# The image's own unprivileged user; the app writes nothing to disk (logs go to stdout).
USER node
EXPOSE 3000
# /readyz answers 200 only while the database is reachable. Node 20's fetch: no curl in a slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form, node itself as PID 1: `docker stop`'s SIGTERM reaches its handler, which drains requests,
# stops the jobs and closes the database (no shell or npm in between to swallow the signal).
CMD ["node", "dist/main.js"]
