import type { DockerfileStage } from '../../model/dockerfile';
import { LayeredSecrets, stageLayers, type LayerStep, type StageLayers } from '../../model/layers';
import { rangeOf } from '../../model/shell';
import { defineRule } from '../../rule';
import { isSecretFileName } from '../../secrets/files';

/**
 * The files the stages a stage is built on (through FROM) add, first to last, for each stage asked.
 * Each stage keeps a link to its nearest base that adds files, so a long chain of stages adding
 * nothing (a hostile 10,000-stage file) is not walked again for every stage.
 */
function inheritedAdds(layers: readonly StageLayers[]): (stage: DockerfileStage) => LayerStep[] {
  // Stages come in file order (a stage's layers are at its index), and a stage is built only on an earlier one.
  const addingBase: Array<DockerfileStage | undefined> = [];
  for (const { stage } of layers) {
    const base = stage.base?.stage;
    addingBase.push(base && (layers[base.index].steps.some(adds) ? base : addingBase[base.index]));
  }
  return (stage) => {
    const chain: DockerfileStage[] = [];
    for (let adding = addingBase[stage.index]; adding; adding = addingBase[adding.index]) chain.push(adding);
    return chain.reverse().flatMap((adding) => layers[adding.index].steps.filter(adds));
  };
}

function adds(step: LayerStep): boolean {
  return step.adds.length > 0;
}

export default defineRule({
  id: 'secret-persists-in-layer',
  title: 'A secret file is deleted in a later layer than the one that added it',
  severity: 'error',
  kinds: ['dockerfile'],
  category: 'secrets',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      const layers = stageLayers(model);
      // Only a removal can be reported: a stage that removes nothing is not indexed, and a file none of
      // whose stages removes anything needs no stage's inherited files.
      const removing = layers.filter(({ steps }) => steps.some((step) => step.removes.length > 0));
      if (removing.length === 0) return;
      const inherited = inheritedAdds(layers);
      for (const { stage, steps } of removing) {
        const earlier = new LayeredSecrets<LayerStep>();
        for (const step of inherited(stage)) for (const added of step.adds) earlier.add(added, step);
        for (const step of steps) {
          for (const removed of step.removes) {
            const found = earlier.find(removed.path, isSecretFileName);
            if (!found) continue;
            // A folder copy only may have brought the file: when this RUN writes it itself, that is the file it deletes.
            if (found.added.folder && step.adds.some((added) => added.path === removed.path)) continue;
            const line = found.item.instruction.getRange().start.line + 1;
            const keyword = found.item.instruction.keyword;
            const how = keyword === 'RUN' ? `written by ${found.added.how} in the RUN on line ${line}` : `added by the ${keyword} on line ${line}`;
            const what = found.added.folder ? `${removed.path}, which came in with ${found.added.path} (${how})` : `${removed.path}, ${how}`;
            report({
              range: rangeOf(model, removed.word),
              message: `${removed.program} deletes ${what}, in a later layer: the earlier layer still holds the file for anyone who pulls the image. Use a secret mount (RUN --mount=type=secret or --mount=type=ssh) instead, or add, use and delete it in one RUN.`,
              related: [{ range: found.item.instruction.getRange(), message: 'The layer that keeps the file' }],
            });
          }
          // Deleted in the same RUN, a file never reaches a layer: only later steps see this step's files.
          for (const added of step.adds) earlier.add(added, step);
        }
      }
    },
  },
  docs: `## What it does
Finds a secret-like file (the names of \`secret-file-copied\`: keys, \`.env\`, \`.npmrc\`, credentials)
that one instruction of a stage puts into the image, by \`COPY\`/\`ADD\` or by a \`RUN\` that writes it
(\`>\`, \`>>\`, \`tee\`, \`cp\`, \`mv\`, \`curl -o\`, \`wget -O\`, \`ssh-keygen -f\`, \`openssl -out\`), and that a
later \`RUN\` deletes with \`rm\`, \`shred\` or \`unlink\`. A stage built on an earlier stage
(\`FROM builder\`) inherits that stage's layers. The \`rm\` of a secret-like path inside a folder an
earlier \`COPY\` brought in whole (\`COPY . /app\` then \`RUN rm /app/.env\`) counts too. Paths are
resolved against the \`WORKDIR\` and the \`cd\`s of the \`RUN\`; RUN commands are read as shell.

## Why is this bad?
Each instruction makes a layer, and an image is all its layers. Deleting a file in a later layer only
hides it: the layer that added it still holds it, and \`docker save\` or any registry client extracts
it. The deletion gives a false sense of safety.

## Example
\`\`\`dockerfile
FROM node:20
COPY .npmrc /root/.npmrc
RUN npm ci
RUN rm /root/.npmrc
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM node:20
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
\`\`\`
A file written, used and deleted within one \`RUN\` never reaches a layer, so that is not reported:
\`RUN echo "$TOKEN" > ~/.npmrc && npm ci && rm ~/.npmrc\` (though the token then passes through a build
argument or the environment: a secret mount is still better).

## Fix safety
No automatic fix: the steps that use the file must be rewritten around a secret mount, and the build
command must pass the secret.
`,
});
