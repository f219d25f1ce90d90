import { buildContextsOf, contextSecrets, MAX_CONTEXT_ENTRIES, type ContextSecrets } from '../../model/build-context';
import { globMatcher } from '../../model/dockerignore';
import { fileTransfers, flagOf } from '../../model/instructions';
import { baseName } from '../../kinds';
import { defineRule } from '../../rule';
import { secretFileKind } from '../../secrets/files';
import { LineIndex } from '../../text';
import type { Fix, RelatedLocation } from '../../types';

/** ADD fetches these itself: they are not in the build context. */
const REMOTE_SOURCE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;
const WILDCARD = /[*?[\\]/;
/** How many file names a message lists before it says how many more there are. */
const NAMED_IN_MESSAGE = 3;

/** A COPY source as a path relative to the context root: the builder reads `/app` and `./app` alike and never leaves the context. */
function contextPath(source: string): string {
  const parts: string[] = [];
  for (const part of source.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '' && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/**
 * The secret-like files of the context that a source copies: all of them for `.`, those under a
 * folder, those a wildcard matches; less those its `--exclude` patterns leave out (relative to the source).
 */
function copiedFiles(source: string, files: readonly string[], excludes: ReadonlyArray<(path: string) => boolean>): string[] {
  const inside = (file: string) => (source === '' ? file : file.slice(source.length + 1));
  const copied = source === '' ? files : WILDCARD.test(source) ? files.filter(globMatcher(source)) : files.filter((file) => file.startsWith(`${source}/`));
  return copied.filter((file) => !excludes.some((excluded) => excluded(WILDCARD.test(source) ? file : inside(file))));
}

/** A file name as a `.dockerignore` line that matches it alone. */
function ignoreLine(path: string): string {
  return path.replace(/[*?[\]\\]/g, '\\$&').replace(/^[!#]/, '/$&');
}

const IGNORE_COMMENT = '# Secrets stay out of the build context';

/** Adds the files to the ignore file in force, or creates `.dockerignore` at the context root. */
function ignoreFix(secrets: ContextSecrets): Fix {
  const lines = [IGNORE_COMMENT, ...secrets.files.map(ignoreLine)].join('\n');
  const title = `Add ${secrets.files.length === 1 ? secrets.files[0] : `the ${secrets.files.length} secret-like files`} to ${secrets.dockerignore ? baseName(secrets.dockerignore.location) : '.dockerignore'}`;
  const ignore = secrets.dockerignore;
  if (!ignore) return { title, safe: true, edits: [], files: [{ kind: 'create', uri: `${secrets.context.folder}.dockerignore`, text: `${lines}\n` }] };
  const end = new LineIndex(ignore.text).positionAt(ignore.text.length);
  const eol = ignore.text.includes('\r\n') ? '\r\n' : '\n';
  const separator = ignore.text === '' || /[\r\n]$/.test(ignore.text) ? '' : eol;
  return { title, safe: true, edits: [], files: [{ kind: 'edit', uri: ignore.location, edits: [{ range: { start: end, end }, newText: `${separator}${lines.replace(/\n/g, eol)}${eol}` }] }] };
}

function listed(files: readonly string[]): string {
  const named = files.slice(0, NAMED_IN_MESSAGE).join(', ');
  return files.length > NAMED_IN_MESSAGE ? `${named} and ${files.length - NAMED_IN_MESSAGE} more` : named;
}

function contextName(secrets: ContextSecrets): string {
  const service = secrets.context.service;
  return service ? `the build context of Compose service "${service.name}" (${baseName(service.composeUri)})` : 'the build context';
}

function relatedTo(secrets: ContextSecrets): RelatedLocation[] | undefined {
  const service = secrets.context.service;
  return service ? [{ uri: service.composeUri, range: service.buildRange, message: `Service "${service.name}" builds this Dockerfile with this context` }] : undefined;
}

const TRUNCATED = `it holds more than ${MAX_CONTEXT_ENTRIES} files and folders, and Bulwark read only the first ${MAX_CONTEXT_ENTRIES}`;

export default defineRule({
  id: 'secret-in-build-context',
  title: 'COPY sends secret-like files of the build context into the image',
  severity: 'error',
  kinds: ['dockerfile'],
  category: 'secrets',
  profiles: ['recommended', 'strict'],
  peers: { hadolint: 'DL3067 (partial)' },
  fix: { available: true, safe: true },
  check: {
    dockerfile({ model, report, documentUri, workspace }) {
      if (!workspace) return;
      const transfers = fileTransfers(model).filter((transfer) => !flagOf(transfer, 'from'));
      if (transfers.length === 0) return;
      for (const context of buildContextsOf(documentUri, workspace)) {
        const secrets = contextSecrets(context, documentUri, workspace);
        const refused = secrets.dockerignore?.problem;
        if (refused && secrets.dockerignore) {
          const line = { line: refused.line, character: 0 };
          report({
            range: transfers[0].destination.range,
            severity: 'warning',
            message: `Bulwark did not use ${baseName(secrets.dockerignore.location)}: ${refused.message}. Every file of ${contextName(secrets)} counts as sent to the builder.`,
            related: [{ uri: secrets.dockerignore.location, range: { start: line, end: line }, message: `Refused: ${refused.message}` }],
          });
        }
        let truncationReported = false;
        for (const transfer of transfers) {
          const excludes = transfer.flags.filter((flag) => flag.getName().toLowerCase() === 'exclude').map((flag) => globMatcher(flag.getValue() ?? ''));
          for (const source of transfer.sources) {
            // A source that names a secret file itself is secret-file-copied's finding.
            if (source.value === undefined || REMOTE_SOURCE.test(source.value) || secretFileKind(source.value)) continue;
            const path = contextPath(source.value);
            const copied = copiedFiles(path, secrets.files, excludes);
            const whole = path === '' || WILDCARD.test(path);
            if (copied.length === 0) {
              if (secrets.truncated && whole && !truncationReported) {
                truncationReported = true;
                report({
                  range: source.range,
                  severity: 'info',
                  message: `${transfer.keyword} ${source.text} copies ${contextName(secrets)}, and ${TRUNCATED}: it found no secret-like file in them. Exclude what the image does not need (dependencies, build output) in .dockerignore.`,
                  related: relatedTo(secrets),
                });
              }
              continue;
            }
            const them = copied.length === 1 ? 'it' : 'them';
            const ignored = secrets.dockerignore ? `${baseName(secrets.dockerignore.location)} does not exclude ${them}` : `There is no .dockerignore to exclude ${them}`;
            const count = copied.length === 1 ? '1 secret-like file' : `${copied.length} secret-like files`;
            const partial = secrets.truncated ? ` (${TRUNCATED})` : '';
            report({
              range: source.range,
              message: `${transfer.keyword} ${source.text} copies ${count} of ${contextName(secrets)} into the image: ${listed(copied)}${partial}. ${ignored}, and anyone who can pull the image can read ${them}. Add ${them} to .dockerignore.`,
              related: relatedTo(secrets),
              fixes: [ignoreFix(secrets)],
            });
          }
        }
      }
    },
  },
  docs: `## What it does
Reports a \`COPY\` or \`ADD\` that copies a folder of the build context (\`COPY . .\`,
\`COPY ./app /app\`, or a wildcard such as \`COPY *.json .\`) when that folder holds secret-like files
(the names of \`secret-file-copied\`: SSH keys, \`*.pem\`, \`*.key\`, \`.env\` files, \`.npmrc\`,
\`credentials*.json\`, \`.aws/\`, ...) that \`.dockerignore\` does not exclude. The message names a few of
the files (never their contents) and counts them.

The build context is the Dockerfile's folder, as \`docker build .\` beside it sends, unless a Compose
file in that folder or a folder above it builds this Dockerfile: then it is that service's
\`build.context\`. The ignore file is \`<Dockerfile name>.dockerignore\` beside the Dockerfile when there
is one, else \`.dockerignore\` at the context root, read with Docker's own semantics (patterns from the
context root, \`**\`, \`!\` exceptions, the last matching line wins), and so are the
\`COPY --exclude=<pattern>\` flags. \`COPY --from\` copies from another stage or image and is not
reported. The rule needs the files around the Dockerfile: the CLI reads the disk, the language
server the workspace folders (never outside them). A context of more than
${MAX_CONTEXT_ENTRIES} files and folders is read in part, nearest the root first, and the finding says so.

## Why is this bad?
\`COPY . .\` copies everything in the context that \`.dockerignore\` lets through, including a \`.env\`
or a private key lying next to the code. Every layer ships with the image: anyone who can pull it, or
read the build cache, can extract the files, even if a later step deletes them.

## Example
\`\`\`
.
├── .env            # DATABASE_PASSWORD=...
├── Dockerfile
└── src/
\`\`\`
\`\`\`dockerfile
FROM node:20
WORKDIR /app
COPY . .
\`\`\`

## Use instead
\`\`\`
# .dockerignore
.env
.env.*
!.env.example
*.pem
*.key
\`\`\`
Pass what the build needs with a secret mount (\`RUN --mount=type=secret,id=env,target=/app/.env\`),
and what the container needs at run time through the environment or a secrets store.

## Fix safety
The fix adds the files found to the ignore file in force, or creates \`.dockerignore\` at the root of
the build context with them. It is safe: a secret-like file in an image is never what a build means to
ship, and one that the application reads at run time belongs in its environment, not in the image.
`,
});
