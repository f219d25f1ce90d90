import type { PulledImage } from '../../model/images';
import { defineRule } from '../../rule';
import { pulledImageCheck, pinToDigestFixSafety } from './pulled-image-check';

export default defineRule({
  id: 'image-untagged',
  title: 'The image has neither a tag nor a digest',
  severity: 'warning',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'image_version_not_explicit 9efb0b2d', checkov: 'CKV_DOCKER_7', trivy: 'DS-0001', hadolint: 'DL3006', dclint: 'service-image-require-explicit-tag' },
  fix: { available: true, safe: false, online: true },
  check: pulledImageCheck(isUntagged, 'without a tag or digest: it means ":latest", whatever was pushed last. Pin a version tag, ideally with its digest.'),
  docs: `## What it does
Reports a \`FROM\` base image or a Compose \`image:\` with neither a tag nor a digest, after
resolving the \`ARG\` defaults a \`FROM\` uses and Compose interpolation (the project's \`.env\`, then
the \`\${VAR:-default}\` defaults). A base image chosen by a Compose \`build.args\` value is
reported at that build argument, with the Dockerfile's \`FROM\` as related information.
\`scratch\`, references to earlier build stages, and references whose variable has no default are
not reported. A Compose \`image:\` beside \`build:\` names the image being built and is not
reported.

## Why is this bad?
An image without a tag means \`:latest\`: whatever the publisher pushed last. The build is not
reproducible, a compromised or broken push is pulled without notice, and nobody can tell which
version is running or which vulnerabilities apply to it.

## Example
\`\`\`dockerfile
FROM python
\`\`\`
\`\`\`yaml
services:
  cache:
    image: redis
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim@sha256:<digest>
\`\`\`
\`\`\`yaml
services:
  cache:
    image: redis:7.4
\`\`\`

${pinToDigestFixSafety('python')}`,
});

function isUntagged(image: PulledImage): boolean {
  return image.reference.tag === undefined && image.reference.digest === undefined;
}
