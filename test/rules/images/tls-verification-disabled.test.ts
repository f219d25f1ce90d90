import { ruleTester } from '../../helpers/rule-tester';

ruleTester('tls-verification-disabled', {
  valid: [
    'FROM debian\nRUN curl -fsSL https://x -o /tmp/x',
    'FROM debian\nRUN curl -sSo k https://x',
    'FROM debian\nRUN curl -H -k https://x',
    'FROM debian\nRUN echo "curl -k https://x" && printf \'%s\' "--no-check-certificate"',
    'FROM debian\nRUN wget -q https://x',
    'FROM debian\nRUN git config --global http.sslVerify true',
    'FROM debian\nRUN npm config set strict-ssl true',
    'FROM debian\nRUN apt-get -o Acquire::Retries=3 install -y curl',
    'FROM debian\nRUN pip install --index-url https://mirror/simple x',
    'FROM debian\nRUN ls -k',
    'FROM debian\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1',
    'FROM debian\nARG GIT_SSL_NO_VERIFY',
    'FROM debian\nRUN dnf install -y --setopt=install_weak_deps=False x',
    { kind: 'compose', code: 'services:\n  app:\n    image: node:20\n    environment:\n      NODE_TLS_REJECT_UNAUTHORIZED: "1"\n' },
  ],
  invalid: [
    { code: 'FROM debian\nRUN curl -k https://x', errors: [{ line: 2, column: 10, endColumn: 12, message: 'curl -k' }] },
    { code: 'FROM debian\nRUN curl -sSLk https://x | tar -xz', name: 'a short-option cluster', errors: [{ line: 2, column: 10, endColumn: 15 }] },
    { code: 'FROM debian\nRUN sudo /usr/bin/curl --insecure https://x', errors: [{ line: 2, column: 24, endColumn: 34 }] },
    { code: 'FROM debian\nRUN sh -c "wget --no-check-certificate https://x"', errors: [{ line: 2, column: 17, endColumn: 39, message: 'wget --no-check-certificate' }] },
    { code: 'FROM debian\nRUN pip install --trusted-host pypi.example.com x && python3 -m pip install --trusted-host=y z', errors: [{ line: 2, column: 17, endColumn: 31 }, { line: 2, column: 77 }] },
    { code: 'FROM node:20\nRUN npm config set strict-ssl false && yarn config set strict-ssl false', errors: [{ line: 2, column: 20, endColumn: 36 }, { line: 2, column: 56, endColumn: 72 }] },
    { code: 'FROM debian\nRUN git -c http.sslVerify=false clone https://x && git config --global http.sslverify false', errors: [{ line: 2, column: 12, endColumn: 32 }, { line: 2, column: 72, endColumn: 92 }] },
    { code: 'FROM debian\nRUN apt-get install -y --allow-unauthenticated x', errors: [{ line: 2, column: 24, endColumn: 47, message: 'package signatures' }] },
    { code: 'FROM debian\nRUN apt-get -o Acquire::https::Verify-Peer=false update', errors: [{ line: 2, column: 16, endColumn: 49, message: 'certificates' }] },
    { code: 'FROM alpine\nRUN apk add --allow-untrusted /tmp/x.apk', errors: [{ line: 2, column: 13, endColumn: 30 }] },
    { code: 'FROM fedora\nRUN dnf install -y --nogpgcheck x && yum --setopt=sslverify=0 install y && rpm -i --nosignature z.rpm', errors: [{ line: 2, column: 20 }, { line: 2, column: 42 }, { line: 2, column: 83 }] },
    { code: 'FROM debian\nENV GIT_SSL_NO_VERIFY=true \\\n    NODE_TLS_REJECT_UNAUTHORIZED=0', errors: [{ line: 2, column: 5, endColumn: 27 }, { line: 3, column: 5, endColumn: 35 }] },
    { code: 'FROM debian\nARG PYTHONHTTPSVERIFY=0', errors: [{ line: 2, column: 5, message: 'ARG PYTHONHTTPSVERIFY=0' }] },
    { code: 'FROM debian\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm install && export GIT_SSL_NO_VERIFY=1', name: 'assignments in a RUN', errors: [{ line: 2, column: 5, endColumn: 35 }, { line: 2, column: 58, endColumn: 77 }] },
    { code: 'FROM debian\nRUN ["curl", "-k", "https://x"]', name: 'exec form', errors: [{ line: 2, column: 14, endColumn: 18 }] },
    { kind: 'compose', code: 'services:\n  app:\n    image: node:20\n    environment:\n      NODE_TLS_REJECT_UNAUTHORIZED: "0"\n', errors: [{ line: 5, column: 7, message: 'every Node.js HTTPS request' }] },
    { kind: 'compose', code: 'services:\n  app:\n    image: node:20\n    environment:\n      - GIT_SSL_NO_VERIFY=1\n      - PIP_TRUSTED_HOST=pypi.internal\n', errors: [{ line: 5, column: 9, message: 'Service "app"' }, { line: 6, column: 9 }] },
  ],
});

