import { qualifiedName, type ImageReference } from './image-ref';

/**
 * Published images whose default user is not root, so a Dockerfile built on them runs unprivileged
 * without a USER of its own. Each entry is one the publisher documents or sets in its image
 * definition; an image not listed is taken to run as root, as Docker's default is.
 */

/** Images that set a non-root USER in every published tag. */
const NON_ROOT_REPOSITORIES = new Set([
  'docker.io/nginxinc/nginx-unprivileged',
  'docker.io/jenkins/jenkins',
  'docker.io/library/sonarqube',
  'docker.io/grafana/grafana',
  'docker.io/grafana/grafana-oss',
  'docker.io/prom/prometheus',
  'docker.io/prom/alertmanager',
  'docker.io/prom/node-exporter',
  'docker.elastic.co/elasticsearch/elasticsearch',
  'docker.io/library/elasticsearch',
  'quay.io/keycloak/keycloak',
]);

/** Bitnami's images all run as uid 1001. */
const NON_ROOT_PREFIXES = ['docker.io/bitnami/'];

/**
 * Chainguard images run as the user their apko definition's `run-as` names, `nonroot` (65532) or the
 * upstream user, `-dev` variants included; these set no `run-as` or `run-as: 0` and run as root.
 */
const CHAINGUARD_ROOT_IMAGES = new Set(['wolfi-base', 'chainguard-base', 'go']);

/** Red Hat's UBI language images (Software Collections' s2i images) end with `USER 1001`. */
const UBI_LANGUAGE_IMAGE = /^registry\.(?:access\.)?redhat\.(?:com|io)\/ubi\d+\/(?:nodejs|python|ruby|php|perl)-\d[\w.-]*$/;

/** A tag part naming a non-root variant: distroless `:nonroot`, `:debug-nonroot`, `:nonroot-amd64`; Docker's `:dind-rootless`. */
const NON_ROOT_TAG = /(?:^|[-_.])(?:nonroot|rootless)(?:$|[-_.])/;

export function isKnownNonRootImage(image: ImageReference): boolean {
  const name = qualifiedName(image);
  const tag = image.tag ?? '';
  if (NON_ROOT_TAG.test(tag)) return true;
  if (name.startsWith('cgr.dev/chainguard/')) return !CHAINGUARD_ROOT_IMAGES.has(name.slice('cgr.dev/chainguard/'.length));
  // .NET's Ubuntu Chiseled images run as their `app` user; the other .NET images only ship it.
  if (name.startsWith('mcr.microsoft.com/dotnet/')) return /(?:^|[-_.])chiseled(?:$|[-_.])/.test(tag);
  return NON_ROOT_REPOSITORIES.has(name) || NON_ROOT_PREFIXES.some((prefix) => name.startsWith(prefix)) || UBI_LANGUAGE_IMAGE.test(name);
}

/**
 * Published images that run as root but ship a non-root user of their own, made for running the
 * program: the user to switch to, which owns what the image prepared for it. Each is what the
 * publisher documents.
 */
const OWN_USERS: ReadonlyMap<string, string> = new Map([
  // docker-library/node, "Best Practices": "The image assumes your app will be run as the non-root user `node`" (uid 1000).
  ['docker.io/library/node', 'node'],
]);

/** Distroless images all have the `nonroot` user (uid 65532) in /etc/passwd, also in their root-running tags. */
const DISTROLESS = 'gcr.io/distroless/';

/** .NET 8 and later images create the `app` user (uid 1654, `$APP_UID`) for the program; earlier ones have none. */
const DOTNET = /^mcr\.microsoft\.com\/dotnet\//;

/** The image's own non-root user, when it is known to ship one; undefined for the others (a made-up uid is then the choice). */
export function ownNonRootUser(image: ImageReference | undefined): string | undefined {
  if (!image) return undefined;
  const name = qualifiedName(image);
  if (name.startsWith(DISTROLESS)) return 'nonroot';
  if (DOTNET.test(name)) return Number(/^(\d+)\./.exec(image.tag ?? '')?.[1] ?? 0) >= 8 ? 'app' : undefined;
  return OWN_USERS.get(name);
}
