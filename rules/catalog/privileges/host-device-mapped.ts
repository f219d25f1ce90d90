import { definedHere, deviceMappings, normalizePath } from '../../model/compose-mounts';
import { defineRule } from '../../rule';

/** Devices that give the container the host's memory, kernel log, I/O ports or disks: errors. */
const DANGEROUS = /^\/dev(?:\/(?:mem|kmem|port|kmsg|(?:sd|hd|vd|xvd)[a-z]+\d*|nvme\d+(?:n\d+(?:p\d+)?)?|mmcblk\d+(?:p\d+)?|dm-\d+|loop\d*|mapper(?:\/.*)?|disk(?:\/.*)?|md\d+))?$/;

export default defineRule({
  id: 'host-device-mapped',
  title: 'A host device is mapped into the container',
  severity: 'warning',
  kinds: ['compose'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        for (const device of deviceMappings(model, service)) {
          const host = device.host.startsWith('/') ? normalizePath(device.host) : device.host;
          const dangerous = DANGEROUS.test(host);
          report({
            range: device.range,
            message: dangerous
              ? `Service "${service.name}" maps the host's ${host} into the container: ${host === '/dev' ? 'every device of the host' : /^\/dev\/(?:mem|kmem|port)$/.test(host) ? "raw access to the host's memory or I/O ports" : host === '/dev/kmsg' ? "the host's kernel log, readable and writable" : "a host disk, with every file on it"}, enough to read secrets or take over the host. Remove the mapping.`
              : `Service "${service.name}" maps the host device ${device.host} into the container: it reaches the host's hardware or kernel driver directly, outside the container's isolation. Make sure it needs it, and grant only read access (":r") when that is enough.`,
            severity: dangerous ? 'error' : undefined,
            related: definedHere(device, 'The device'),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports every \`devices:\` entry of a Compose service, which maps a host device into the
container. It is an error for the devices that give away the host: \`/dev/mem\`, \`/dev/kmem\`,
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
