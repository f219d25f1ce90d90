/**
 * Documents written to trigger every fix in the styles a fix must respect (block and flow style,
 * comments, CRLF, continuations, another escape character), by location: a small project in which
 * a Compose file builds the Dockerfiles.
 */
const SECRET = 'Sup3r-s3cret-Passw0rd';
const TOKEN = 'ghp_EXAMPLEexample0000EXAMPLEexample0000';

export const FIXTURES: Record<string, string> = {
  'file:///f/a/compose.yaml': `# services of the app
services:
  web:   # the front end
    image: nginx:1.27
    privileged: true
    cap_add:
      - SYS_ADMIN   # for fuse
      - CHOWN
    security_opt: [seccomp:unconfined, "apparmor=unconfined"]
    network_mode: host
    read_only: false
    restrat: unless-stopped
    ports:
      - "8080:80"
      - 9000
      - 0.0.0.0:443:443
      - target: 81
        published: 8081
    volumes:
      - /etc:/host/etc
      - type: bind
        source: /var/lib/docker
        target: /docker
    tmpfs:
      - /tmp
      - /run:exec,size=1m
    environment:
      POSTGRES_PASSWORD: ${SECRET}   # admin
      DOCKER_CONTENT_TRUST: "0"
      MODE: production
  db: {image: "postgres:16", cap_add: [NET_ADMIN], environment: [API_TOKEN=${TOKEN}], tmpfs: /x}
secrets:
  other:
    file: ./other.txt
`,
  'file:///f/b/docker-compose.yml': `services:\r\n    api:\r\n        build: .\r\n        user: root\r\n        secrets:\r\n            - other\r\n        environment:\r\n            - "DB_PASSWORD=${SECRET}"\r\n            - DOCKER_CONTENT_TRUST=false\r\n        cap_add: [ALL]\r\n        pid: host\r\n        security_opt:\r\n            - label:disable\r\n`,
  'file:///f/b/Dockerfile': `# escape=\\\nFROM node:20 AS build\nARG NPM_TOKEN\nENV NPM_AUTH_TOKEN=${TOKEN} \\\n    NODE_ENV=production\nRUN echo "//r/:_authToken=$NPM_AUTH_TOKEN" > .npmrc && npm ci\nFROM node:20-slim\nENV DOCKER_CONTENT_TRUST=0 A=1\nARG DB_PASSWORD=${SECRET}\nRUN --mount=type=cache,target=/c npm test -- --db "$DB_PASSWORD"\nCMD ["node"]\n`,
  'file:///f/c/Dockerfile': `FROM alpine:3.20\r\nENV API_KEY=${SECRET}\r\nRUN apk add curl\r\nUSER root\r\n`,
  'file:///f/compose.yaml': 'services:\n  c:\n    build: ./c\n    environment:\n      - MODE=prod\n  d:\n    build: {context: c}\n  e:\n    build:\n      context: b\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n        DB_PASSWORD: ' + SECRET + '\n',
  'file:///f/d/Dockerfile': 'FROM node:20\nUSER node\nCOPY . /app\nADD start.sh /app/\n',
  'file:///f/d/.env': `DB_PASSWORD=${SECRET}\n`,
  'file:///f/d/deploy/id_rsa': 'not a real key\n',
  'file:///f/e/Dockerfile': 'FROM node:20\nUSER node\nCOPY . /app\n',
  'file:///f/e/.dockerignore': 'node_modules',
  'file:///f/e/.npmrc': 'not a real token\n',
  'file:///f/g/Dockerfile': 'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN apt-get update && apt-get install -y curl=7.88.1-10 && curl -fsSL https://example.com/a.tgz | tar -xz\nUSER 1000\n',
  'file:///f/i/Dockerfile': 'FROM python:3.12\r\nWORKDIR /src\r\nCOPY requirements.txt .pypirc id_ed25519 ./\r\nRUN pip download -r requirements.txt && \\\r\n    curl -fsSL -H \'PRIVATE-TOKEN: glpat-EXAMPLEexample00000000\' https://gitlab.example.com/api \\\r\n    && git clone git@github.com:o/r.git\r\nUSER 1000\r\nCMD ["python"]\r\n',
  'file:///f/h/daemon.json': '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"],\n  "insecure-registries": ["registry.local:5000", "10.0.0.1:5000"],\n  "icc": true\n}\n',
};

