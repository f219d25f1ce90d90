# syntax=docker/dockerfile:1
# The Bulwark CLI as a container image:
#   docker build -t bulwark .
#   docker run --rm -v "$PWD:/src" bulwark scan --format sarif --output bulwark.sarif .
# The build stage bundles the CLI into one file (as the extension's server is bundled); the image
# holds Node.js and that file, and runs as an unprivileged user in /src, where the project is mounted.

FROM node:20-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
# The sources are compiled by esbuild below: no install script is needed (prepare would run tsc).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY cli/ cli/
COPY disk/ disk/
COPY registry/ registry/
COPY rules/ rules/
# The Compose Specification's schema, which the bundle inlines.
COPY schemas/compose-spec/ schemas/compose-spec/
# version.ts reads the version from package.json two folders up: the bundle keeps that layout.
RUN npx esbuild cli/main.ts --bundle --platform=node --target=node20 --format=cjs --main-fields=module,main --outfile=out/cli/main.js

FROM node:20-bookworm-slim
COPY --from=build /build/package.json /opt/bulwark/package.json
COPY --from=build /build/out/cli/main.js /opt/bulwark/out/cli/main.js
# The node image's unprivileged user; a mounted project needs to be readable by uid 1000, or run with --user.
USER node:node
WORKDIR /src
# A one-shot command, not a service: there is nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["node", "/opt/bulwark/out/cli/main.js"]
CMD ["scan", "."]
