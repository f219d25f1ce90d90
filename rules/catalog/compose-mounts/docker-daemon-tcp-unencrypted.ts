import { environment, interpolate, scalarText, serviceEntry, type ComposeModel, type ComposeService, type EnvironmentVariable } from '../../model/compose';
import { definedHere, portMappings } from '../../model/compose-mounts';
import { setKeysFix } from '../../fixes/daemon-json';
import { unitDaemonConfig } from '../../model/daemon';
import { isTrue, itemsOf, settingOf, tcpPort, type DaemonSettings, type SettingItem } from '../../model/dockerd';
import { dockerdCommandsOf, isDindImage } from '../../model/dockerd-commands';
import { defineRule, type Report } from '../../rule';

/** The Docker daemon's port without TLS. */
const PLAIN_PORT = 2375;

/**
 * Whether a `DOCKER_TLS_VERIFY` or `DOCKER_TLS` value leaves TLS off: the Docker CLI and SDK switch it
 * on for any non-empty value, `0` and `false` included.
 */
function tlsOff(value: string | undefined): boolean {
  return value === undefined || value === '';
}

/**
 * The daemon's own TCP addresses that go without TLS client verification: any `tcp://` host when
 * neither source sets `tlsverify`, and port 2375, the plain-text port, always. With `incomplete`
 * settings (a `$VAR` may add --tlsverify) only 2375 is judged.
 */
function unencryptedHosts(own: DaemonSettings, config: DaemonSettings | undefined): Array<{ item: SettingItem; message: string }> {
  const verify = isTrue(settingOf(own, 'tlsverify')) || isTrue(settingOf(config, 'tlsverify'));
  const tls = verify || isTrue(settingOf(own, 'tls')) || isTrue(settingOf(config, 'tls'));
  const found = [];
  for (const item of itemsOf(own, 'hosts')) {
    const port = item.value === undefined ? undefined : tcpPort(item.value, tls);
    if (port === undefined || (port !== PLAIN_PORT && (verify || own.incomplete))) continue;
    const host = item.value!.trim();
    const message =
      port === PLAIN_PORT && verify
        ? `The daemon listens on ${host}: port ${PLAIN_PORT} is the Docker API's plain-text port, which clients, scanners and firewall rules treat as unencrypted. Serve TLS on 2376.`
        : `The daemon listens on ${host} ${tls ? 'with TLS but without client verification (tlsverify)' : 'without TLS'}: whoever reaches the port controls the daemon, and so the host, without any authentication. Require client certificates (tlsverify with tlscacert, tlscert, tlskey) on port 2376, or keep the daemon on its socket.`;
    found.push({ item, message });
  }
  return found;
}

function related(variable: EnvironmentVariable): Report['related'] {
  return variable.definedAt ? [{ range: variable.definedAt, message: `${variable.name} is defined here` }] : undefined;
}

