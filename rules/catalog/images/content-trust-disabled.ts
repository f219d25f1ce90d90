import { environment } from '../../model/compose';
import { variablePairs } from '../../model/dockerfile';
import { fixOf, removeAssignment } from '../../fixes/compose-fixes';
import { removeProperty } from '../../fixes/dockerfile-edits';
import { defineRule } from '../../rule';

const VARIABLE = 'DOCKER_CONTENT_TRUST';

/** The values the Docker CLI parses as false (Go's strconv.ParseBool). */
const FALSE = new Set(['0', 'f', 'false']);

function disables(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && FALSE.has(value.trim().toLowerCase());
}

export default defineRule({
  id: 'content-trust-disabled',
  title: 'Docker Content Trust is turned off',
  severity: 'warning',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: true, safe: true },
  check: {
    dockerfile({ model, report }) {
      for (const { keyword, pair, instruction, pairs } of variablePairs(model)) {
        if (pair.getName() !== VARIABLE || !disables(pair.getValue())) continue;
        report({
          range: pair.getRange(),
          message: `${keyword} ${VARIABLE}=${pair.getValue()} turns off image signature verification for every docker pull, push and build run with it. Remove it.`,
          fixes: () => fixOf(`Remove ${VARIABLE}=${pair.getValue()}`, true, removeProperty(model, instruction, pair, pairs)),
        });
      }
    },
    compose({ model, report }) {
      for (const service of model.services) {
        for (const variable of environment(model, service)) {
          if (variable.name !== VARIABLE || !disables(variable.value)) continue;
          report({
            range: variable.range,
            message: `Service "${service.name}" sets ${VARIABLE}=${variable.value}: the Docker client in it pulls and pushes images without verifying their signatures. Remove it.`,
            related: variable.definedAt ? [{ range: variable.definedAt, message: `${VARIABLE} is defined here` }] : undefined,
            fixes: () => fixOf(`Remove ${VARIABLE}=${variable.value}`, true, removeAssignment(model, service.node, 'environment', variable)),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports \`DOCKER_CONTENT_TRUST\` set to a false value (\`0\`, \`false\`, \`f\`, any case) in a Dockerfile
\`ENV\` or \`ARG\`, or in a Compose service's \`environment:\`.

## Why is this bad?
With Docker Content Trust on, the Docker client only pulls, pushes and builds from image tags
that are signed, so a tampered or substituted image is refused. Setting the variable to false in
an image or a service switches that check off for every Docker command run there — typically a
CI runner or a Docker-in-Docker service that then pulls unverified images. Unset is Docker's
default; an explicit false is a decision to turn verification off, usually made once to get
past an error and then forgotten.

## Example
\`\`\`dockerfile
FROM docker:27-cli
ENV DOCKER_CONTENT_TRUST=0
\`\`\`
\`\`\`yaml
services:
  ci:
    image: docker:27-cli
    environment:
      DOCKER_CONTENT_TRUST: "0"
\`\`\`

## Use instead
\`\`\`dockerfile
FROM docker:27-cli
ENV DOCKER_CONTENT_TRUST=1
\`\`\`

## Fix safety
The fix removes the pair (the whole line when it was the only one). It is safe: it restores
Docker's default.
`,
});
