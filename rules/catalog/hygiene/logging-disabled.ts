import { serviceEntry } from '../../model/compose';
import { defineRule } from '../../rule';
import { resolvedText } from '../../model/compose';
import { definedHere, subEntry } from '../../model/compose-values';

export default defineRule({
  id: 'logging-disabled',
  title: "The service's logs are thrown away",
  severity: 'warning',
  kinds: ['compose'],
  category: 'hygiene',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const logging = serviceEntry(model, service, 'logging');
        if (logging === 'unknown' || !logging) continue;
        const driver = subEntry(logging.value, 'driver');
        if (!driver?.value || resolvedText(model, driver.value)?.trim().toLowerCase() !== 'none') continue;
        report({
          range: driver.value.range,
          message: `Service "${service.name}" uses the "none" logging driver: its output is discarded, leaving no trail of what happened in it. Use a logging driver such as local, json-file or your log collector.`,
          related: definedHere('The logging driver', driver.value.definedAt),
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service whose \`logging.driver\` is \`none\`.

## Why is this bad?
With the \`none\` driver Docker discards everything the container writes to stdout and stderr.
Errors, access logs and the traces of an intrusion are lost, so an incident can be neither
noticed nor investigated.

## Example
\`\`\`yaml
services:
  api:
    image: myorg/api:2.3
    logging:
      driver: none
\`\`\`

## Use instead
\`\`\`yaml
services:
  api:
    image: myorg/api:2.3
    logging:
      driver: local
      options:
        max-size: 10m
\`\`\`

## Fix safety
No automatic fix yet. Which driver to use depends on where the logs should go.
`,
});