export default defineRule({
  id: 'docker-daemon-tcp-unencrypted',
  title: 'The Docker daemon is reached over TCP without TLS',
  severity: 'error',
  kinds: ['compose', 'daemon', 'systemd', 'dockerfile'],
  category: 'daemon',
  peers: {},
  fix: { available: true, safe: false },
  check: {
    daemon({ model, report }) {
      const fix = settingOf(model, 'tlsverify')
        ? undefined
        : setKeysFix(model, 'Require TLS client certificates: add "tlsverify": true with placeholder tlscacert/tlscert/tlskey paths (unsafe: the daemon will not start until the three files exist)', [
            ['tlsverify', true],
            ['tlscacert', '/etc/docker/tls/ca.pem'],
            ['tlscert', '/etc/docker/tls/server-cert.pem'],
            ['tlskey', '/etc/docker/tls/server-key.pem'],
          ]);
      for (const { item, message } of unencryptedHosts(model, undefined)) report({ range: item.range, message, fixes: fix ? [fix] : undefined });
    },
    dockerfile({ model, report }) {
      for (const command of dockerdCommandsOf(model)) for (const { item, message } of unencryptedHosts(command, undefined)) report({ range: item.range, message });
    },
    systemd({ model, report, documentUri, workspace, daemonFiles }) {
      for (const command of model.dockerd) {
        const config = unitDaemonConfig(documentUri, command.configFile, workspace, daemonFiles).found;
        for (const { item, message } of unencryptedHosts(command, config?.model)) report({ range: item.range, message });
      }
      // A socket unit's TLS is dockerd's business, in another file: only the plain-text port is sure.
      for (const address of model.listenStreams) {
        if (/^[/@]/.test(address.text) || !new RegExp(`(?:^|:)${PLAIN_PORT}$`).test(address.text)) continue;
        report({
          range: address.range,
          message: `The socket listens on ${address.text}, port ${PLAIN_PORT}, the Docker API's plain-text port, and hands it to dockerd (-H fd://): whoever reaches it controls the daemon, and so the host. Listen on a UNIX socket only, or serve the API with TLS client verification on 2376.`,
        });
      }
    },
    compose({ model, report }) {
      for (const command of dockerdCommandsOf(model)) for (const { item, message } of unencryptedHosts(command, undefined)) report({ range: item.range, message });
      for (const service of model.services) {
        for (const port of portMappings(model, service)) {
          if (port.protocol !== 'tcp') continue;
          const inRange = (ports: [number, number] | undefined) => ports !== undefined && ports[0] <= PLAIN_PORT && PLAIN_PORT <= ports[1];
          if (!inRange(port.targetPorts) && !inRange(port.publishedPorts)) continue;
          report({
            range: port.range,
            message: `Service "${service.name}" publishes port ${PLAIN_PORT}, the Docker daemon's port without TLS: whoever reaches it controls the daemon, and so the host, without any authentication. Use port 2376 with TLS client certificates, or keep the daemon on a socket.`,
            related: definedHere(port, 'The port'),
          });
        }

        const variables = environment(model, service);
        // A variable not written here may come from an env_file: the service is then not judged on it.
        const hasEnvFile = serviceEntry(model, service, 'env_file') !== undefined;
        const find = (name: string) => variables.find((variable) => variable.name === name);
        const host = find('DOCKER_HOST');
        const hostValue = host?.value === undefined ? undefined : interpolate(host.value);
        if (host && hostValue !== undefined && /^tcp:\/\//i.test(hostValue.trim())) {
          const verify = find('DOCKER_TLS_VERIFY');
          const tls = find('DOCKER_TLS');
          const valueOf = (variable: EnvironmentVariable | undefined) => (variable?.value === undefined ? undefined : interpolate(variable.value));
          // A variable named without a value, or whose value is an unknown variable, comes from elsewhere: not judged.
          const unknown = (variable: EnvironmentVariable | undefined) => (variable ? valueOf(variable) === undefined : hasEnvFile);
          if (!unknown(verify) && !unknown(tls) && tlsOff(valueOf(verify)) && tlsOff(valueOf(tls))) {
            report({
              range: host.range,
              message: `Service "${service.name}" talks to the Docker daemon at ${hostValue.trim()} over TCP with DOCKER_TLS_VERIFY ${verify ? 'empty' : 'unset'}: the connection is neither encrypted nor authenticated, so anyone on the network can read or hijack it. Set DOCKER_TLS_VERIFY=1 with client certificates (DOCKER_CERT_PATH) and port 2376.`,
              related: related(host),
            });
          }
        }

        const certDir = find('DOCKER_TLS_CERTDIR');
        if (certDir && certDir.value !== undefined && interpolate(certDir.value)?.trim() === '' && isDindImage(interpolate(scalarText(imageValue(model, service)) ?? ''))) {
          report({
            range: certDir.range,
            message: `Service "${service.name}" runs Docker-in-Docker with DOCKER_TLS_CERTDIR empty: the daemon then listens on port ${PLAIN_PORT} without TLS, and any container on its network controls it. Leave DOCKER_TLS_CERTDIR at its default (/certs) and share the client certificates.`,
            related: related(certDir),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a Compose service through which the Docker daemon is reachable, or reached, over TCP
without TLS:
- a published port 2375 (as the container or the host port), the daemon's plain-text port;
- \`DOCKER_HOST\` set to a \`tcp://\` address while \`DOCKER_TLS_VERIFY\` (and \`DOCKER_TLS\`) is unset
  or empty. The Docker CLI and SDKs switch TLS on for any non-empty value — \`DOCKER_TLS_VERIFY=0\`
  and \`false\` included — so those are not reported. A service with an \`env_file\`, which may set
  the variable, is not judged;
- a Docker-in-Docker service (\`docker:dind\` and its variants) with \`DOCKER_TLS_CERTDIR\` set empty,
  which makes the daemon listen on 2375 without TLS.

The daemon's own configuration:
- daemon.json: every \`hosts\` item with a TCP address (\`tcp://...\`, or \`host:port\` without a
  scheme) while \`tlsverify\` is not \`true\` — \`tls\` alone encrypts but lets any client in — and
  any address on port 2375, the plain-text port, even with TLS;
- systemd unit files and drop-ins: the same for the \`-H\`/\`--host\` flags of the effective
  \`ExecStart=\` dockerd command line, with \`--tlsverify\` from the flags or from the daemon.json
  dockerd reads (see \`daemon-userns-remap-missing\` for which one). A command line whose flags come
  partly from a variable (\`$DOCKER_OPTS\`) is only judged on port 2375; a socket unit
  (\`docker.socket\` and its drop-ins) whose \`ListenStream=\` is TCP port 2375 (its TLS, set on
  dockerd in another file, is not judged on other ports);
- dockerd started in a Dockerfile (\`RUN\`, \`CMD\`, \`ENTRYPOINT\`) or by a Compose service's
  \`command\`/\`entrypoint\` (Docker-in-Docker): the same for its \`-H\` flags.

The rest of the Dockerfile side (\`EXPOSE 2375\`) comes with the Dockerfile rule pack.

## Why is this bad?
The Docker API gives full control of the daemon, and through it of the host: starting a
privileged container that mounts \`/\` is one call away. Without TLS the API has no
authentication at all — anyone who reaches the port is root on the host — and the traffic of a
client, including registry credentials, crosses the network in clear.

## Example
\`\`\`yaml
services:
  dind:
    image: docker:27-dind
    privileged: true
    environment:
      DOCKER_TLS_CERTDIR: ""
  ci:
    image: docker:27-cli
    environment:
      DOCKER_HOST: tcp://dind:2375
\`\`\`

## Use instead
\`\`\`yaml
services:
  dind:
    image: docker:27-dind
    privileged: true
    environment:
      DOCKER_TLS_CERTDIR: /certs
    volumes:
      - certs:/certs/client
  ci:
    image: docker:27-cli
    environment:
      DOCKER_HOST: tcp://dind:2376
      DOCKER_TLS_VERIFY: "1"
      DOCKER_CERT_PATH: /certs/client
    volumes:
      - certs:/certs/client:ro
volumes:
  certs:
\`\`\`

In daemon.json:
\`\`\`json
{
  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
  "tlsverify": true,
  "tlscacert": "/etc/docker/tls/ca.pem",
  "tlscert": "/etc/docker/tls/server-cert.pem",
  "tlskey": "/etc/docker/tls/server-key.pem"
}
\`\`\`
See Docker's documentation, "Protect the Docker daemon socket", for making the certificates.

## Fix safety
In daemon.json, an unsafe fix adds \`"tlsverify": true\` with placeholder paths for the CA, the
server certificate and its key: the daemon will not start until the three files exist at those
paths (and clients then need certificates too). Elsewhere no automatic fix: TLS needs
certificates on both sides, which only the owner can set up.
`,
});

/** The service's image reference, following `extends`. */
function imageValue(model: ComposeModel, service: ComposeService) {
  const entry = serviceEntry(model, service, 'image');
  return entry === 'unknown' ? undefined : entry?.value;
}
