import { ruleTester } from '../../helpers/rule-tester';

ruleTester('pipe-to-shell', {
  valid: [
    'FROM debian\nRUN curl -fsSL https://x/app.tgz | tar -xz -C /opt',
    'FROM debian\nRUN curl -fsSLo /tmp/i.sh https://x/i.sh && sha256sum -c sums && sh /tmp/i.sh',
    'FROM debian\nRUN curl -fsSL https://x/a.tgz | sh -c "tar -xz -C /opt"',
    'FROM debian\nRUN echo "curl https://x | sh"',
    'FROM debian\nRUN cat install.sh | sh',
    'FROM debian\nRUN bash -c "curl -fsSLo /tmp/x https://x"',
    'FROM debian\nRUN sh ./install.sh "$(curl -fsSL https://x/version)"',
    'FROM debian\nRUN curl -fsSL https://x | gpg --dearmor -o /usr/share/keyrings/x.gpg',
  ],
  invalid: [
    { code: 'FROM debian\nRUN curl -fsSL https://x/setup.sh | bash -', errors: [{ line: 2, column: 5, endColumn: 43, message: 'piped into bash' }] },
    { code: 'FROM debian\nRUN wget -qO- https://x/i.sh | sudo -E sh -s -- --yes', errors: [{ line: 2, column: 5, endColumn: 54, message: 'wget is piped into sh' }] },
    { code: 'FROM debian\nRUN set -e; \\\n  curl -sSL https://x \\\n    | /bin/sh', name: 'across continuations', errors: [{ line: 3, column: 3, endLine: 4, endColumn: 14 }] },
    { code: 'FROM debian\nRUN bash <(curl -fsSL https://x/i.sh)', errors: [{ line: 2, column: 5, endColumn: 38, message: 'run as a script by bash' }] },
    { code: 'FROM debian\nRUN /bin/bash -c "$(curl -fsSL https://raw.githubusercontent.com/x/install.sh)"', errors: [{ line: 2, column: 5, message: 'by bash' }] },
    { code: 'FROM debian\nRUN eval "$(wget -qO- https://x/env)"', errors: [{ line: 2, column: 5, endColumn: 38, message: 'by eval' }] },
    { code: 'FROM debian\nRUN sh -c "curl -fsSL https://x | sh"', name: 'inside sh -c', errors: [{ line: 2, column: 12, endColumn: 37 }] },
    { code: 'FROM debian\nRUN curl -fsSL https://x | tee /tmp/i.sh | bash', errors: [{ line: 2, column: 5, endColumn: 48 }] },
  ],
});

ruleTester('pipe-to-shell', {
  valid: [{ name: 'an ONBUILD that downloads without running', code: 'FROM alpine:3.20\nONBUILD RUN curl -fsSLo /tmp/x https://example.com/x\n' }],
  invalid: [
    {
      name: 'ONBUILD RUN runs in every child build: anchored on the inner RUN',
      code: 'FROM alpine:3.20\nONBUILD RUN curl -fsSL https://example.com/i.sh | sh\nonbuild run wget -qO- https://example.com/i.sh \\\n  | bash -s\n',
      errors: [{ line: 2, column: 13 }, { line: 3, column: 13, endLine: 4 }],
    },
  ],
});
