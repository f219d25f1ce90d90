import * as assert from 'node:assert/strict';
import { isSecretFileName, secretFileKind } from '../../rules/secrets/files';

describe('secret-like file names', () => {
  const secret = [
    'id_rsa', './keys/id_ed25519', '/root/.ssh/id_ecdsa_sk', 'id_rsa_deploy', 'server.key', 'certs/privkey.pem', 'key.pem', 'tls.p12', 'store.pfx',
    'app.jks', '.env', '.env.local', '.env.production', 'config/.env', '.env*', '.envrc', '.npmrc', '.npmrc-ci', '.npmrc.prod', '.pypirc', '.netrc', '.git-credentials',
    'credentials.json', 'credentials-prod.json', 'my-service-account.json', 'gcp_service_account_key.json', 'client_secret_123.apps.json',
    '.aws/', '.aws/credentials', 'home/.ssh', '.ssh/id_rsa', '.docker/config.json', 'kubeconfig', 'prod.kubeconfig', '.kube/config',
    'C:\\Users\\me\\.ssh\\', '*.pem', 'deploy.ppk', '.htpasswd', 'ID_RSA', 'ca-key.pem', 'certs/server-key.pem', 'cert-private.pem',
  ];
  const notSecret = [
    '.env.example', '.env.sample', '.env.template', 'config/.env.dist', '.environment.ts', '.envoy.yaml', 'id_rsa.pub', '.ssh/known_hosts',
    '.ssh/config', '.ssh/authorized_keys', 'ca.pem', 'cert.pem', 'fullchain.pem', 'ca-bundle.pem', 'nginx_signing.key', 'Release.key', 'repo.gpg.key',
    'public.key', 'docker/config.json', 'package.json', 'src/', '.', '', 'keys.txt', 'credentials.yaml', 'environment.yml', 'monkey.js',
  ];
  for (const path of secret) it(`${JSON.stringify(path)} is secret-like`, () => assert.ok(isSecretFileName(path), secretFileKind(path)));
  for (const path of notSecret) it(`${JSON.stringify(path)} is not`, () => assert.equal(secretFileKind(path), undefined));

  it('names the kind of secret', () => {
    assert.equal(secretFileKind('deploy/id_rsa'), 'an SSH private key');
    assert.equal(secretFileKind('.aws/credentials'), 'AWS credentials');
    assert.equal(secretFileKind('.env.production'), 'an environment file');
  });
});
