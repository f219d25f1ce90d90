import type { Property } from '../../model/dockerfile-syntax';
import { buildArgs } from '../../model/compose';
import type { ReservedFiles } from '../../fixes/secret-files';
import { buildSecretFix, buildSecretMountFix } from '../../fixes/secret-moves';
import { argDeclarations } from '../../model/dockerfile';
import { fixesOf } from '../../fixes/edits';
import { defineRule } from '../../rule';
import { detectSecret, formatLabel, isSecretLikeName, type DetectedSecret } from '../../secrets';
import { composeSecret } from '../../model/compose-values';

/**
 * Why a build argument is a secret: its default has a credential's format, or its name says it
 * carries one (then the value passed at build time is recorded even when the file gives none).
 */
function secretReason(name: string, value: string | undefined, read: (name: string | undefined, value: string) => DetectedSecret | undefined = detectSecret): string | undefined {
  const detected = value === undefined ? undefined : read(undefined, value);
  if (detected) return `its value looks like ${formatLabel(detected.format)} (${detected.redacted})`;
  if (isSecretLikeName(name)) return 'its name says it carries a secret';
  return undefined;
}

export default defineRule({
  id: 'secret-in-arg',
  title: 'A secret is passed as a build argument',
  severity: 'error',
  kinds: ['dockerfile', 'compose'],
  category: 'secrets',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'passwords_and_secrets a88baa34', checkov: 'CKV_SECRET_*', trivy: 'DS-0031', hadolint: 'DL3064' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report, documentUri, workspace }) {
      // Files chosen for this file's findings, so that two fixes applied together do not clash.
      const reserved: ReservedFiles = new Map();
      for (const instruction of model.checked) {
        for (const property of argDeclarations(instruction)) {
          const reason = secretReason(property.getName(), property.getValue() ?? undefined);
          if (!reason) continue;
          // A global ARG reaches only the stages that declare it again: those declarations are fixed
          // instead. Without a workspace no fix can keep the value: its stage is not looked for.
          const stage = workspace && model.stages.find((s) => s.instructions.includes(instruction));
          const fixes = fixesOf(stage && buildSecretMountFix(model, documentUri, workspace, stage, instruction, property, argDeclarations(instruction), reserved));
          report({ range: property.getRange(), message: dockerfileMessage(property, reason), fixes });
        }
      }
    },
    compose({ model, report, documentUri, workspace, dockerfiles }) {
      // Files chosen for this file's findings, so that two fixes applied together do not clash.
      const reserved: ReservedFiles = new Map();
      for (const service of model.services) {
        for (const arg of buildArgs(model, service)) {
          const reason = secretReason(arg.name, arg.value, composeSecret);
          if (!reason) continue;
          report({
            range: arg.range,
            message: `Service "${service.name}" passes the build argument ${arg.name}, and ${reason}: build arguments are recorded in the image's history for anyone who pulls it. Pass it with build.secrets and a secret mount instead.`,
            related: arg.definedAt ? [{ range: arg.definedAt, message: `${arg.name} is defined here` }] : undefined,
            fixes: fixesOf(buildSecretFix(model, documentUri, workspace, dockerfiles, service, arg, reserved)),
          });
        }
      }
    },
  },
  docs: `## What it does
Finds secrets handed to a build as build arguments: a Dockerfile \`ARG\` whose name says it carries
a credential (\`NPM_TOKEN\`, \`DB_PASSWORD\`, ...), with or without a default, or whose default has
the format of a known credential; and the same in a Compose service's \`build.args\`, in map or
list form. The secret-like names and credential formats are those of \`secret-in-env\`. Every name
of an \`ARG\` that declares several (\`ARG VERSION=1 DB_PASSWORD\`) is judged, and an \`ONBUILD ARG\`
too (it is declared in every build FROM the image; no fix is offered there).

## Why is this bad?
The value of a build argument is recorded in the image: \`docker history\` shows every \`RUN\` with
the arguments it saw, and the build cache keeps them. Anyone who can pull the image, or read the
CI's cache, can read the secret. It does not matter that the \`ARG\` has no default: the value
given with \`--build-arg\` or \`build.args\` is what gets recorded.

## Example
\`\`\`dockerfile
FROM node:20
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
\`\`\`
\`\`\`yaml
services:
  app:
    build:
      context: .
      args:
        NPM_TOKEN: \${NPM_TOKEN}
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM node:20
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \\
    echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc
\`\`\`
\`\`\`yaml
services:
  app:
    build:
      context: .
      secrets: [npm_token]
secrets:
  npm_token:
    environment: NPM_TOKEN
\`\`\`

## Fix safety
In a Dockerfile, the fix removes the \`ARG\` of a stage and mounts the secret as the same variable
on the \`RUN\` instructions after it that read it (\`$NAME\` or \`\${NAME}\`), and on no others,
adding \`# syntax=docker/dockerfile:1\` when the file names no frontend. An \`ARG\` no \`RUN\` reads
gets no fix. A default value the \`ARG\` held is kept in \`secrets/<id>.txt\` beside the Dockerfile
(created; \`secrets/\` added once to the \`.gitignore\` there; a file holding the same value is
shared, another one never overwritten), and the build passes it with
\`--secret id=<id>,src=secrets/<id>.txt\` (or \`env=<NAME>\` when the file gave no value) instead of
\`--build-arg\`. In Compose, the argument moves to \`build.secrets\`: from the variable it forwarded,
or from \`./secrets/<id>.txt\` holding its literal value; not offered when the Dockerfile's \`ARG\` has
a default of its own (its own finding keeps that value first). It changes how the build reads the
value, so it is unsafe.
`,
});

function dockerfileMessage(property: Property, reason: string): string {
  return `ARG ${property.getName()} is a build argument, and ${reason}: its value is recorded in the image's history for anyone who pulls it. Use a BuildKit secret mount (RUN --mount=type=secret,...) instead.`;
}