ruleTester('tls-verification-disabled', {
  valid: [],
  invalid: [
    {
      name: 'ONBUILD RUN and ONBUILD ENV',
      code: 'FROM alpine:3.20\nONBUILD RUN curl -k https://example.com/x -o /x\nONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      errors: [{ line: 2, column: 18, endColumn: 20 }, { line: 3, column: 13 }],
    },
  ],
});

ruleTester('tls-verification-disabled', {
  valid: [
    { name: 'checks switched on, settings that are not checks', code: 'FROM rockylinux:9\nRUN dnf install -y --setopt=install_weak_deps=False --setopt=gpgcheck=1 nginx && yum-config-manager --save --setopt=epel.sslverify=1\nRUN sed -i "s/gpgcheck=0/gpgcheck=1/" /etc/yum.conf && echo "sslverify=1" >> /etc/dnf/dnf.conf\nRUN rpm -ivh a.rpm && rpm --import key.asc && echo "deb [arch=amd64 signed-by=/k.gpg] https://x stable main" > /etc/apt/sources.list.d/x.list\n' },
  ],
  invalid: [
    {
      name: 'sslverify is TLS, gpgcheck is signatures: each message says which',
      code: 'FROM rockylinux:9\nRUN yum-config-manager --save --setopt=epel.sslverify=0 && dnf install -y --setopt gpgcheck=0 --setopt=repo.sslverify=False x-1\nRUN dnf config-manager --setopt=*.gpgcheck=false --save && microdnf --nogpgcheck install y-1\n',
      errors: [
        { line: 2, column: 31, message: 'yum-config-manager --setopt epel.sslverify=0 (saved into the configuration' },
        { line: 2, column: 75, message: 'package signatures are no longer checked' },
        { line: 2, column: 95, message: 'TLS is no longer checked' },
        { line: 3, column: 24, message: 'dnf config-manager --setopt *.gpgcheck=false (saved' },
        { line: 3, column: 69, message: 'signatures' },
      ],
    },
    {
      name: 'rpm --nosignature, --nodigest, --noverify',
      code: 'FROM rockylinux:9\nRUN rpm -ivh --nosignature a.rpm && rpm -i --noverify b.rpm && rpm -U --nodigest c.rpm\n',
      errors: [{ line: 2, column: 14, message: 'rpm --nosignature: package signatures' }, { line: 2, column: 44 }, { line: 2, column: 71 }],
    },
    {
      name: 'settings written into configuration files: echo, sed, here-documents',
      code: 'FROM rockylinux:9\nRUN echo -e "[x]\\nbaseurl=https://m\\ngpgcheck=0\\nsslverify=0" > /etc/yum.repos.d/x.repo\nRUN sed -i "s/gpgcheck=1/gpgcheck=0/" /etc/yum.conf\nRUN cat > /etc/yum.repos.d/y.repo <<EOF\n[y]\nrepo_gpgcheck = 0\nEOF\nRUN echo "deb [trusted=yes] http://deb.example.com stable main" > /etc/apt/sources.list.d/x.list\nRUN echo \'Acquire::https::Verify-Peer "false";\' > /etc/apt/apt.conf.d/99x\n',
      errors: [
        { line: 2, column: 38, message: 'gpgcheck=0 in a yum/dnf/zypper repository configuration: package signatures' },
        { line: 2, column: 50, message: 'sslverify=0 in a configuration file (yum, dnf, zypper or git): TLS' },
        { line: 3, column: 26, message: 'signatures' },
        { line: 6, column: 1, message: 'repo_gpgcheck = 0' },
        { line: 8, column: 15, message: '[trusted=yes]: package signatures' },
        { line: 9, column: 11, message: 'Verify-Peer "false": TLS' },
      ],
    },
    {
      name: 'written settings in any case: each pattern is looked for whatever the case of its letters',
      code: 'FROM debian:12\nRUN echo -e "GPGCHECK=0\\nSSLVerify=No\\nStrict-SSL=False\\nCheck_Certificate=Off" > /etc/x.conf\nRUN echo \'APT::Get::AllowUnauthenticated "true";\' > /etc/apt/apt.conf.d/99x && echo \'acquire::HTTPS::verify-host "0";\' > /etc/apt/apt.conf.d/98x\nRUN echo "deb [arch=amd64 TRUSTED=YES] http://x stable main" > /etc/apt/sources.list.d/x.list\n',
      errors: [
        { line: 2, column: 14, endColumn: 24, message: 'GPGCHECK=0 in a yum/dnf/zypper repository configuration' },
        { line: 2, column: 26, endColumn: 38, message: 'SSLVerify=No in a configuration file' },
        { line: 2, column: 40, endColumn: 56, message: 'Strict-SSL=False in an npm or yarn configuration' },
        { line: 2, column: 58, endColumn: 79, message: 'Check_Certificate=Off in a wget configuration' },
        { line: 3, column: 11, endColumn: 48, message: 'the APT setting APT::Get::AllowUnauthenticated "true"' },
        { line: 3, column: 86, endColumn: 117, message: 'the APT setting acquire::HTTPS::verify-host "0"' },
        { line: 4, column: 15, endColumn: 39, message: 'the APT source option [arch=amd64 TRUSTED=YES]' },
      ],
    },
    {
      name: 'zypper without GPG checks, registries without TLS verification, Go without its checksum database',
      code: 'FROM opensuse/leap:15.6\nRUN zypper ar -G https://r x && zypper --no-gpg-checks in -y foo-1\nRUN helm repo add --insecure-skip-tls-verify x https://x && skopeo copy --src-tls-verify=false a b && podman pull --tls-verify=false r/x:1\nENV GOSUMDB=off\n',
      errors: [{ line: 2, column: 15 }, { line: 2, column: 40 }, { line: 3, column: 19, message: 'TLS' }, { line: 3, column: 73 }, { line: 3, column: 115 }, { line: 4, column: 5, message: 'checksum database' }],
    },
  ],
});

