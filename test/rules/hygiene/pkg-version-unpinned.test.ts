import { ruleTester } from '../../helpers/rule-tester';

ruleTester('pkg-version-unpinned', {
  valid: [
    'FROM debian\nRUN apt-get install -y --no-install-recommends python3=3.11.2-1 curl=7.88.1-10',
    'FROM debian\nRUN apt-get install -y ./local.deb /tmp/other.deb $EXTRA_PACKAGES',
    'FROM debian\nRUN apt-get update && apt-get remove -y curl',
    'FROM alpine\nRUN apk add --no-cache --virtual .build-deps gcc=13.2.1-r0 musl-dev~=1.2',
    'FROM python:3.12\nRUN pip install -r requirements.txt -c constraints.txt && pip install requests==2.32.3 "flask>=3,<4" .',
    'FROM python:3.12\nRUN python -m pip install --no-cache-dir -e ./lib git+https://github.com/org/x.git',
    'FROM node:20\nRUN npm install && npm ci && npm install -g npm@10.8.1 @angular/cli@17.3.0',
    'FROM ruby:3\nRUN gem install bundler:2.5.6 && gem install rails -v 7.1.3',
    'FROM fedora\nRUN dnf install -y nginx-1.24.0 && yum install -y httpd-2.4.57-5.el9',
    'FROM debian\nRUN echo "apt-get install curl"',
  ],
  invalid: [
    { code: 'FROM debian\nRUN apt-get install -y curl', errors: [{ line: 2, column: 24, endColumn: 28, message: 'apt-get install curl' }] },
    { code: 'FROM debian\nRUN apt-get update && apt-get install -y \\\n    git=1:2.39.2-1.1 \\\n    curl', errors: [{ line: 4, column: 5, endColumn: 9 }] },
    { code: 'FROM alpine\nRUN apk add --no-cache -t .deps gcc', errors: [{ line: 2, column: 33, endColumn: 36 }] },
    { code: 'FROM python:3.12\nRUN pip install --user requests && python3 -m pip install flask==3.0.3 click', errors: [{ line: 2, column: 24 }, { line: 2, column: 72 }] },
    { code: 'FROM node:20\nRUN npm i -g @angular/cli && npm install sax@latest', errors: [{ line: 2, column: 14, endColumn: 26 }, { line: 2, column: 42 }] },
    { code: 'FROM ruby:3\nRUN ["gem", "install", "bundler"]', errors: [{ line: 2, column: 24, endColumn: 33 }] },
    { code: 'FROM fedora\nRUN dnf install -y nginx && zypper install -y vim && microdnf install tar', errors: [{ line: 2, column: 20 }, { line: 2, column: 47 }, { line: 2, column: 71 }] },
  ],
});

ruleTester('pkg-version-unpinned', {
  valid: [
    { name: 'values of options are not packages', code: 'FROM python:3.12\nRUN pip install --root-user-action ignore --progress-bar off requests==2.32.3 \\\n && npm install --loglevel verbose --fetch-retries 5 -g left-pad@1.3.0\n' },
    { name: 'gem build flags after --', code: 'FROM ruby:3\nRUN gem install mysql2 -v 0.5.6 -- --with-mysql-config=/usr/bin/mysql_config\nRUN gem i pg:1.5.6 -- --with-pg-config /usr/bin/pg_config\n' },
    { name: 'paths, repositories and local archives', code: 'FROM node:20\nRUN pip install ./pkg lib/sub && pip3 install foo/bar && npm install pkg-1.2.3.tar ./x.tgz user/repo && gem install ./vendor/x.gem\n' },
    { name: 'a constraints file pins what is named, in every spelling', code: 'FROM python:3.12\nRUN pip install -c constraints.txt requests\nRUN pip install --constraint=c.txt flask && python -m pip install --constraint c.txt click\nRUN pip install -cc.txt six\n' },
    { name: 'pinned pipx, go and dnf module installs', code: 'FROM golang:1.23\nRUN pipx install "black==24.8.0" && pipx install --python python3.12 ruff==0.6.9\nRUN go install golang.org/x/tools/gopls@v0.16.2 && go install -ldflags "-s -w" github.com/a/b/cmd/b@v1.2.3 && go install ./cmd/... \\\n && go install github.com/c/d@4f1c2a9\nRUN dnf module install -y nodejs:18 && dnf module install php:8.1/minimal && dnf module enable ruby\n' },
    { name: 'package groups have no version', code: 'FROM fedora:40\nRUN dnf groupinstall -y "Development Tools" && dnf install -y @development-tools && yum group install -y base\n' },
  ],
  invalid: [
    {
      name: 'gem i, pipx install, go install @latest or without a version, dnf module install without a stream',
      code: 'FROM fedora:40\nRUN gem i rails && pipx install black\nRUN go install golang.org/x/tools/gopls@latest; go install -v github.com/x/y\nRUN microdnf module install -y nodejs && dnf -y module install maven:3.8 ruby\n',
      errors: [
        { line: 2, column: 11, message: 'gem i rails' },
        { line: 2, column: 33, message: 'pipx install black' },
        { line: 3, column: 16, message: 'module@v<version>' },
        { line: 3, column: 63, message: 'go install github.com/x/y' },
        { line: 4, column: 32, message: 'name:<stream>' },
        { line: 4, column: 74, message: 'dnf module install ruby' },
      ],
    },
    {
      name: 'the packages beside option values are still read',
      code: 'FROM python:3.12\nRUN pip install --root-user-action ignore requests && npm install --loglevel verbose express\nRUN gem install --no-document nokogiri -- --use-system-libraries\n',
      errors: [{ line: 2, column: 43, message: 'name==<version>' }, { line: 2, column: 86, message: 'name@<version>' }, { line: 3, column: 31 }],
    },
    {
      name: 'in an ONBUILD',
      code: 'FROM debian:12\nONBUILD RUN apt-get install -y curl\n',
      errors: [{ line: 2, column: 32, message: 'name=<version>' }],
    },
  ],
});

ruleTester('pkg-version-unpinned', {
  valid: [{ name: 'cargo and uv pins', code: 'FROM rust:1.81\nRUN cargo install ripgrep@14.1.0 && cargo install --locked --version 0.9.1 just && cargo install --git https://github.com/x/y && uv pip install --system ruff==0.6.9\n' }],
  invalid: [
    {
      name: 'cargo install and uv pip install without a version',
      code: 'FROM rust:1.81\nRUN cargo install --locked -j 4 ripgrep && uv pip install --system httpx\n',
      errors: [{ line: 2, column: 33, message: 'cargo install ripgrep' }, { line: 2, column: 68, message: 'pip install httpx' }],
    },
  ],
});
