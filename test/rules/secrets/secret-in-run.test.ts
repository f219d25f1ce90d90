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

ruleTester('secret-in-run', {
  valid: [
    { name: 'logins whose credential comes from a secret mount', code: 'FROM debian\nRUN --mount=type=secret,id=docker,env=DOCKER_PASS docker login -u me -p "$DOCKER_PASS" r.example.com\nRUN --mount=type=secret,id=gcp,target=/tmp/key.json gcloud auth activate-service-account --key-file=/tmp/key.json\nRUN --mount=type=secret,id=aws,env=AWS_SECRET aws configure set aws_secret_access_key "$AWS_SECRET"\n' },
    { name: 'settings that are not credentials, logins without a password', code: 'FROM debian\nRUN aws configure set region eu-west-1 && aws configure set default.output json\nRUN az login --identity && doctl auth list && gcloud auth list\n' },
    { name: 'passwords that are not empty, locked accounts', code: 'FROM debian\nRUN passwd -l root && usermod -L app && echo "app:$APP_PASSWORD" | chpasswd && useradd -m app\n' },
  ],
  invalid: [
    {
      name: 'commands that save a credential in a file of the layer, whatever its value',
      code: 'FROM debian\nARG AWS_SECRET\nRUN aws configure set aws_secret_access_key "$AWS_SECRET" && \\\n    aws configure set profile.ci.aws_session_token $SESSION\nCOPY key.json /tmp/key.json\nRUN gcloud auth activate-service-account ci@p.iam.gserviceaccount.com --key-file /tmp/key.json\nRUN az login --service-principal -u "$ID" -p "$AZ_SECRET" --tenant t; doctl auth init -t $DO_TOKEN\nRUN doctl auth init --access-token="$T" && docker login -u me -p "$PASS" r.example.com && podman login --password $PASS r\n',
      errors: [
        { line: 3, column: 46, message: 'aws configure set saves aws_secret_access_key in ~/.aws/credentials' },
        { line: 4, column: 52 },
        { line: 6, column: 82, message: 'gcloud auth activate-service-account saves' },
        { line: 7, column: 47, message: 'az login saves its tokens' },
        { line: 7, column: 90, message: 'doctl auth init saves the access token' },
        { line: 8, column: 21 },
        { line: 8, column: 67, message: 'docker login saves the password in ~/.docker/config.json' },
        { line: 8, column: 115, message: 'podman login' },
      ],
    },
    {
      name: 'a literal is reported once, as a literal',
      code: 'FROM debian\nRUN docker login --password=hunter2hunter2 r.example.com && az login -u app -p Sup3rS3cretPassw0rd\n',
      errors: [{ line: 2, column: 29, message: 'in clear' }, { line: 2, column: 80, message: 'in clear' }],
    },
    {
      name: 'empty passwords, in every spelling',
      code: 'FROM debian\nRUN echo \'root:\' | chpasswd\nRUN echo root: | chpasswd -e && printf "app:x1\\nroot:\\n" | chpasswd\nRUN chpasswd <<< "root:"\nRUN passwd -d root && passwd --delete app\nRUN usermod -p "" root && useradd -m --password \'\' app\nONBUILD RUN passwd -d\n',
      errors: [
        { line: 2, column: 10, message: 'leaves root with an empty password' },
        { line: 3, column: 10, message: 'leaves root' },
        { line: 3, column: 40, message: 'leaves root' },
        { line: 3, column: 45, message: 'a password piped into chpasswd' },
        { line: 4, column: 18, message: 'leaves root' },
        { line: 5, column: 12, message: 'passwd --delete leaves root' },
        { line: 5, column: 30, message: 'leaves app' },
        { line: 6, column: 16, message: 'leaves root' },
        { line: 6, column: 49, message: 'leaves app' },
        { line: 7, column: 20, message: 'leaves root' },
      ],
    },
  ],
});

ruleTester('secret-in-run', {
  valid: [{ name: 'a sed that locks the account', code: "FROM debian\nRUN sed -i 's/^root::/root:!:/' /etc/shadow && sed -i 's/^root::/x/' /etc/hosts\n" }],
  invalid: [
    {
      name: 'a sed that empties the password field',
      code: "FROM debian\nRUN sed -i 's/^root:[^:]*:/root::/' /etc/shadow && sed -i -e 's|^app:x:|app::|' /etc/passwd\n",
      errors: [{ line: 2, column: 12, message: 'sed on /etc/shadow leaves root' }, { line: 2, column: 62, message: 'sed on /etc/passwd leaves app' }],
    },
  ],
});
