import { environment, interpolate, scalarText, serviceEntry, type ComposeModel, type ComposeService, type EnvironmentVariable } from '../../model/compose';
import { definedHere, portMappings } from '../../model/compose-mounts';
import { argDeclarations, envProperties, expandAt, type DockerfileModel, type DockerfileStage } from '../../model/dockerfile';
import { exposedPorts } from '../../model/instructions';
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

function includesPlainPort(ports: [number, number] | undefined): boolean {
  return ports !== undefined && ports[0] <= PLAIN_PORT && PLAIN_PORT <= ports[1];
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
  const address = host.trim();
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
    const isArg = instruction.getKeyword().toUpperCase() === 'ARG';
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

function checkDockerfileHosts(model: DockerfileModel, report: (report: Report) => void): void {
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword().toUpperCase();
      for (const pair of keyword === 'ENV' ? envProperties(instruction) : argDeclarations(instruction)) {
        const written = pair.getValue();
        if (pair.getName() !== 'DOCKER_HOST' || written === null) continue;
        const host = expandAt(model, stage, instruction, written);
        const problem = host === undefined ? undefined : plainTcpHost(host, stageTlsVariables(stage));
        if (problem) report({ range: pair.getRange(), message: `${keyword} DOCKER_HOST points the Docker client at ${problem}: ${PLAIN_HOST_CONSEQUENCE}` });
      }
    }
  }
}

/** Whether the image is the Docker-in-Docker daemon image (`docker:dind`, `docker:27-dind`, ...). */
function isDind(image: string | undefined): boolean {
  return image !== undefined && /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?docker:[\w.-]*dind[\w.-]*(?:@sha256:[0-9a-f]+)?$/i.test(image.trim());
}

function related(variable: EnvironmentVariable): Report['related'] {
  return variable.definedAt ? [{ range: variable.definedAt, message: `${variable.name} is defined here` }] : undefined;
}

export default defineRule({
  id: 'docker-daemon-tcp-unencrypted',
  title: 'The Docker daemon is reached over TCP without TLS',
  severity: 'error',
  kinds: ['dockerfile', 'compose'],
  category: 'daemon',
  peers: {},
  fix: { available: false, safe: false },
  check: {
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
    },
    compose({ model, report }) {
      for (const service of model.services) {
        for (const port of portMappings(model, service)) {
          if (port.protocol !== 'tcp' || (!includesPlainPort(port.targetPorts) && !includesPlainPort(port.publishedPorts))) continue;
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
        if (host && hostValue !== undefined) {
          const verify = find('DOCKER_TLS_VERIFY');
          const tls = find('DOCKER_TLS');
          const valueOf = (variable: EnvironmentVariable | undefined) => (variable?.value === undefined ? undefined : interpolate(variable.value));
          // A variable named without a value, or whose value is an unknown variable, comes from elsewhere: not judged.
          const unknown = (variable: EnvironmentVariable | undefined) => (variable ? valueOf(variable) === undefined : hasEnvFile);
          const problem = plainTcpHost(hostValue, unknown(verify) || unknown(tls) ? undefined : { verify: valueOf(verify), tls: valueOf(tls) });
          if (problem) report({ range: host.range, message: `Service "${service.name}" talks to the Docker daemon at ${problem}: ${PLAIN_HOST_CONSEQUENCE}`, related: related(host) });
        }

        const certDir = find('DOCKER_TLS_CERTDIR');
        if (certDir && certDir.value !== undefined && interpolate(certDir.value)?.trim() === '' && isDind(interpolate(scalarText(imageValue(model, service)) ?? ''))) {
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
- a Docker-in-Docker service (\`docker:dind\` and its variants) with \`DOCKER_TLS_CERTDIR\` set empty,
  which makes the daemon listen on 2375 without TLS.

\`dockerd -H tcp://...\` in a \`RUN\` or \`CMD\` comes with the shell-aware rules, and the
\`daemon.json\` side with the daemon rule pack.

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

## Fix safety
No automatic fix: TLS needs certificates on both sides, which only the owner can set up.
`,
});

/** The service's image reference, following `extends`. */
function imageValue(model: ComposeModel, service: ComposeService) {
  const entry = serviceEntry(model, service, 'image');
  return entry === 'unknown' ? undefined : entry?.value;
}
