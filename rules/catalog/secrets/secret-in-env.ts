import type { Instruction, Property } from '../../model/dockerfile-syntax';
import { fixesOf } from '../../fixes/edits';
import { buildSecretMountFix, composeSecretFix, dockerfileToComposeSecretFixes } from '../../fixes/secret-moves';
import { environment } from '../../model/compose';
import { envProperties, type DockerfileModel, type DockerfileStage } from '../../model/dockerfile';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';
import type { WorkspaceView } from '../../workspace';
import { detectSecret, formatLabel, type DetectedSecret } from '../../secrets';

export default defineRule({
  id: 'secret-in-env',
  title: 'A secret is set in an environment variable',
  severity: 'error',
  kinds: ['dockerfile', 'compose'],
  category: 'secrets',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'passwords_and_secrets a88baa34', checkov: 'CKV_SECRET_*', trivy: 'DS-0031', hadolint: 'DL3064' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report, documentUri, workspace }) {
      for (const stage of model.stages) {
        for (const instruction of stage.instructions) {
          for (const property of envProperties(instruction)) {
            const secret = detectSecret(property.getName(), property.getValue() ?? '');
            if (secret) report({ range: property.getRange(), message: dockerfileMessage(property, secret), fixes: dockerfileFixes(model, stage, instruction, property, documentUri, workspace) });
          }
        }
      }
    },
    compose({ model, report, documentUri, workspace }) {
      // Ids chosen for this file's findings, so that two fixes applied together do not clash.
      const reserved = new Set<string>();
      for (const service of model.services) {
        for (const variable of environment(model, service)) {
          // An inherited secret is reported once, in the service that writes it.
          if (variable.value === undefined || variable.inherited) continue;
          const secret = detectSecret(variable.name, variable.value);
          if (!secret) continue;
          report({
            range: variable.range,
            message: `Service "${service.name}" sets ${variable.name} to ${describe(secret)}: it is stored in plain text in the Compose file and shown by "docker inspect". Use a Compose secret instead.`,
            related: variable.definedAt ? [{ range: variable.definedAt, message: `${variable.name} is defined here` }] : undefined,
            fixes: fixesOf(composeSecretFix(model, documentUri, workspace, service, variable, reserved)),
          });
        }
      }
    },
  },
  docs: `## What it does
Finds secrets written into environment variables: a Dockerfile \`ENV\` or a Compose
\`environment:\` entry whose name says it holds a credential (\`*_PASSWORD\`, \`*_TOKEN\`,
\`*_SECRET\`, \`API_KEY\`, ...) and whose value is a literal, or whose value has the format of a known
credential (AWS, GitHub, GitLab, npm, Slack, Stripe, Google keys, private keys, JWTs, URLs with a
password) whatever its name.

Values that are not secrets are left alone: empty values, references to other variables (\`$X\`,
\`\${X:-...}\`), paths under \`/run/secrets/\`, names ending in \`_FILE\`, \`_PATH\`, \`_USER\`, \`_ID\`
and the like, switches such as \`MYSQL_ALLOW_EMPTY_PASSWORD=yes\`, and obvious placeholders
(\`<your-token>\`, \`xxx\`, \`***\`). \`changeme\` is reported: it is a real default password.

## Why is this bad?
An \`ENV\` value is baked into the image configuration: everyone who can pull the image reads it
with \`docker inspect\` or \`docker history\`, and every container started from it inherits it.
A Compose \`environment:\` value sits in plain text in a file that is usually committed, and is
visible to anyone with access to the Docker API. Environment variables also leak into child
processes, crash reports and \`/proc/<pid>/environ\`.

## Example
\`\`\`dockerfile
FROM postgres:16
ENV POSTGRES_PASSWORD=s3cr3t-Passw0rd
\`\`\`
\`\`\`yaml
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: s3cr3t-Passw0rd
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM node:20
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
\`\`\`
\`\`\`yaml
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
secrets:
  db_password:
    file: ./secrets/db_password.txt
\`\`\`

## Fix safety
In a Dockerfile, the fix removes the pair from its \`ENV\` (the whole \`ENV\` when it was the only
one), mounts the secret as the same variable on the \`RUN\` instructions after it that use it (all
of them when none names it), and adds \`# syntax=docker/dockerfile:1\` when the file names no
frontend. The build then needs \`--secret id=<id>,env=<NAME>\`, and the variable is no longer set
when the container runs. When a Compose file beside the Dockerfile (or in a folder above it) builds it, a
second fix moves the value of the final stage's \`ENV\` to a Compose secret of that service instead,
as below, for the program to read at run time.

In a Compose file, the fix moves the value to \`./secrets/<id>.txt\` (created, and \`secrets/\`
added to \`.gitignore\`), declares the secret at the top level, gives it to the service, and
replaces the variable by \`<NAME>_FILE: /run/secrets/<id>\`. The program must read the file named
by \`<NAME>_FILE\`, as the official postgres, mysql and mariadb images do.

Both fixes change how the program receives the value, so both are unsafe.
`,
});

function dockerfileFixes(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, property: Property, documentUri: string, workspace: WorkspaceView | undefined): Fix[] | undefined {
  const mount = buildSecretMountFix(model, stage, instruction, property, envProperties(instruction));
  const fixes: Fix[] = mount ? [mount] : [];
  // Only the final stage's ENV reaches the container a Compose service runs.
  if (stage === model.stages[model.stages.length - 1]) fixes.push(...dockerfileToComposeSecretFixes(model, documentUri, workspace, instruction, property, envProperties(instruction)));
  return fixes.length > 0 ? fixes : undefined;
}

function describe(secret: DetectedSecret): string {
  return secret.reason === 'format' ? `what looks like ${formatLabel(secret.format)} (${secret.redacted})` : `a literal secret (${secret.redacted})`;
}

function dockerfileMessage(property: Property, secret: DetectedSecret): string {
  return `ENV ${property.getName()} holds ${describe(secret)}: it is stored in the image and readable with "docker inspect" by anyone who can pull it. Pass it at build time with a BuildKit secret mount, or at run time as a secret.`;
}
