import type { Instruction, Property } from '../../model/dockerfile-syntax';
import { keepValue, type ReservedFiles } from '../../fixes/secret-files';
import { buildSecretMountFix, runTimeEnvFixes } from '../../fixes/secret-moves';
import { envFiles } from '../../model/compose-values';
import type { RuntimeFrontDoor } from '../../model/runtime';
import { envProperties, type DockerfileModel, type DockerfileStage } from '../../model/dockerfile';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';
import { folderOf, type WorkspaceView } from '../../workspace';
import { isGitIgnored } from '../../model/git-ignored';
import { detectSecret, formatLabel, type DetectedSecret } from '../../secrets';

export default defineRule({
  id: 'secret-in-env',
  title: 'A secret is set in an environment variable',
  severity: 'error',
  kinds: ['dockerfile', 'compose', 'devcontainer', 'shell', 'ci'],
  category: 'secrets',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'passwords_and_secrets a88baa34', checkov: 'CKV_SECRET_*', trivy: 'DS-0031', hadolint: 'DL3064' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report, documentUri, workspace }) {
      // Files chosen for this file's findings, so that two fixes applied together do not clash.
      const reserved: ReservedFiles = new Map();
      for (const stage of model.stages) {
        for (const instruction of stage.checked) {
          for (const property of envProperties(instruction)) {
            const secret = detectSecret(property.getName(), property.getValue() ?? '');
            if (!secret) continue;
            // An ONBUILD ENV is set in the builds FROM this image, whose RUNs are not in this file: no move to offer.
            const fixes = instruction.onbuild ? undefined : dockerfileFixes(model, stage, instruction, property, documentUri, workspace, reserved);
            report({ range: property.getRange(), message: dockerfileMessage(property, secret), fixes });
          }
        }
      }
    },
    runtime({ model, report, workspace, documentUri }) {
      const reserved: ReservedFiles = new Map();
      for (const container of model) {
        for (const setting of container.environment) {
          const { name, value, literal } = setting.value;
          if (value === undefined) continue;
          const secret = literal === undefined ? detectSecret(name, value) : detectSecret(name, literal, { literal: true });
          if (!secret) continue;
          const { where, advice } = KEPT[container.frontDoor];
          // Compose's moves are built now, in the order of the findings: each reserves the files it creates.
          const moves = setting.edits?.secretMoves?.();
          report({
            range: setting.range,
            message: `${container.label} sets ${name} to ${describe(secret)}: it is stored in plain text ${where} and shown by "docker inspect". ${advice(name)}`,
            related: setting.related,
            fixes: moves ?? (() => {
              const edits = setting.edits?.fromHostEnvironment?.();
              // The value leaves the file only into one Git ignores, where whoever starts the container finds it.
              const kept = edits && workspace ? keepValue(documentUri, workspace, name, literal ?? value, 'txt', reserved) : undefined;
              return kept && [{ title: `Read ${name} from the environment of whoever starts the container (its value is kept in ${kept.path}, out of Git)`, safe: false, edits: edits!, files: kept.changes }];
            }),
          });
        }
      }
    },
    compose({ model, report, workspace, documentUri }) {
      for (const service of model.services) {
        for (const file of envFiles(model, service)) {
          // An env file named by an inherited key is reported in the service that names it; one Git
          // ignores is where a value is kept out of the repository (the secret moves put it there).
          if (file.item.definedAt || (workspace && isGitIgnored(file.location, folderOf(documentUri), workspace))) continue;
          for (const variable of file.variables?.values() ?? []) {
            const secret = variable.value === undefined ? undefined : detectSecret(variable.name, variable.value);
            if (!secret) continue;
            report({
              range: file.item.range,
              message: `Service "${service.name}" loads ${file.path}, which sets ${variable.name} to ${describe(secret)}: the file holds it in plain text (in the repository when it is committed), and the container's environment shows it to "docker inspect". Use a Compose secret instead.`,
              related: [{ uri: file.location, range: variable.range, message: `${variable.name} is set here, in ${file.path}` }],
            });
          }
        }
      }
    },
  },
  docs: `## What it does
Finds secrets written into environment variables: a Dockerfile \`ENV\`, or the environment a
container is started with wherever it is declared (a Compose \`environment:\` entry, a dev
container's \`containerEnv\` or \`-e\` in its \`runArgs\`, \`-e\`/\`--env\` on a \`docker run\` line in a
script, a Makefile or a CI file), whose name says it holds a credential (\`*_PASSWORD\`, \`*_TOKEN\`,
\`*_SECRET\`, \`API_KEY\`, ...) and whose value is a literal, or whose value has the format of a known
credential (AWS, GitHub, GitLab, npm, Slack, Stripe, Google keys, private keys, JWTs, URLs with a
password) whatever its name.

Values that are not secrets are left alone: empty values, references to other variables (\`$X\`,
\`\${X:-...}\`), paths under \`/run/secrets/\`, names ending in \`_FILE\`, \`_PATH\`, \`_USER\`, \`_ID\`
and the like, switches such as \`MYSQL_ALLOW_EMPTY_PASSWORD=yes\`, and obvious placeholders
(\`<your-token>\`, \`xxx\`, \`***\`). \`changeme\` is reported: it is a real default password.
Credential names include Jenkins' credentials bindings (\`NEXUS_CREDS\`, \`NEXUS_CREDS_PSW\`; not
\`_USR\`) and \`_PW\`, \`_PAT\`, \`_PSK\` as a last part.

An \`ONBUILD ENV\` is reported too, anchored on its pair: it sets the secret in every image built
FROM this one. It gets no fix: the \`RUN\` instructions that would use it are in those builds.

A Compose value is judged as Compose reads it: \`$$\` is a literal \`$\`, so \`DB_PASSWORD: "pa$$w0rd"\`
is the literal password \`pa$w0rd\` (no variable is looked up); a value that refers to a variable is
not a literal secret. The files a service's \`env_file:\` loads are read too (relative to the
Compose file, as Compose reads them): a secret in one is reported at the \`env_file\` item, with the
env file's line as related information. An env file that a \`.gitignore\` between the Compose file
and it keeps out of Git (\`secrets/\`, \`*.env\`, its own name) is not reported: that is where a
value is kept out of the repository, and where this rule's fix puts it.

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
A value the build needs, as a BuildKit secret mounted on the \`RUN\` that reads it; a value the
program reads at run time, out of the committed files: from a git-ignored env file under the same
name, or as a Compose secret for an image that reads \`<NAME>_FILE\`:
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM node:20
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
\`\`\`
\`\`\`yaml
services:
  app:
    image: ghcr.io/acme/app:1.4
    env_file: [./secrets/api_token.env]   # API_TOKEN='...', kept out of Git
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
The fixes are unsafe: they change how the program receives the value. Which one comes first
depends on what the value is for, and none loses it: every value removed from a committed file is
first written to a file of \`secrets/\` beside that file, which the fix's title names, and
\`secrets/\` is added to the \`.gitignore\` there (once: a line that already ignores the folder is
left alone). A file that exists is never overwritten; one of the folder that holds the very same
value is shared, so identical values in one project end up in one secret.

In a Dockerfile, a variable that a \`RUN\` after it reads (\`$NAME\` or \`\${NAME}\`) is a build
secret: the fix removes the pair from its \`ENV\` (the whole \`ENV\` when it was the only one),
keeps the value in \`secrets/<id>.txt\`, mounts the secret as the same variable on exactly the
\`RUN\` instructions that read it, and adds \`# syntax=docker/dockerfile:1\` when the file names no
frontend; the build then needs \`--secret id=<id>,src=secrets/<id>.txt\`. A variable no \`RUN\`
reads is for run time: in the final stage, it leaves the image and is given to the container when
it starts. For each Compose service that builds the Dockerfile (in its folder or a folder above),
the fix adds it to that service as a Compose file would (below); a variable the service's
\`environment\` sets to the same value is replaced there, and a service that sets another value
(which wins at run time) is left to its own finding. When no Compose file builds the Dockerfile,
the \`NAME=value\` line is kept in \`secrets/<id>.env\`, for \`docker run --env-file secrets/<id>.env\`.

In a Compose file (and for the services above), two fixes are offered. When the image is
known to read \`<NAME>_FILE\` for this variable (the official postgres, mysql, mariadb, mongo, wordpress and
nextcloud images, for the variables their documentation lists): the Compose secret comes first.
The value moves to \`./secrets/<id>.txt\` (or a secret the file declares already from a file with
the same value), the secret is declared at the top level and given to the service, and the variable
becomes \`<NAME>_FILE: /run/secrets/<id>\`. Any other image: the env file comes first, since the
program keeps reading the name it reads now. The variable leaves \`environment\`, its line
\`NAME='value'\` (single quotes: Compose reads it as written) goes to \`./secrets/<id>.env\`, and the
service lists that file last in \`env_file\`, so that its value wins as before. The \`_FILE\` secret
is still offered second, for a program that reads it. New keys go after the service's \`image\`,
\`build\` and \`environment\`, in the file's indentation and style.

In a dev container, the value becomes \`\${localEnv:NAME}\` (read from the environment of the
editor that opens it); on a \`docker run\` line, \`-e NAME=value\` becomes \`-e NAME\` (passed on from
the environment of whoever runs the command). The value is kept in \`secrets/<id>.txt\` beside the
file first, as above: export it from there (\`export NAME="$(cat secrets/<id>.txt)"\`) or from your
secret manager. Without a view of the files around it (no folder to keep the value in), no fix is
offered.

After a secret move, the rule reports nothing more for the variable: the value is no longer in a
committed file. What it still asks of you: rotate a value that was committed, since it stays in the
history of the repository and of the images already built.
`,
});

