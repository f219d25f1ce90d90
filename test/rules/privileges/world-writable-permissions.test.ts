import { ruleTester } from '../../helpers/rule-tester';

ruleTester('world-writable-permissions', {
  valid: [
    'FROM debian\nRUN chmod 755 /app && chmod 0644 /app/config && chmod 775 /shared',
    {
      code: 'FROM debian\nRUN chmod 1777 /tmp/cache /var/tmp && mkdir -p -m 1777 /dev/shm/x /run/lock/app && chmod 1777 //tmp/ /var/run/lock',
      name: 'sticky on temporary directories',
    },
    'FROM debian\nRUN chmod +w /app/data && chmod u+w,g+w /app && chmod =rw f',
    'FROM debian\nRUN chmod o-w /app && chmod a-w /etc/app && chmod -w x',
    'FROM debian\nRUN chmod $MODE /app',
    'FROM debian\nRUN echo "chmod 777 /app"',
    'FROM debian\nCOPY --chmod=755 app /app\nADD --chmod=0644 x /y',
    'FROM debian\nRUN mkdir -p -m 750 /data && install -m 0755 tool /usr/local/bin/',
    'FROM debian\nRUN chmod --reference=/etc/passwd /x',
  ],
  invalid: [
    { code: 'FROM debian\nRUN chmod 777 /app', errors: [{ line: 2, column: 11, endColumn: 14, message: 'Mode chmod 777' }] },
    { code: 'FROM debian\nRUN chmod -R 777 /app/data', errors: [{ line: 2, column: 14, endColumn: 17, message: '(recursive)' }] },
    { code: 'FROM debian\nRUN chmod 0666 /app/x && chmod 772 /y && chmod 2777 /z', errors: [{ line: 2, column: 11 }, { line: 2, column: 32 }, { line: 2, column: 48 }] },
    { code: 'FROM debian\nRUN chmod o+w /app && chmod a+rwx /b && chmod go=rw /c && chmod u+x,o+w /d', errors: [{ line: 2, column: 11 }, { line: 2, column: 29 }, { line: 2, column: 47 }, { line: 2, column: 65 }] },
    { code: 'FROM debian\nRUN chmod -R 1777 /app', name: 'sticky, but recursive', errors: [{ line: 2, column: 14 }] },
    { code: 'FROM debian\nRUN chmod -R 1777 /tmp/cache', name: 'sticky on a temporary directory, but recursive', errors: [{ line: 2, column: 14 }] },
    {
      code: 'FROM debian\nRUN mkdir -p /transmission/config \\\n\t&& chmod 1777 /transmission && mkdir -m 1777 /scratch && chmod 1777 /tmp /data && chmod 1777 /tmpfoo',
      name: 'sticky on an application directory',
      errors: [
        { line: 3, column: 11, endColumn: 15, message: 'Mode chmod 1777' },
        { line: 3, column: 42, endColumn: 46, message: 'mkdir -m 1777' },
        { line: 3, column: 65 },
        { line: 3, column: 90 },
      ],
    },
    { code: 'FROM debian\nRUN chmod 1777 -R /var/lib/app', name: 'recursive after the mode', errors: [{ line: 2, column: 11, message: '(recursive)' }] },
    { code: 'FROM debian\nRUN sudo chmod --recursive a+w /srv', errors: [{ line: 2, column: 28, endColumn: 31 }] },
    { code: 'FROM debian\nRUN mkdir -p -m 777 /data && install -m0666 f /etc/f', errors: [{ line: 2, column: 17, endColumn: 20, message: 'mkdir -m 777' }, { line: 2, column: 40, endColumn: 44 }] },
    { code: 'FROM debian\nCOPY --chown=app --chmod=777 . /app', errors: [{ line: 2, column: 26, endColumn: 29, message: '--chmod=777' }] },
    { code: 'FROM debian\nADD --chmod="0666" conf /etc/conf', errors: [{ line: 2, column: 13 }] },
    { code: 'FROM debian\nRUN find /app -type d -exec chmod 777 {} +', name: 'run by find -exec', errors: [{ line: 2, column: 35, endColumn: 38 }] },
    { code: 'FROM debian\nRUN ["chmod", "777", "/app"]', errors: [{ line: 2, column: 16, endColumn: 19 }] },
  ],
});

ruleTester('world-writable-permissions', {
  valid: [],
  invalid: [
    {
      name: 'ONBUILD RUN chmod and ONBUILD COPY --chmod',
      code: 'FROM alpine:3.20\nONBUILD RUN chmod 777 /app\nONBUILD COPY --chmod=666 a /a\n',
      errors: [{ line: 2, column: 19 }, { line: 3, column: 22 }],
    },
  ],
});
