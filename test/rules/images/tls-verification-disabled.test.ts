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
