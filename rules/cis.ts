/**
 * The CIS Docker Benchmark recommendations each rule checks, by rule id: the recommendation numbers
 * of the CIS Docker Benchmark v1.2.0 (Center for Internet Security, https://www.cisecurity.org/benchmark/docker),
 * as docker-bench-security numbers its checks. A rule absent here maps to no recommendation.
 */
export const CIS_DOCKER_BENCHMARK_VERSION = '1.2.0';

const CIS_DOCKER_BENCHMARK: Readonly<Record<string, readonly string[]>> = {
  // 2. Docker daemon configuration
  'daemon-icc-enabled': ['2.1'],
  'daemon-insecure-registry': ['2.4'],
  'docker-daemon-tcp-unencrypted': ['2.6'],
  'daemon-userns-remap-missing': ['2.8'],
  'daemon-no-new-privileges-missing': ['2.17'],
  // 4. Container images and build file
  'root-user': ['4.1'],
  'image-untrusted-registry': ['4.2'],
  'pkg-extra-packages': ['4.3'],
  'content-trust-disabled': ['4.5'],
  'image-unsigned': ['4.5'],
  'healthcheck-missing': ['4.6', '5.26'],
  'pkg-update-alone': ['4.7'],
  'add-instead-of-copy': ['4.9'],
  'add-remote-url': ['4.9'],
  'secret-in-env': ['4.10'],
  'secret-in-arg': ['4.10'],
  'secret-in-run': ['4.10'],
  'secret-file-copied': ['4.10'],
  'secret-persists-in-layer': ['4.10'],
  'secret-in-build-context': ['4.10'],
  // 5. Container runtime
  'security-profile-disabled': ['5.1', '5.21'],
  'cap-drop-missing': ['5.3'],
  'dangerous-cap-add': ['5.3'],
  privileged: ['5.4'],
  'sensitive-host-mount': ['5.5'],
  'ssh-port-exposed': ['5.6'],
  'host-namespace': ['5.9', '5.15', '5.16', '5.20', '5.30'],
  'memory-limit-missing': ['5.10'],
  'cpu-limit-missing': ['5.11'],
  'writable-root-filesystem': ['5.12'],
  'port-bound-to-all-interfaces': ['5.13'],
  'host-device-mapped': ['5.17'],
  'mount-propagation-shared': ['5.19'],
  'no-new-privileges-missing': ['5.25'],
  'pids-limit-missing': ['5.28'],
  'docker-socket-mount': ['5.31'],
};

/** The CIS Docker Benchmark recommendations a rule checks; empty when it maps to none. */
export function cisDockerBenchmarkIds(ruleId: string): readonly string[] {
  return Object.hasOwn(CIS_DOCKER_BENCHMARK, ruleId) ? CIS_DOCKER_BENCHMARK[ruleId] : [];
}
