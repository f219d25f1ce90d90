import { environment, resolvedText, serviceEntry, type ComposeModel, type ComposeService, type EnvironmentVariable } from '../../model/compose';
import { definedHere, portMappings, type PortMapping } from '../../model/compose-mounts';
import { setKeysFix } from '../../fixes/daemon-json';
import { unitDaemonConfig } from '../../model/daemon';
import { isTrue, itemsOf, settingOf, tcpPort, type DaemonSettings, type SettingItem } from '../../model/dockerd';
import { dockerdCommandsOf, isDindImage } from '../../model/dockerd-commands';
import { argDeclarations, envProperties, expandAt, variablePairs, type DockerfileModel, type DockerfileStage } from '../../model/dockerfile';
import { exposedPorts } from '../../model/instructions';
import { defineRule, type Report } from '../../rule';
import type { Range } from '../../types';

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

function includesPlainPort(ports: [number, number] | undefined): boolean {
  return ports !== undefined && ports[0] <= PLAIN_PORT && PLAIN_PORT <= ports[1];
}

/** Whether a published port maps the daemon's plain port, on either side. */
function publishesPlainPort(port: PortMapping): boolean {
  return port.protocol === 'tcp' && (includesPlainPort(port.targetPorts) || includesPlainPort(port.publishedPorts));
}

function plainPortMessage(label: string): string {
  return `${label} publishes port ${PLAIN_PORT}, the Docker daemon's port without TLS: whoever reaches it controls the daemon, and so the host, without any authentication. Use port 2376 with TLS client certificates, or keep the daemon on a socket.`;
}

function emptyCertDirMessage(label: string): string {
  return `${label} runs Docker-in-Docker with DOCKER_TLS_CERTDIR empty: the daemon then listens on port ${PLAIN_PORT} without TLS, and any container on its network controls it. Leave DOCKER_TLS_CERTDIR at its default (/certs) and share the client certificates.`;
}

/** The values of `DOCKER_TLS_VERIFY` and `DOCKER_TLS` beside a `DOCKER_HOST`; undefined when they are set elsewhere (unknown). */
interface TlsVariables {
  verify?: string;
  tls?: string;
}

/**
 * Why a `DOCKER_HOST` value reaches the daemon without TLS, or undefined when it does not (or cannot
 * be told): a `tcp://` address on port 2375, the daemon's plain port, or with TLS verification off.
 */
