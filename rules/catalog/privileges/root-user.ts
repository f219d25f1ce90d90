import type { Instruction } from '../../model/dockerfile-syntax';
import { keyAnchor, serviceEntry } from '../../model/compose';
import { expandAt, type DockerfileModel, type DockerfileStage } from '../../model/dockerfile';
import { parseImageReference, type ImageReference } from '../../model/image-ref';
import { isKnownNonRootImage, ownNonRootUser } from '../../model/non-root-images';
import { builtDockerfile } from '../../model/build';
import { isRootUser, type RuntimeFrontDoor } from '../../model/runtime';
import { settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';
import { addServiceKey, insertLineBefore } from '../../fixes/edits';
import type { Fix, Range, TextEdit } from '../../types';

export default defineRule({
  id: 'root-user',
  title: 'The container runs as root',
  severity: 'warning',
  kinds: ['dockerfile', 'compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'missing_user_instruction fd54f200, last_user_is_root 67fd0c4a', checkov: 'CKV_DOCKER_3, CKV_DOCKER_8', trivy: 'DS-0002', hadolint: 'DL3002' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report }) {
      const final = model.stages[model.stages.length - 1];
      const root = final && runsAsRoot(model, final);
      if (root) report({ range: root.range, message: `${root.reason}. ${root.advice}`, fixes: () => [insertUserFix(model, final, userFor(baseImage(final)))] });
    },
    runtime({ model, report }) {
      for (const container of model) {
        const user = container.user;
        if (!user || !isRootUser(user.value)) continue;
        const found = settingFinding(container, user, 'warning', `Run it as an unprivileged user, e.g. ${UNPRIVILEGED_AS[container.frontDoor]}.`);
        report({
          range: user.range,
          message: `${container.label} runs as root (${user.written ?? `user ${user.value}`}). ${found.advice}`,
          severity: found.severity,
          related: user.related,
          fixes: () => {
            const unprivileged = userFor(container.image && parseImageReference(container.image.value));
            const edits = user.edits?.replace?.(unprivileged);
            return edits && [{ title: setUserTitle(unprivileged), safe: false, edits }];
          },
        });
      }
    },
    compose({ model, report, documentUri, workspace, dockerfiles }) {
      for (const service of model.services) {
        // A user the service sets is judged with every container's (check.runtime).
        const entry = serviceEntry(model, service, 'user');
        if (entry === 'unknown' || entry?.value) continue;
        // No user: the service runs as whatever user the image it builds ends with.
        const built = builtDockerfile(model, service, documentUri, workspace, dockerfiles);
        const root = built && runsAsRoot(built.model, built.stage);
        if (!built || !root) continue;
        const anchor = keyAnchor(service, 'user');
        report({
          range: anchor.range,
          message: `Service "${service.name}" sets no user and builds an image that runs as root: ${root.reason.charAt(0).toLowerCase()}${root.reason.slice(1)}. Set user: "10001:10001" or add a USER to the Dockerfile.${anchor.note}`,
          related: built.location ? [{ uri: built.location, range: root.range, message: root.reason }] : [{ range: built.buildRange, message: 'the image is built here' }],
          fixes: () => fixesOf(addServiceKey(model, service, `user: "${userFor(baseImage(built.stage))}"`), userFor(baseImage(built.stage))),
        });
      }
    },
  },
  docs: `## What it does
Reports a Dockerfile whose final stage runs as root — it has no \`USER\` instruction (nor inherits one
from the earlier stage it builds on, nor starts from a known non-root image), or its last \`USER\`
is \`root\`, \`0\`, \`root:root\` or \`0:0\` — and a container started as root wherever it is
declared: a Compose service with \`user: root\` or \`user: "0"\`, a dev container whose
\`containerUser\` is root, a \`docker run\` line with \`--user root\` or \`-u 0\` in a script, a
Makefile or a CI file. Only the final stage counts: build stages
may run as root. A Compose service that sets no \`user:\` and \`build:\`s an image (string or long
syntax, \`context\`, \`dockerfile\`, \`dockerfile_inline\`, \`target\`) is reported at its key when
the stage it builds runs as root, with the Dockerfile line as related information.

The known non-root images, whose publishers set a non-root default user:
- tags naming a non-root variant: distroless \`gcr.io/distroless/*:nonroot\`, \`:debug-nonroot\`,
  \`:nonroot-<arch>\`, and \`*-rootless\` tags such as \`docker:dind-rootless\`;
- Chainguard's \`cgr.dev/chainguard/*\`, \`-dev\` variants included (their image definitions run as
  \`nonroot\`, uid 65532, which is why installing packages in them needs \`USER root\`), except
  \`wolfi-base\`, \`chainguard-base\` and \`go\`, which run as root;
- .NET's Ubuntu Chiseled images (\`mcr.microsoft.com/dotnet/*:*-chiseled\`);
- Red Hat's UBI language images (\`registry.access.redhat.com/ubi9/nodejs-20\`, \`python-312\`,
  \`ruby-*\`, \`php-*\`, \`perl-*\`: uid 1001), Bitnami's images (uid 1001),
  \`nginxinc/nginx-unprivileged\`, and the Jenkins, SonarQube, Grafana, Prometheus, Alertmanager,
  node-exporter, Elasticsearch and Keycloak images.

## Why is this bad?
Without user namespaces, root in the container is root on the host: uid 0 with the default
capabilities. A vulnerability in the application, a container escape or a writable host mount then
hands an attacker root instead of an unprivileged account. Running as a non-root user is the
cheapest and most effective container hardening step.

## Example
\`\`\`dockerfile
FROM node:20
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
\`\`\`
\`\`\`yaml
services:
  app:
    image: myorg/app:1.4
    user: root
\`\`\`

## Use instead
\`\`\`dockerfile
FROM node:20
WORKDIR /app
COPY --chown=10001:10001 . .
USER 10001:10001
CMD ["node", "server.js"]
\`\`\`
\`\`\`yaml
services:
  app:
    image: myorg/app:1.4
    user: "10001:10001"
\`\`\`

## Fix safety
The fixes are unsafe: the program then runs as another user, which may not be able to write files
the image created as root, or bind a port below 1024. The user is the image's own non-root user
where the image is known to ship one made for the program (\`node\` in the official node images,
\`app\` in .NET 8 and later, \`nonroot\` in distroless images), else uid 10001, which exists in no
base image and so owns nothing by accident. In a Dockerfile, "Add USER <user>" inserts the line
before the final stage's first \`CMD\`/\`ENTRYPOINT\` (after its last \`USER\`), or at the end of
the stage. In Compose, \`user: root\` is replaced by \`user: "<user>"\`, and a service that builds a
root image gets that key added, after its \`image\`, \`build\` and \`environment\`. A value that
comes from an anchor gets no
fix: changing the anchor would change every service that uses it.
`,
});

