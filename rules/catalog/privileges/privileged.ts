import { sequenceItems, serviceEntry, type ComposeModel, type ComposeService } from '../../model/compose';
import { removeFix, settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';
import { booleanValue, definedHere, listItems, subEntry } from '../../model/compose-values';
import type { Report } from '../../rule';

export default defineRule({
  id: 'privileged',
  title: 'The container runs privileged',
  severity: 'error',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'privileged_containers_enabled ae5b6871' },
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.privileged) {
          if (!setting.value) continue;
          const advice = `Remove ${setting.written ?? 'it'} and add only the capabilities or devices it needs.`;
          const found = settingFinding(container, setting, 'error', advice);
          report({
            range: setting.range,
            message: `${container.label} runs privileged: it gets every capability and all host devices, and can take over the host. ${found.advice}`,
            severity: found.severity,
            related: setting.related,
            fixes: () => removeFix(setting, 'Remove the privileged setting'),
          });
        }
      }
    },
    compose({ model, report }) {
      for (const service of model.services) {
        for (const found of [...privilegedHooks(model, service), ...privilegedBuild(model, service)]) report(found);
      }
    },
  },
  docs: `## What it does
Reports a container started privileged, wherever it is declared: a Compose service with
\`privileged: true\` (also written as the string \`"true"\`, or brought in by an alias, a merge key
or \`extends\`), a dev container (\`"privileged": true\` in \`devcontainer.json\`, \`--privileged\` in its
\`runArgs\`, or a feature that asks for it: a warning that names the feature), and a \`docker run\`
line in a script, a Makefile or a CI file. A container whose image has a known need for it
(registering binfmt handlers) is reported as \`info\`. In Compose it also reports the privileges
granted elsewhere:
- a lifecycle hook (\`post_start\`, \`pre_stop\`) with \`privileged: true\`, whose command runs in the
  container with every capability;
- \`build.privileged: true\`, which runs the build's steps privileged on the builder;
- \`build.entitlements\` with \`security.insecure\` (lets \`RUN --security=insecure\` run privileged
  on the builder), or \`network.host\` (lets \`RUN --network=host\` use the builder host's network;
  a warning).

## Why is this bad?
A privileged container gets every Linux capability, access to all host devices, and no seccomp,
AppArmor or SELinux confinement. Root in such a container is root on the host: it can mount the
host's disks, load kernel modules or write to \`/sys\`, so any compromise of the service is a
compromise of the host.

## Example
\`\`\`yaml
services:
  agent:
    image: myorg/agent:2.1
    privileged: true
\`\`\`

## Use instead
\`\`\`yaml
services:
  agent:
    image: myorg/agent:2.1
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
    devices: ["/dev/fuse"]
\`\`\`

## Fix safety
The fix removes the \`privileged\` line. It is unsafe: a service that relies on a capability or
a device it got from \`privileged\` stops working.
`,
});

/** Lifecycle hooks (`post_start`, `pre_stop`) whose command runs privileged, at their `privileged` key. */
function privilegedHooks(model: ComposeModel, service: ComposeService): Report[] {
  const found: Report[] = [];
  for (const hook of ['post_start', 'pre_stop']) {
    const entry = serviceEntry(model, service, hook);
    if (entry === 'unknown' || !entry?.value) continue;
    for (const item of sequenceItems(model, entry.value)) {
      const privileged = subEntry(item, 'privileged');
      if (!privileged || booleanValue(model, privileged.value) !== true) continue;
      found.push({
        range: privileged.keyRange,
        message: `A ${hook} hook of service "${service.name}" runs privileged: its command gets every capability and all host devices, and can take over the host. Remove privileged: true from the hook.`,
        related: definedHere(hook, privileged.definedAt, privileged.value?.definedAt),
      });
    }
  }
  return found;
}

/** What each build entitlement lets a Dockerfile's RUN steps do on the builder. */
const ENTITLEMENTS: Record<string, { allows: string; severity?: Report['severity'] }> = {
  'security.insecure': { allows: 'RUN --security=insecure steps run privileged on the builder, with every capability, and can take over the builder host' },
  'network.host': { allows: "RUN --network=host steps use the builder host's network: they reach its localhost services and bind its ports", severity: 'warning' },
};

/** `build.privileged: true` and the entitlements of `build.entitlements` that grant privileges. */
function privilegedBuild(model: ComposeModel, service: ComposeService): Report[] {
  const build = serviceEntry(model, service, 'build');
  if (build === 'unknown' || !build?.value) return [];
  const found: Report[] = [];
  const privileged = subEntry(build.value, 'privileged');
  if (privileged && booleanValue(model, privileged.value) === true) {
    found.push({
      range: privileged.keyRange,
      message: `Service "${service.name}" is built privileged (build.privileged: true): every RUN step of its Dockerfile runs with every capability on the builder, and a compromised dependency can take over the builder host. Remove it.`,
      related: definedHere('build.privileged', privileged.definedAt, privileged.value?.definedAt),
    });
  }
  const entitlements = subEntry(build.value, 'entitlements');
  for (const { item, text } of listItems(model, entitlements?.value)) {
    const entitlement = text === undefined ? undefined : ENTITLEMENTS[text.trim()];
    if (!entitlement) continue;
    found.push({
      range: item.range,
      message: `Service "${service.name}" grants its build the ${text!.trim()} entitlement: ${entitlement.allows}. Remove the entitlement and the RUN option that needs it.`,
      severity: entitlement.severity,
      related: definedHere('build.entitlements', item.definedAt),
    });
  }
  return found;
}
