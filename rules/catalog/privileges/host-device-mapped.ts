import { normalizePath } from '../../model/compose-mounts';
import { settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

/** Devices that give the container the host's memory, kernel log, I/O ports or disks: errors. */
const DANGEROUS = /^\/dev(?:\/(?:mem|kmem|port|kmsg|(?:sd|hd|vd|xvd)[a-z]+\d*|nvme\d+(?:n\d+(?:p\d+)?)?|mmcblk\d+(?:p\d+)?|dm-\d+|loop\d*|mapper(?:\/.*)?|disk(?:\/.*)?|md\d+))?$/;

export default defineRule({
  id: 'host-device-mapped',
  title: 'A host device is mapped into the container',
  severity: 'warning',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.devices) {
          const device = setting.value;
          const host = device.host.startsWith('/') ? normalizePath(device.host) : device.host;
          const dangerous = DANGEROUS.test(host);
          const found = dangerous
            ? settingFinding(container, setting, 'error', 'Remove the mapping.')
            : settingFinding(container, setting, 'warning', 'Make sure it needs it, and grant only read access (":r") when that is enough.');
          report({
            range: setting.range,
            message: dangerous
              ? `${container.label} maps the host's ${host} into the container: ${host === '/dev' ? 'every device of the host' : /^\/dev\/(?:mem|kmem|port)$/.test(host) ? "raw access to the host's memory or I/O ports" : host === '/dev/kmsg' ? "the host's kernel log, readable and writable" : "a host disk, with every file on it"}, enough to read secrets or take over the host. ${found.advice}`
              : `${container.label} maps the host device ${device.host} into the container: it reaches the host's hardware or kernel driver directly, outside the container's isolation. ${found.advice}`,
            severity: found.severity,
            related: setting.related,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports every host device mapped into a container, wherever it is declared: a Compose service's
\`devices:\` entries, \`--device\` in a dev container's \`runArgs\` or on a \`docker run\` line in a
script, a Makefile or a CI file. It is an error for the devices that give away the host: \`/dev/mem\`, \`/dev/kmem\`,
\`/dev/port\`, \`/dev/kmsg\`, disks and partitions (\`/dev/sd*\`, \`/dev/nvme*\`, \`/dev/vd*\`,
\`/dev/xvd*\`, \`/dev/hd*\`, \`/dev/mmcblk*\`, \`/dev/dm-*\`, \`/dev/md*\`, \`/dev/loop*\`,
\`/dev/mapper/*\`, \`/dev/disk/*\`) and \`/dev\` itself; a warning for any other device (a serial
port, a GPU, a CDI device such as \`nvidia.com/gpu=all\`).

## Why is this bad?
A device node is a door into the host kernel that namespaces do not close. \`/dev/mem\` and
\`/dev/kmem\` expose the host's memory, \`/dev/port\` its I/O ports, \`/dev/kmsg\` its kernel log; a
disk device lets the container mount or read the host's file systems and every secret on them,
and write to them. Other devices are less direct but still give the container a kernel driver to
attack and hardware shared with the host.

## Example
\`\`\`yaml
services:
  monitor:
    image: example/monitor:2.1
    devices:
      - /dev/sda:/dev/sda
\`\`\`

## Use instead
\`\`\`yaml
services:
  monitor:
    image: example/monitor:2.1
    volumes:
      - /srv/monitor/data:/data:ro
\`\`\`

## Fix safety
No automatic fix: only the owner knows whether the service needs the device.
`,
});
