import type { Flag, ModifiableInstruction } from '../../model/dockerfile-syntax';
import { isFromTrustedRegistry, parseImageReference, qualifiedName, type ImageReference } from '../../model/image-ref';
import { composeImages, describeImage, dockerfileImages, type PulledImage } from '../../model/images';
import type { DockerfileModel } from '../../model/dockerfile';
import { fileTransfers, flagOf } from '../../model/instructions';
import { expandVariables } from '../../model/variables';
import { defineRule, type Report } from '../../rule';
import type { Range } from '../../types';

export default defineRule({
  id: 'image-untrusted-registry',
  title: 'The image comes from a registry that is not trusted',
  severity: 'warning',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: { hadolint: 'DL3026' },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report, trustedRegistries }) {
      if (trustedRegistries.length === 0) return;
      for (const image of dockerfileImages(model)) {
        if (!isFromTrustedRegistry(image.reference, trustedRegistries)) report(finding(image, 'FROM', trustedRegistries));
      }
      for (const { keyword, value, range } of imagesCopiedFrom(model)) {
        const reference = parseImageReference(value);
        if (reference && !isFromTrustedRegistry(reference, trustedRegistries)) report(finding({ reference, range }, keyword, trustedRegistries));
      }
    },
    compose({ model, report, trustedRegistries }) {
      if (trustedRegistries.length === 0) return;
      for (const image of composeImages(model)) {
        if (!isFromTrustedRegistry(image.reference, trustedRegistries)) report(finding(image, `Service "${image.service}" uses`, trustedRegistries));
      }
    },
  },
  docs: `## What it does
When trusted registries are configured (\`trustedRegistries\` in the configuration, or
\`--trusted-registry\` on the command line), reports every image pulled from elsewhere: a
\`FROM\` base image, a \`COPY --from=<image>\`, a \`RUN --mount=from=<image>\`, a Compose \`image:\`.
Without a configured list the rule does nothing.

An entry is a registry host (\`ghcr.io\`, \`registry.example.com:5000\`, \`localhost:5000\`) or a
host and path prefix (\`ghcr.io/myorg\`, \`docker.io/library\`), matched on whole path parts:
\`ghcr.io/myorg\` trusts \`ghcr.io/myorg/app\`, not \`ghcr.io/myorganisation/app\`. Names are
normalised as Docker does: an image without a registry is on Docker Hub (\`node\` is
\`docker.io/library/node\`, \`myorg/app\` is \`docker.io/myorg/app\`), \`index.docker.io\` is
\`docker.io\`, a registry with a port is a different registry from the same host without it, and
an entry whose first part is not a host is a Docker Hub path (\`myorg\` trusts \`docker.io/myorg/*\`).
\`docker.io/library\` trusts the official images only.

## Why is this bad?
An organisation that mirrors, scans and signs its base images in its own registry loses all of
that the moment a Dockerfile pulls straight from a public registry: unscanned images, typo-squatted
names and images that vanish or change without notice come back in. Naming the allowed
registries makes the policy checkable in review and in CI.

## Example
With \`trustedRegistries: [registry.example.com]\`:
\`\`\`dockerfile
FROM node:20.18-alpine3.20
COPY --from=ghcr.io/example/tools:1.2 /bin/tool /usr/local/bin/
\`\`\`

## Use instead
\`\`\`dockerfile
FROM registry.example.com/mirror/node:20.18-alpine3.20
COPY --from=registry.example.com/mirror/tools:1.2 /bin/tool /usr/local/bin/
\`\`\`

## Fix safety
No automatic fix: whether the image is mirrored, and under which name, only its owner knows.
`,
});

function finding(image: Pick<PulledImage, 'reference' | 'range' | 'written' | 'related'>, subject: string, trusted: readonly string[]): Report {
  return {
    range: image.range,
    message: `${subject} ${describeImage(image)} from ${registryOf(image.reference)}, which is not a trusted registry (${trusted.join(', ')}). Pull it through a trusted registry or mirror.`,
    related: image.related,
  };
}

function registryOf(image: ImageReference): string {
  return qualifiedName(image).split('/')[0];
}

/** Images (not stages) that `COPY --from` and `RUN --mount=from=` read files from. */
function imagesCopiedFrom(model: DockerfileModel): Array<{ keyword: string; value: string; range: Range }> {
  const stageNames = new Set(model.stages.flatMap((stage) => (stage.name ? [stage.name] : [])));
  const found: Array<{ keyword: string; value: string; range: Range }> = [];
  const add = (keyword: string, written: string | null | undefined, range: Range | null | undefined) => {
    if (!written || !range) return;
    const value = expandVariables(written, (name) => model.globalArgs.get(name));
    if (value === undefined || /^\d+$/.test(value) || stageNames.has(value.toLowerCase())) return;
    found.push({ keyword, value, range });
  };
  for (const transfer of fileTransfers(model)) {
    const from = flagOf(transfer, 'from');
    add(`${transfer.keyword} --from`, from?.getValue(), from?.getValueRange());
  }
  for (const stage of model.stages) {
    for (const instruction of stage.checked) {
      if (instruction.keyword !== 'RUN') continue;
      for (const flag of (instruction as ModifiableInstruction).getFlags() as Flag[]) {
        const option = flag.getName().toLowerCase() === 'mount' ? flag.getOption('from') : null;
        add('RUN --mount from', option?.getValue(), option?.getValueRange());
      }
    }
  }
  return found;
}