function plainTcpHost(host: string, tls: TlsVariables | undefined): string | undefined {
  const address = withoutUserinfo(host.trim());
  if (!/^tcp:\/\//i.test(address)) return undefined;
  if (tls && tlsOff(tls.verify) && tlsOff(tls.tls)) return `${address} over TCP with DOCKER_TLS_VERIFY ${tls.verify === undefined ? 'unset' : 'empty'}`;
  if (new RegExp(`^tcp://[^/]*:${PLAIN_PORT}(?:/|$)`, 'i').test(address)) return `${address}, port ${PLAIN_PORT}, where the daemon listens without TLS`;
  return undefined;
}

const PLAIN_HOST_CONSEQUENCE = 'the connection is neither encrypted nor authenticated, so anyone on the network can read or hijack it. Set DOCKER_TLS_VERIFY=1 with client certificates (DOCKER_CERT_PATH) and port 2376.';

/**
 * The TLS variables a stage sets (ENV, or ARG with a default), or inherits from the stages it is
 * built on; undefined when one is an ARG without a default, whose value comes with the build.
 */
function stageTlsVariables(stage: DockerfileStage): TlsVariables | undefined {
  const chain: DockerfileStage[] = [];
  for (let current: DockerfileStage | undefined = stage; current && !chain.includes(current); current = current.base?.stage) chain.unshift(current);
  const variables: TlsVariables = {};
  for (const instruction of chain.flatMap((s) => s.instructions)) {
    const isArg = instruction.keyword === 'ARG';
    for (const pair of isArg ? argDeclarations(instruction) : envProperties(instruction)) {
      const key = pair.getName() === 'DOCKER_TLS_VERIFY' ? 'verify' : pair.getName() === 'DOCKER_TLS' ? 'tls' : undefined;
      if (!key) continue;
      const value = pair.getValue();
      if (value === null && isArg) return undefined;
      variables[key] = value ?? '';
    }
  }
  return variables;
}

/** Whether a stage runs the Docker-in-Docker daemon image (`docker:dind`, ...), directly or through the stages it is built on. */
function isDindStage(stage: DockerfileStage): boolean {
  const seen = new Set<DockerfileStage>();
  for (let current: DockerfileStage | undefined = stage; current && !seen.has(current); current = current.base?.stage) {
    seen.add(current);
    if (isDindImage(current.base?.reference?.text)) return true;
  }
  return false;
}

function checkDockerfileHosts(model: DockerfileModel, report: (report: Report) => void): void {
  // The pairs every rule reads, by name first: the stage is looked up for the few that matter.
  for (const { keyword, pair, instruction } of variablePairs(model)) {
    const name = pair.getName();
    if (name !== 'DOCKER_TLS_CERTDIR' && name !== 'DOCKER_HOST') continue;
    // A global ARG (before the first FROM) belongs to no stage and is not judged.
    const stage = model.stages.find((s) => s.checked.includes(instruction));
    if (!stage) continue;
    const written = pair.getValue();
    if (name === 'DOCKER_TLS_CERTDIR' && (written ?? '') === '' && keyword === 'ENV' && isDindStage(stage)) {
      report({
        range: pair.getRange(),
        message: `ENV DOCKER_TLS_CERTDIR is empty in a Docker-in-Docker image: its daemon then listens on port ${PLAIN_PORT} without TLS, and anyone who reaches the container controls it. Leave DOCKER_TLS_CERTDIR at its default (/certs) and share the client certificates.`,
      });
      continue;
    }
    if (name !== 'DOCKER_HOST' || written === null) continue;
    const host = expandAt(model, stage, instruction, written);
    const problem = host === undefined ? undefined : plainTcpHost(host, stageTlsVariables(stage));
    if (problem) report({ range: pair.getRange(), message: `${keyword} DOCKER_HOST points the Docker client at ${problem}: ${PLAIN_HOST_CONSEQUENCE}` });
  }
}

/** A URL without its `user:password@` part: the value may come from `.env`, and a message never shows a credential. */
function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

function related(variable: EnvironmentVariable): Report['related'] {
  return variable.definedAt ? [{ range: variable.definedAt, message: `${variable.name} is defined here` }] : undefined;
}

export default defineRule({
  id: 'docker-daemon-tcp-unencrypted',
  title: 'The Docker daemon is reached over TCP without TLS',
  severity: 'error',
  kinds: ['dockerfile', 'compose', 'daemon', 'systemd', 'shell', 'ci'],
  category: 'daemon',
  profiles: ['recommended', 'strict'],
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
    dockerfile({ model, report }) {
      for (const port of exposedPorts(model)) {
        if (port.protocol !== 'tcp' || !includesPlainPort(port.ports)) continue;
        const which = port.ports[0] === port.ports[1] ? `port ${PLAIN_PORT}` : `port ${PLAIN_PORT} (in ${port.port})`;
        report({
          range: port.range,
          message: `EXPOSE declares ${which}, the Docker daemon's port without TLS: whoever reaches it controls the daemon, and so the host, without any authentication. Use port 2376 with TLS client certificates, or keep the daemon on a socket.`,
        });
      }
      checkDockerfileHosts(model, report);
      for (const command of dockerdCommandsOf(model)) for (const { item, message } of unencryptedHosts(command, undefined)) report({ range: item.range, message });
    },
    compose({ model, report }) {
      for (const command of dockerdCommandsOf(model)) for (const { item, message } of unencryptedHosts(command, undefined)) report({ range: item.range, message });
      for (const service of model.services) {
        for (const port of portMappings(model, service)) {
          if (publishesPlainPort(port)) report({ range: port.range, message: plainPortMessage(`Service "${service.name}"`), related: definedHere(port, 'The port') });
        }

        const variables = environment(model, service);
        // A variable not written here may come from an env_file: the service is then not judged on it.
        const hasEnvFile = serviceEntry(model, service, 'env_file') !== undefined;
        const find = (name: string) => variables.find((variable) => variable.name === name);
        const host = find('DOCKER_HOST');
        const hostValue = host?.resolved;
        if (host && hostValue !== undefined) {
          const verify = find('DOCKER_TLS_VERIFY');
          const tls = find('DOCKER_TLS');
          const valueOf = (variable: EnvironmentVariable | undefined) => variable?.resolved;
          // A variable named without a value, or whose value is an unknown variable, comes from elsewhere: not judged.
          const unknown = (variable: EnvironmentVariable | undefined) => (variable ? valueOf(variable) === undefined : hasEnvFile);
          const problem = plainTcpHost(hostValue, unknown(verify) || unknown(tls) ? undefined : { verify: valueOf(verify), tls: valueOf(tls) });
          if (problem) report({ range: host.range, message: `Service "${service.name}" talks to the Docker daemon at ${problem}: ${PLAIN_HOST_CONSEQUENCE}`, related: related(host) });
        }

        const certDir = find('DOCKER_TLS_CERTDIR');
        if (certDir && certDir.value !== undefined && certDir.resolved?.trim() === '' && isDindImage(resolvedText(model, imageValue(model, service)))) {
          report({ range: certDir.range, message: emptyCertDirMessage(`Service "${service.name}"`), related: related(certDir) });
        }
      }
    },
    // Compose services are judged above, with their interpolation and env files.
    runtime({ model, report }) {
      // A GitLab CI variable reaches every service of the jobs that see it: one finding where it is written.
      const reported = new Set<string>();
      const once = (range: Range, message: string) => {
        const key = `${range.start.line}:${range.start.character}`;
        if (!reported.has(key)) report({ range, message });
        reported.add(key);
      };
      for (const container of model) {
        if (container.frontDoor === 'compose') continue;
        for (const port of container.ports) if (publishesPlainPort(port.value)) once(port.range, plainPortMessage(container.label));
        if (!isDindImage(container.image?.value)) continue;
        // The last definition of the variable is the one the daemon sees.
        const certDir = container.environment.filter((variable) => variable.value.name === 'DOCKER_TLS_CERTDIR').at(-1);
        if (certDir?.value.value?.trim() === '') once(certDir.range, emptyCertDirMessage(container.label));
      }
    },
  },
  docs: `## What it does
Reports a Dockerfile or a Compose service through which the Docker daemon is reachable, or
reached, over TCP without TLS:
- \`EXPOSE 2375\` (alone, \`2375/tcp\`, in a range, or from an \`ARG\`/\`ENV\` value) in a
  Dockerfile, and a published port 2375 (as the container or the host port) in Compose: the
  daemon's plain-text port;
- \`DOCKER_HOST\` set to a \`tcp://\` address — a Dockerfile \`ENV\` or \`ARG\`, a Compose
  \`environment:\` entry — while \`DOCKER_TLS_VERIFY\` (and \`DOCKER_TLS\`) is unset or empty in the
  same stage (or the stages it is built on) or service, and any \`tcp://\` address on port 2375
  whatever the TLS variables say. The Docker CLI and SDKs switch TLS on for any non-empty value —
  \`DOCKER_TLS_VERIFY=0\` and \`false\` included — so those are not reported. When the TLS variables
  may come from elsewhere (a Dockerfile \`ARG\` without a default, a Compose \`env_file\` or a
  variable passed through from the host), only port 2375 is reported;
- a Docker-in-Docker service or image (\`docker:dind\` and its variants, also through the stages
  built on it) with \`DOCKER_TLS_CERTDIR\` set empty in \`environment:\` or an \`ENV\`, which makes
  the daemon listen on 2375 without TLS.

The same for the containers scripts and CI files start: a \`docker run\` line that publishes port
2375 (\`-p 2375:2375\`) or runs a Docker-in-Docker image with \`-e DOCKER_TLS_CERTDIR=\`, and a
GitLab CI \`docker:dind\` service that sees \`DOCKER_TLS_CERTDIR: ""\` among its pipeline's, job's
or own \`variables\` (reported once, where the variable is written).

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

## Why is this bad?
The Docker API gives full control of the daemon, and through it of the host: starting a
privileged container that mounts \`/\` is one call away. Without TLS the API has no
authentication at all — anyone who reaches the port is root on the host — and the traffic of a
client, including registry credentials, crosses the network in clear.

## Example
\`\`\`dockerfile
FROM docker:27-cli
ENV DOCKER_HOST=tcp://build-host:2375
\`\`\`
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
\`\`\`dockerfile
FROM docker:27-cli
ENV DOCKER_HOST=tcp://build-host:2376 DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=/certs/client
\`\`\`
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
