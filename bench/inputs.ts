/** Generated inputs of a chosen size, shaped like real files, with a few planted findings. */

const DOCKERFILE_BLOCK = (i: number) => [
  `FROM node:20-bookworm-slim AS build${i}`,
  `ARG NPM_REGISTRY=https://registry.npmjs.org`,
  `WORKDIR /src/app${i}`,
  `COPY package.json package-lock.json ./`,
  `RUN npm ci --omit=dev \\`,
  `    && npm cache clean --force`,
  `COPY . .`,
  `ENV NODE_ENV=production PORT=30${String(i % 100).padStart(2, '0')} DB_PASSWORD=hunter${i}`,
  `RUN npm run build && \\`,
  `    rm -rf /tmp/*`,
  `FROM alpine:latest AS tools${i}`,
  `RUN apk add --no-cache curl ca-certificates`,
  `LABEL org.opencontainers.image.title="app${i}"`,
  `EXPOSE 8080`,
  // With an option: dockerfilelint throws on a HEALTHCHECK without one (it reads the options' list before checking it is there).
  `HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || exit 1`,
  `USER 10001:10001`,
];

/** A multi-stage Dockerfile of about `lines` lines. */
export function generateDockerfile(lines: number): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:bookworm'];
  for (let i = 0; out.length < lines - 2; i++) out.push(...DOCKERFILE_BLOCK(i));
  out.length = Math.min(out.length, lines - 2);
  out.push('FROM ${BASE}', 'CMD ["/bin/sh"]');
  return `${out.join('\n')}\n`;
}

/**
 * A compose file with `services` services, each with the keys real services have. One service in 25
 * takes its logging from the anchor, the others write it out: a peer that resolves aliases with yaml's
 * `toJS` gives up past 100 of them ("Excessive alias count"), and would then lint nothing at all.
 */
export function generateCompose(services: number): string {
  const out: string[] = ['x-logging: &logging', '  driver: json-file', '  options:', '    max-size: "10m"', 'services:'];
  for (let i = 0; i < services; i++) {
    out.push(
      `  svc${i}:`,
      `    image: ${i % 10 === 0 ? 'redis' : `registry.example.com/team/svc${i}:1.${i}`}`,
      `    restart: unless-stopped`,
      ...(i % 25 === 0 ? ['    logging: *logging'] : ['    logging:', '      driver: json-file', '      options:', '        max-size: "10m"']),
      `    environment:`,
      `      LOG_LEVEL: info`,
      `      API_TOKEN: ${i % 7 === 0 ? `tok-${i}-s3cr3tvalue` : '${API_TOKEN}'}`,
      `    ports:`,
      `      - "127.0.0.1:${8000 + i}:80"`,
      `    volumes:`,
      `      - data${i}:/var/lib/app`,
      ...(i % 3 === 0 ? ['    cap_drop: [ALL]', '    user: "10001:10001"'] : []),
      ...(i > 0 ? ['    depends_on:', `      - svc${i - 1}`] : []),
    );
  }
  out.push('volumes:');
  for (let i = 0; i < services; i++) out.push(`  data${i}: {}`);
  return `${out.join('\n')}\n`;
}
