import { ruleTester } from '../../helpers/rule-tester';

ruleTester('secret-file-copied', {
  valid: [
    'FROM alpine:3.20\nCOPY package.json package-lock.json ./\nCOPY . .',
    { name: '.env templates', code: 'FROM alpine:3.20\nCOPY .env.example .env.sample .env.template /app/' },
    { name: 'public halves and certificates', code: 'FROM alpine:3.20\nCOPY id_rsa.pub ca.pem /etc/ssl/\nADD nginx_signing.key /tmp/' },
    { name: 'known_hosts', code: 'FROM alpine:3.20\nCOPY .ssh/known_hosts /root/.ssh/known_hosts' },
    { name: 'a secret name as the destination only', code: 'FROM alpine:3.20\nCOPY config.json /root/.docker/config.json' },
    { name: 'a here-document', code: 'FROM alpine:3.20\nCOPY <<EOF /app/.env\nMODE=prod\nEOF\n' },
    { name: 'a variable without value', code: 'FROM alpine:3.20\nARG KEY_FILE\nCOPY ${KEY_FILE} /app/' },
  ],
  invalid: [
    {
      name: 'an SSH key, anchored at the source',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n',
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 12, message: 'COPY puts an SSH private key ("id_rsa")', severity: 'error' }],
    },
    {
      name: 'each secret source of one instruction',
      code: 'FROM node:20\nCOPY package.json .npmrc .env ./\n',
      errors: [
        { line: 2, column: 19, endColumn: 25, message: 'npm configuration' },
        { line: 2, column: 26, endColumn: 30, message: 'an environment file' },
      ],
    },
    {
      name: 'ADD with flags, a wildcard, folders',
      code: 'FROM alpine:3.20\nADD --chown=app:app certs/*.pem /certs/\nCOPY --chmod=600 .aws /root/.aws\nCOPY deploy/.docker/config.json /root/.docker/\n',
      errors: [{ line: 2, column: 21, endColumn: 32 }, { line: 3, column: 18, endColumn: 22, message: 'AWS credentials' }, { line: 4, column: 6, endColumn: 32 }],
    },
    {
      name: 'COPY --from a stage counts too',
      code: 'FROM alpine:3.20 AS keys\nRUN ssh-keygen -f /id_ed25519 -N ""\nFROM alpine:3.20\nCOPY --from=keys /id_ed25519 /root/.ssh/\n',
      errors: [{ line: 4, column: 18, endColumn: 29, message: 'COPY from "keys" puts an SSH private key' }],
    },
    {
      name: 'the JSON form, anchored inside the quotes',
      code: 'FROM alpine:3.20\nCOPY ["gcp-service-account.json", "/secrets/"]\n',
      errors: [{ line: 2, column: 8, endColumn: 32, message: 'a service account key' }],
    },
    {
      name: 'fix: the file mounted as a secret where it was copied, on the RUNs that name it; the other sources kept',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json .npmrc ./\nRUN npm ci --userconfig .npmrc\nRUN npm run build\n',
      errors: [{ line: 3, column: 19, endColumn: 25 }],
      output: '# syntax=docker/dockerfile:1\nFROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --userconfig .npmrc\nRUN npm run build\n',
    },
    {
      name: 'fix: an SSH private key becomes the SSH agent, the COPY its only source removed',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN git clone git@github.com:example/private.git\n',
      errors: [{ line: 2, column: 6, endColumn: 12 }],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=ssh git clone git@github.com:example/private.git\n',
    },
    {
      name: 'fix: a RUN that already mounts the SSH agent gets no second mount',
      code: 'FROM alpine:3.20\nCOPY id_rsa id_ed25519 /root/.ssh/\nRUN --mount=type=ssh git clone git@github.com:example/private.git\n',
      errors: [{ line: 2, column: 6, endColumn: 12 }, { line: 2, column: 13, endColumn: 23 }],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nCOPY id_ed25519 /root/.ssh/\nRUN --mount=type=ssh git clone git@github.com:example/private.git\n',
    },
    {
      name: 'no fix without a RUN after the COPY, nor for a relative destination without WORKDIR',
      code: 'FROM alpine:3.20\nCOPY .env /app/.env\nFROM alpine:3.20\nCOPY server.key certs/\nRUN ./start\n',
      errors: [{ line: 2, column: 6, endColumn: 10 }, { line: 4, column: 6, endColumn: 16 }],
      output: 'FROM alpine:3.20\nCOPY .env /app/.env\nFROM alpine:3.20\nCOPY server.key certs/\nRUN ./start\n',
    },
    {
      name: 'a source from an ARG default',
      code: 'FROM alpine:3.20\nARG KEY=deploy.key\nCOPY $KEY /app/\n',
      errors: [{ line: 3, column: 6, endColumn: 10, message: '("$KEY", deploy.key)' }],
    },
  ],
});

ruleTester('secret-file-copied', {
  valid: [],
  invalid: [{ name: 'ONBUILD COPY of a private key', code: 'FROM alpine:3.20\nONBUILD COPY id_rsa /root/.ssh/id_rsa\n', errors: [{ line: 2, column: 14 }] }],
});
