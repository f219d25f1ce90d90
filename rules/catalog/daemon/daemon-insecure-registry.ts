import { removeItemFix } from '../../fixes/daemon-json';
import { itemsOf, type SettingItem } from '../../model/dockerd';
import { dockerdCommandsOf, type CommandLineModel } from '../../model/dockerd-commands';
import { defineRule, type RuleContext } from '../../rule';

function message(item: SettingItem, where: string): string {
  return `${where} marks the registry ${item.value ?? 'given here'} as insecure: images are pulled from it over plain HTTP or unverified TLS, so anyone on the path can serve the daemon a tampered image. Give the registry a certificate (a private CA goes in /etc/docker/certs.d/<registry>/ca.crt) and remove it from the list.`;
}

function checkCommandLines({ model, report }: RuleContext<CommandLineModel>): void {
  for (const command of dockerdCommandsOf(model)) {
    for (const item of itemsOf(command, 'insecure-registries')) report({ range: item.range, message: message(item, '--insecure-registry') });
  }
}

export default defineRule({
  id: 'daemon-insecure-registry',
  title: 'The Docker daemon pulls from a registry without verified TLS',
  severity: 'warning',
  kinds: ['daemon', 'systemd', 'dockerfile', 'compose'],
  category: 'daemon',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: true, safe: false },
  check: {
    daemon({ model, report }) {
      itemsOf(model, 'insecure-registries').forEach((item, index) => {
        const fix = removeItemFix(model, `Remove ${item.value ?? 'this registry'} from insecure-registries (unsafe: pulls from it fail until it serves TLS with a trusted certificate)`, 'insecure-registries', index);
        report({ range: item.range, message: message(item, '"insecure-registries"'), fixes: fix ? [fix] : undefined });
      });
    },
    systemd: checkCommandLines,
    dockerfile: checkCommandLines,
    compose: checkCommandLines,
  },
  docs: `## What it does
Reports every registry listed in daemon.json's \`insecure-registries\`, and every
\`--insecure-registry\` flag of a dockerd command line: in a systemd unit file (\`ExecStart=\`), in
a Dockerfile (\`RUN\`, \`CMD\`, \`ENTRYPOINT\`) or in a Compose service's \`command\`/\`entrypoint\`
— including a \`command\` of flags only on the Docker-in-Docker image (\`docker:dind\`), whose
entrypoint passes them to dockerd.

## Why is this bad?
For an insecure registry the daemon accepts plain HTTP, or HTTPS with a certificate it cannot
verify. Whoever sits between the daemon and the registry — on the same network, or through a
poisoned DNS answer — can hand it any image under the expected name, and every container started
from it runs the attacker's code. Docker's documentation, "Test an insecure registry", describes
the setting as a testing aid only.

## Example
\`\`\`json
{
  "insecure-registries": ["registry.internal:5000"]
}
\`\`\`

## Use instead
Serve the registry over TLS. For a certificate from a private CA, give the daemon the CA instead
of switching verification off:
\`\`\`sh
mkdir -p /etc/docker/certs.d/registry.internal:5000
cp internal-ca.crt /etc/docker/certs.d/registry.internal:5000/ca.crt
\`\`\`

## Fix safety
The fix removes the registry from the list: unsafe, since pulls from it fail until it serves TLS
with a certificate the daemon trusts.
`,
});
