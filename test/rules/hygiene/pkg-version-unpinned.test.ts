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
