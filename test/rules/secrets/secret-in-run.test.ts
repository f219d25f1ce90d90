import { ruleTester } from '../../helpers/rule-tester';

const TOKEN = 'ghp_EXAMPLEexample0000EXAMPLEexample0000';

ruleTester('secret-in-run', {
  valid: [
    'FROM debian\nRUN curl -u "$USER:$PASSWORD" https://x',
    'FROM debian\nRUN curl -u deploy https://x',
    'FROM debian\nRUN curl -H "Authorization: Bearer ${TOKEN}" https://x && curl -H "Accept: application/json" https://y',
    'FROM debian\nRUN --mount=type=secret,id=t docker login -u me --password-stdin < /run/secrets/t',
    'FROM debian\nRUN echo "$REGISTRY_PASSWORD" | docker login -u me --password-stdin registry.example.com',
    'FROM debian\nRUN npm config set //registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    'FROM debian\nRUN export PASSWORD_FILE=/run/secrets/db && TOKEN=$(cat /run/secrets/t) make',
    'FROM debian\nRUN git clone https://github.com/org/repo.git && ssh -p 22 host',
    'FROM debian\nRUN mysql -h db -p',
    'FROM debian\nRUN docker run -p 8080:80 nginx',
  ],
  invalid: [
    { code: 'FROM debian\nRUN curl -u deploy:s3cr3t-passw0rd -fsSLO https://x/app.tgz', errors: [{ line: 2, column: 20, endColumn: 35, message: 'curl --user', notMessage: 's3cr3t-passw0rd' }] },
    { code: 'FROM debian\nRUN curl -fsSL -H "Authorization: Bearer abcdef123456abcdef" https://x', errors: [{ line: 2, column: 42, endColumn: 60, message: 'Authorization header' }] },
    { code: 'FROM debian\nRUN docker login -u me -p hunter2hunter2 registry.example.com', errors: [{ line: 2, column: 27, endColumn: 41, message: 'docker login' }] },
    { code: 'FROM debian\nRUN echo "hunter2hunter2" | docker login -u me --password-stdin', errors: [{ line: 2, column: 11, endColumn: 25, message: '--password-stdin' }] },
    { code: 'FROM debian\nRUN echo "root:toor1234" | chpasswd', errors: [{ line: 2, column: 16, endColumn: 24, message: 'chpasswd' }] },
    { code: 'FROM debian\nRUN npm config set //registry.npmjs.org/:_authToken=npm_abcdefabcdefabcdefabcdefabcdefabcdef', errors: [{ line: 2, column: 53, message: 'npm' }] },
    { code: `FROM debian\nRUN git clone https://${TOKEN}@github.com/org/repo.git`, errors: [{ line: 2, column: 23, endColumn: 63, notMessage: TOKEN }] },
    { code: 'FROM debian\nRUN git clone https://me:pa55word-x@gitlab.example.com/org/repo.git', errors: [{ line: 2, column: 26, endColumn: 36, message: 'URL with a password' }] },
    { code: `FROM debian\nRUN GITHUB_TOKEN=${TOKEN} ./release.sh`, errors: [{ line: 2, column: 18, endColumn: 58 }] },
    { code: 'FROM debian\nRUN export DB_PASSWORD=correct-horse-battery && ./migrate', errors: [{ line: 2, column: 24, endColumn: 45, message: 'DB_PASSWORD' }] },
    { code: 'FROM amazon/aws-cli\nRUN aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY', errors: [{ line: 2, column: 45 }] },
    { code: 'FROM mysql\nRUN mysql -uroot -prootpass123 < /init.sql', errors: [{ line: 2, column: 20, endColumn: 31, message: 'mysql -p' }] },
    { code: `FROM debian\nRUN sh -c "echo ${TOKEN} > /root/.token"`, name: 'a token format inside sh -c, whose script the outer shell expands', errors: [{ line: 2, column: 17 }], files: {}, output: '# syntax=docker/dockerfile:1\nFROM debian\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN sh -c "echo ${GITHUB_TOKEN} > /root/.token"' },
    {
      name: 'no fix for a credential the outer shell does not read: in a $(…), in an exec-form RUN',
      code: 'FROM debian\nRUN echo $(curl -u me:s3cr3t-passw0rd https://x)\nRUN ["curl", "-u", "me:s3cr3t-passw0rd", "https://x"]\n',
      errors: [{ line: 2, column: 23, endColumn: 38 }, { line: 3, column: 24, endColumn: 39 }],
      output: 'FROM debian\nRUN echo $(curl -u me:s3cr3t-passw0rd https://x)\nRUN ["curl", "-u", "me:s3cr3t-passw0rd", "https://x"]\n',
    },
    {
      name: 'fix: the literal replaced by the mounted variable, continuations kept',
      code: 'FROM debian\nRUN apt-get update && \\\n    curl -u deploy:s3cr3t-passw0rd -fsSLO https://x/app.tgz\n',
      errors: [{ line: 3, column: 20, endColumn: 35 }],
      files: {}, output: '# syntax=docker/dockerfile:1\nFROM debian\nRUN --mount=type=secret,id=curl_password,env=CURL_PASSWORD apt-get update && \\\n    curl -u deploy:"${CURL_PASSWORD}" -fsSLO https://x/app.tgz\n',
    },
    {
      name: 'fix: in single quotes, the quotes reopened around the variable; an existing syntax line kept',
      code: "# syntax=docker/dockerfile:1.7\nFROM debian\nRUN curl -H 'Authorization: Bearer abcdef123456abcdef' https://x\n",
      errors: [{ line: 3, column: 36, endColumn: 54 }],
      files: {}, output: '# syntax=docker/dockerfile:1.7\nFROM debian\nRUN --mount=type=secret,id=authorization_token,env=AUTHORIZATION_TOKEN curl -H \'Authorization: Bearer \'"${AUTHORIZATION_TOKEN}" https://x\n',
    },
    {
      name: "fix: a comment line inside the continuation, which the shell never sees, does not open a quote",
      code: "FROM debian\nRUN set -e && \\\n# don't log the token\n    curl -H 'X-API-Key: abcdef123456abcdef' https://x\n",
      errors: [{ line: 4, column: 25, endColumn: 43 }],
      files: {}, output: "# syntax=docker/dockerfile:1\nFROM debian\nRUN --mount=type=secret,id=x_api_key,env=X_API_KEY set -e && \\\n# don't log the token\n    curl -H 'X-API-Key: '\"${X_API_KEY}\" https://x\n",
    },
    {
      name: 'fix: of two credentials of one RUN, one fixed per pass (both mount on the RUN)',
      code: 'FROM debian\nRUN echo "hunter2hunter2" | docker login -u me --password-stdin && export DB_PASSWORD=correct-horse-battery\n',
      errors: [{ line: 2, column: 11, endColumn: 25 }, { line: 2, column: 87, endColumn: 108 }],
      files: {}, output: '# syntax=docker/dockerfile:1\nFROM debian\nRUN --mount=type=secret,id=docker_password,env=DOCKER_PASSWORD echo "${DOCKER_PASSWORD}" | docker login -u me --password-stdin && export DB_PASSWORD=correct-horse-battery\n',
    },
  ],
});