ruleTester('tls-verification-disabled', {
  valid: [{ name: 'settings that keep the checks', code: 'FROM x:1\nRUN echo "strict-ssl=true" >> ~/.npmrc && echo "check_certificate = on" >> ~/.wgetrc && conda config --set ssl_verify true\n' }],
  invalid: [
    {
      name: 'TLS switched off in written configuration and by more tools',
      code: 'FROM x:1\nRUN echo "strict-ssl=false" >> ~/.npmrc && echo "check_certificate = off" >> ~/.wgetrc\nRUN aws s3 cp --no-verify-ssl s3://a b && conda config --set ssl_verify false\n',
      errors: [{ line: 2, column: 11, message: 'TLS' }, { line: 2, column: 50, message: 'TLS' }, { line: 3, column: 15 }, { line: 3, column: 62 }],
    },
  ],
});

ruleTester('tls-verification-disabled', {
  valid: [{ name: 'a COPY here-document that keeps the checks', code: 'FROM rockylinux:9\nCOPY <<EOF /etc/yum.repos.d/y.repo\n[y]\ngpgcheck=1\nsslverify=1\nEOF\n' }],
  invalid: [
    {
      name: 'settings a COPY here-document writes',
      code: 'FROM rockylinux:9\nCOPY <<EOF /etc/yum.repos.d/x.repo\n[x]\nbaseurl=https://m\ngpgcheck=0\nsslverify=false\nEOF\nONBUILD COPY --chmod=644 <<-EOT /etc/apt/sources.list.d/x.list\n\tdeb [trusted=yes] http://x stable main\n\tEOT\n',
      errors: [
        { line: 5, column: 1, endColumn: 11, message: 'written by a COPY here-document: package signatures' },
        { line: 6, column: 1, message: 'TLS' },
        { line: 9, column: 6, message: '[trusted=yes]' },
      ],
    },
  ],
});