/**
 * A variable a RUN reads is a build secret; one no RUN reads is for run time, and only the final
 * stage's ENV reaches the container.
 */
function dockerfileFixes(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, property: Property, documentUri: string, workspace: WorkspaceView | undefined, reserved: ReservedFiles): Fix[] | undefined {
  // Every fix keeps the value in a file beside the Dockerfile: without a view of the files there is
  // none, and which RUNs read the variable need not be looked for.
  if (!workspace) return undefined;
  const properties = envProperties(instruction);
  // Given a workspace, the mount is there exactly when a RUN after the ENV reads the variable.
  const mount = buildSecretMountFix(model, documentUri, workspace, stage, instruction, property, properties, reserved);
  if (mount) return [mount];
  if (stage !== model.stages[model.stages.length - 1]) return undefined;
  const fixes = runTimeEnvFixes(model, documentUri, workspace, stage, instruction, property, properties, reserved);
  return fixes.length > 0 ? fixes : undefined;
}

/** Where each front door keeps an environment variable's value, and where it should come from instead. */
const KEPT: Record<RuntimeFrontDoor, { where: string; advice: (name: string) => string }> = {
  compose: { where: 'in the Compose file', advice: () => 'Use a Compose secret instead.' },
  devcontainer: { where: 'in the dev container configuration', advice: (name) => `Read it from the environment of whoever opens the container instead ("\${localEnv:${name}}").` },
  run: { where: "in the command line, visible in the host's process list", advice: (name) => `Pass only its name ("-e ${name}") so its value comes from the environment, or use a secret.` },
};

function describe(secret: DetectedSecret): string {
  return secret.reason === 'format' ? `what looks like ${formatLabel(secret.format)} (${secret.redacted})` : `a literal secret (${secret.redacted})`;
}

function dockerfileMessage(property: Property, secret: DetectedSecret): string {
  return `ENV ${property.getName()} holds ${describe(secret)}: it is stored in the image and readable with "docker inspect" by anyone who can pull it. Pass it at build time with a BuildKit secret mount, or at run time as a secret.`;
}
