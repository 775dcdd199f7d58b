# RDP Troubleshooting Assistant: Node 24 (runs the TypeScript sources directly), production dependencies
# only, as the unprivileged `node` user.  docker build -t rdp-assistant .  (see README "Deploy to Azure")

FROM node:24-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Full install first: botbuilder-dialogs' postinstall runs `npx rimraf`, a devDependency. Then the dev
# dependencies (test tools, Azurite, the Node binary package) are pruned away.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
# Code and dependencies stay owned by root (read-only for the app); only the lowdb data folder is writable.
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY knowledge ./knowledge
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 8080
# No HEALTHCHECK: /healthz answers 503 while the store is down, and restarting the container would not help;
# App Service's health check (infra/main.bicep) takes such an instance out of rotation instead.
# The V8 heap flags of `npm start` (see README, Memory): a small young generation and slow heap growth.
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=50", "bot/main.ts"]
