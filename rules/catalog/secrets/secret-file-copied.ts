import { fixesOf } from '../../fixes/edits';
import { copiedSecretMountFix } from '../../fixes/secret-mounts';
import { fileTransfers, flagOf } from '../../model/instructions';
import { defineRule } from '../../rule';
import { secretFileKind } from '../../secrets/files';
import { cutAtFirstOf } from '../../text';

export default defineRule({
  id: 'secret-file-copied',
  title: 'A key or credentials file is copied into the image',
  severity: 'error',
  kinds: ['dockerfile'],
  category: 'secrets',
  profiles: ['recommended', 'strict'],
  peers: { trivy: 'DS-0031 (partial)' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report }) {
      // Secret ids chosen for this file's findings, so that fixes applied together do not share one.
      const reserved = new Set<string>();
      for (const transfer of fileTransfers(model)) {
        for (const source of transfer.sources) {
          const written = source.value ?? source.text;
          // A URL's query or fragment is no part of the file's name; most sources hold neither `?` nor `#`.
          const path = written.includes('?') || written.includes('#') ? cutAtFirstOf(written, '?#') : written;
          const kind = secretFileKind(path);
          if (!kind) continue;
          const from = flagOf(transfer, 'from')?.getValue();
          const origin = from ? ` from "${from}"` : '';
          const named = source.value !== undefined && source.value !== source.text ? `"${source.text}", ${source.value}` : `"${source.text}"`;
          report({
            range: source.range,
            message: `${transfer.keyword}${origin} puts ${kind} (${named}) into an image layer: anyone who can pull the image, or read the build cache, can extract it, even if a later step deletes it. Mount it for the step that needs it instead (RUN --mount=type=secret or --mount=type=ssh).`,
            fixes: fixesOf(copiedSecretMountFix(model, transfer, source, reserved)),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a \`COPY\` or \`ADD\` whose source names a secret-like file or folder: SSH private keys
(\`id_rsa*\`, \`id_ed25519*\`, ...), \`*.pem\`, \`*.key\`, \`*.p12\`, \`*.pfx\` and Java key stores,
\`.env\` files, \`.npmrc\`, \`.pypirc\`, \`.netrc\`, \`.git-credentials\`, \`credentials*.json\`,
\`*service-account*.json\`, OAuth \`client_secret*.json\`, the \`.aws/\`, \`.ssh/\` and \`.gnupg/\`
folders, \`.docker/config.json\`, \`kubeconfig\` and \`.kube/config\`. Wildcards count (\`COPY *.pem\`),
variables are expanded with their \`ARG\`/\`ENV\` values, and \`COPY --from=<stage>\` sources count too.

Not reported: templates (\`.env.example\`, \`.env.sample\`, \`.env.template\`, \`.env.dist\`), public
halves and certificates (\`id_rsa.pub\`, \`ca.pem\`, \`cert.pem\`, \`fullchain.pem\`, a package
repository's \`*signing.key\` or \`Release.key\`), and \`~/.ssh\`'s \`known_hosts\`, \`config\` and
\`authorized_keys\`. A directory copied whole (\`COPY . .\`) is the business of
\`secret-in-build-context\`.

## Why is this bad?
Every \`COPY\` and \`ADD\` makes a layer, and layers are shipped with the image. A key copied in
stays readable by anyone who can pull the image (\`docker save\` and a tar tool suffice), even when
a later \`RUN rm\` hides it from the final file system. In a build stage it still sits in the
build cache and in any pushed cache.

## Example
\`\`\`dockerfile
FROM alpine:3.20
COPY id_rsa /root/.ssh/id_rsa
RUN git clone git@github.com:example/private.git && rm /root/.ssh/id_rsa
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN --mount=type=ssh git clone git@github.com:example/private.git
# build with: docker build --ssh default .
\`\`\`
For a token or a \`.npmrc\`: \`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\`.

## Fix safety
Unsafe. The fix removes the file from the \`COPY\`/\`ADD\` (the whole instruction when it was its
only source) and mounts it, where it was copied, on the RUNs after it in the stage that name it
(all of them when none does): \`--mount=type=secret,id=npmrc,target=/app/.npmrc\`, to build with
\`docker build --secret id=npmrc,src=.npmrc .\`. An SSH private key becomes
\`--mount=type=ssh\` instead: the build forwards an SSH agent (\`docker build --ssh default .\`) and
the key never enters the build. \`# syntax=docker/dockerfile:1\` is added when the file names no
frontend. The file is then absent from the image at run time, and a later \`rm\` of it must go
(a mounted secret cannot be deleted). Not offered for wildcards, folders, \`COPY --from\`, URLs,
the JSON form, a relative destination without a \`WORKDIR\` in the stage, or when no RUN follows.
`,
});
