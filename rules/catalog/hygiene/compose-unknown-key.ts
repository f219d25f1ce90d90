import { unknownKeys } from '../../model/compose-schema';
import { definedHere } from '../../model/compose-values';
import { defineRule } from '../../rule';
import { nearestWord } from '../../suggest';

/** Service keys of the old file formats that the specification dropped, and what replaced them (no fix: none is a rename). */
const LEGACY_SERVICE_KEYS: Record<string, string> = {
  net: 'network_mode',
  log_driver: 'logging.driver',
  log_opt: 'logging.options',
  dockerfile: 'build.dockerfile',
  volume_driver: "the named volume's driver",
};

export default defineRule({
  id: 'compose-unknown-key',
  title: 'A Compose key the Compose Specification does not know',
  severity: 'warning',
  profiles: ['recommended', 'strict'],
  kinds: ['compose'],
  category: 'hygiene',
  peers: { dclint: 'invalid-schema' },
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const unknown of unknownKeys(model)) {
        const legacy = /^services\.[^.]+$/.test(unknown.path) && Object.hasOwn(LEGACY_SERVICE_KEYS, unknown.key) ? LEGACY_SERVICE_KEYS[unknown.key] : undefined;
        const suggestion = legacy === undefined ? nearestWord(unknown.key, unknown.known) : undefined;
        const where = unknown.path === '' ? 'at the top level' : `in ${unknown.path}`;
        const shown = unknown.key.length > 60 ? `${unknown.key.slice(0, 60)}…` : unknown.key;
        // A plain key written here can be renamed in place, unless the mapping has the key already; a quoted or merged-in one is left to the author.
        const start = model.lines.offsetAt(unknown.keyRange.start);
        const renamable = suggestion !== undefined && !unknown.siblings.has(suggestion) && !unknown.definedAt && !unknown.keyRange.uri && model.text.startsWith(unknown.key, start) && model.lines.offsetAt(unknown.keyRange.end) === start + unknown.key.length;
        report({
          range: unknown.keyRange,
          message: `"${shown}" is not a Compose key ${where}: docker compose rejects the file, and a tool that does not validate it ignores the key, so what it was meant to set is not set.${legacy ? ` It is an old file format's key: use ${legacy} instead.` : suggestion ? ` Did you mean "${suggestion}"?` : ' Remove it, or name it x-... to keep it as an extension.'}`,
          related: definedHere(`"${shown}"`, unknown.definedAt),
          fixes: renamable ? [{ title: `Rename to ${suggestion}`, safe: false, edits: [{ range: unknown.keyRange, newText: suggestion }] }] : undefined,
        });
      }
    },
  },
  docs: `## What it does
Reports a key of a Compose file that the Compose Specification does not know where it is written —
at the top level, in a service, and in every nested mapping the specification describes (\`build\`,
\`deploy\`, \`healthcheck\`, a long-syntax volume or port, \`networks\`, \`volumes\`, \`secrets\`,
\`configs\`, ...) — with the closest known key when one is close (\`cap_dorp\` → \`cap_drop\`,
\`readonly\` → \`read_only\`). Keys brought in by a \`<<\` merge key are reported where the service
uses them. \`x-\` extensions are allowed wherever the specification allows them, and so are the
names of services, networks and volumes. A file without \`services\` (the legacy format) is not
checked; a service key of the old formats that the specification dropped (\`net\`, \`log_driver\`,
\`log_opt\`, \`dockerfile\`, \`volume_driver\`) is reported with the key that replaced it.

The known keys are those of the Compose Specification's published JSON schema, shipped with
Bulwark unchanged.

## Why is this bad?
A misspelt key is a silent hole: \`cap_dorp: [ALL]\` or \`readonly: true\` hardens nothing.
\`docker compose\` refuses such a file, but other tools that read Compose files (older
\`docker-compose\` releases, platforms and scanners that do not validate it) ignore the key, and the
service runs without the setting its author believes it has.

## Example
\`\`\`yaml
services:
  web:
    image: nginx:1.27
    cap_dorp: [ALL]
    readonly: true
\`\`\`

## Use instead
\`\`\`yaml
services:
  web:
    image: nginx:1.27
    cap_drop: [ALL]
    read_only: true
\`\`\`

## Fix safety
When a known key is close, the fix renames the key: a plain key written in the file, not one
merged in, and not when the mapping already has the key it would become. It is unsafe: the
suggestion is a guess, and the setting it turns on changes what the service does.
`,
});