interface EffectiveUser {
  /** The USER instruction in force at the end of the stage, if any (possibly inherited from an earlier stage). */
  instruction?: Instruction;
  /** Its user name or uid after variable expansion; undefined when it cannot be known. */
  name?: string;
  /** The image the stage chain starts from, when no USER is in force. */
  base?: ImageReference;
}

/** The user the fixes switch to: a high uid that exists in no base image, so it owns nothing by accident. */
const UNPRIVILEGED = '10001:10001';

/** How each front door sets that user, for advice. */
const UNPRIVILEGED_AS: Record<RuntimeFrontDoor, string> = {
  compose: `user: "${UNPRIVILEGED}"`,
  devcontainer: `"containerUser": "${UNPRIVILEGED}"`,
  run: `--user ${UNPRIVILEGED}`,
};

/** The image's own non-root user where it ships one (`node` in node images), else the made-up uid. */
function userFor(image: ImageReference | undefined): string {
  return ownNonRootUser(image) ?? UNPRIVILEGED;
}

function setUserTitle(user: string): string {
  return `Run as user ${user} (files the app writes must be owned by that user)`;
}

function fixesOf(edit: TextEdit | undefined, user: string): Fix[] | undefined {
  return edit ? [{ title: setUserTitle(user), safe: false, edits: [edit] }] : undefined;
}

/** The image a stage's chain of stages starts from. */
function baseImage(stage: DockerfileStage): ImageReference | undefined {
  const seen = new Set<DockerfileStage>();
  let current: DockerfileStage | undefined = stage;
  while (current?.base?.stage && !seen.has(current)) {
    seen.add(current);
    current = current.base.stage;
  }
  return current?.base?.reference;
}

/**
 * Inserts `USER <user>` in the final stage: before its first CMD or ENTRYPOINT after the last
 * USER (the user the process starts as), or after the stage's last instruction.
 */
function insertUserFix(model: DockerfileModel, stage: DockerfileStage, user: string): Fix {
  let lastUser = -1;
  stage.instructions.forEach((instruction, index) => {
    if (instruction.keyword === 'USER') lastUser = index;
  });
  const start = stage.instructions.find((instruction, index) => index > lastUser && (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT'));
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const line = start ? start.getRange().start.line : last.getRange().end.line + 1;
  return { title: `Add "USER ${user}" to the final stage (files the app writes must be owned by that user)`, safe: false, edits: [insertLineBefore(model.lines, line, `USER ${user}`)] };
}

/** Why a stage's containers run as root, and where that is written; undefined when they do not. */
function runsAsRoot(model: DockerfileModel, stage: DockerfileStage): { range: Range; reason: string; advice: string } | undefined {
  const user = effectiveUser(model, stage);
  if (user.instruction) {
    if (user.name === undefined || !isRootUser(user.name)) return undefined;
    return {
      range: user.instruction.getRange(),
      reason: `The image ends with "USER ${user.instruction.getArgumentsContent() ?? ''}": its containers run as root`,
      advice: 'Switch to an unprivileged user after the steps that need root.',
    };
  }
  if (user.base && isKnownNonRootImage(user.base)) return undefined;
  return {
    range: stage.from.getRange(),
    reason: `The final stage sets no USER, so its containers run as root${user.base ? ` (the default of ${user.base.text})` : ''}`,
    advice: 'Add "USER <uid>" with an unprivileged user before CMD/ENTRYPOINT.',
  };
}

/** A stage's last USER instruction, if any. */
function lastUserInstruction(stage: DockerfileStage): Instruction | undefined {
  for (let i = stage.instructions.length - 1; i >= 0; i--) if (stage.instructions[i].keyword === 'USER') return stage.instructions[i];
  return undefined;
}

/** Follows a stage and the earlier stages it is built FROM to the USER in force at its end. */
function effectiveUser(model: DockerfileModel, stage: DockerfileStage): EffectiveUser {
  const seen = new Set<DockerfileStage>();
  let current: DockerfileStage | undefined = stage;
  while (current && !seen.has(current)) {
    seen.add(current);
    const last = lastUserInstruction(current);
    if (last) {
      const raw = last.getArgumentsContent() ?? '';
      return { instruction: last, name: expandAt(model, current, last, raw) };
    }
    if (!current.base?.stage) return { base: current.base?.reference };
    current = current.base.stage;
  }
  return {};
}
