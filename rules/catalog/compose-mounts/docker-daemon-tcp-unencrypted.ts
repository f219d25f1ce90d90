import { environment, resolvedText, serviceEntry, type ComposeModel, type ComposeService, type EnvironmentVariable } from '../../model/compose';
import { definedHere, portMappings } from '../../model/compose-mounts';
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

/** Whether the image is the Docker-in-Docker daemon image (`docker:dind`, `docker:27-dind`, ...). */
function isDind(image: string | undefined): boolean {
  return image !== undefined && /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?docker:[\w.-]*dind[\w.-]*(?:@sha256:[0-9a-f]+)?$/i.test(image.trim());
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
  kinds: ['compose'],
  category: 'daemon',
  peers: {},
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
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
        const hostValue = host?.resolved;
        if (host && hostValue !== undefined && /^tcp:\/\//i.test(hostValue.trim())) {
          const verify = find('DOCKER_TLS_VERIFY');
          const tls = find('DOCKER_TLS');
          const valueOf = (variable: EnvironmentVariable | undefined) => variable?.resolved;
          // A variable named without a value, or whose value is an unknown variable, comes from elsewhere: not judged.
          const unknown = (variable: EnvironmentVariable | undefined) => (variable ? valueOf(variable) === undefined : hasEnvFile);
          if (!unknown(verify) && !unknown(tls) && tlsOff(valueOf(verify)) && tlsOff(valueOf(tls))) {
            report({
              range: host.range,
              message: `Service "${service.name}" talks to the Docker daemon at ${withoutUserinfo(hostValue.trim())} over TCP with DOCKER_TLS_VERIFY ${verify ? 'empty' : 'unset'}: the connection is neither encrypted nor authenticated, so anyone on the network can read or hijack it. Set DOCKER_TLS_VERIFY=1 with client certificates (DOCKER_CERT_PATH) and port 2376.`,
              related: related(host),
            });
          }
        }

        const certDir = find('DOCKER_TLS_CERTDIR');
        if (certDir && certDir.value !== undefined && certDir.resolved?.trim() === '' && isDind(resolvedText(model, imageValue(model, service)))) {
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

This is the Compose side of the rule; the Dockerfile side (\`EXPOSE 2375\`, \`dockerd -H tcp://\`)
comes with the Dockerfile rule pack, and the \`daemon.json\` side with the daemon rule pack.

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

## Fix safety
No automatic fix: TLS needs certificates on both sides, which only the owner can set up.
`,
});

/** The service's image reference, following `extends`. */
function imageValue(model: ComposeModel, service: ComposeService) {
  const entry = serviceEntry(model, service, 'image');
  return entry === 'unknown' ? undefined : entry?.value;
}
