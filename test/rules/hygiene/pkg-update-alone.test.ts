import { ruleTester } from '../../helpers/rule-tester';

ruleTester('pkg-update-alone', {
  valid: [
    'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    'FROM alpine\nRUN apk update && apk add nginx\nRUN apk --update-cache add vim\nRUN apk -U add nano',
    'FROM alpine\nRUN apk update',
    'FROM alpine\nRUN apk update\nRUN apk add --update nginx',
    'FROM debian\nRUN apt-get update\nFROM debian\nRUN apt-get install -y x',
    'FROM archlinux\nRUN pacman -Syu && pacman -S nginx',
    'FROM opensuse/leap\nRUN zypper refresh && zypper install nginx',
    'FROM debian\nRUN echo "apt-get update"\nRUN apt-get install -y x',
    'FROM centos\nRUN yum update openssl\nRUN yum install -y nginx',
  ],
  invalid: [
    { code: 'FROM alpine\nRUN apk update\nRUN apk add nginx', errors: [{ line: 2, column: 5, endColumn: 15, message: 'apk update', related: [{ line: 3, column: 5 }] }] },
    { code: 'FROM opensuse/leap\nRUN zypper refresh\nRUN zypper install nginx', errors: [{ line: 2, column: 5 }] },
    { code: 'FROM debian\nRUN apt update\nRUN apt install nginx', errors: [{ line: 2, column: 5 }] },
    { code: 'FROM centos\nRUN yum update\nRUN yum install nginx', errors: [{ line: 2, column: 5 }] },
    { code: 'FROM fedora\nRUN dnf makecache\nRUN dnf install nginx', errors: [{ line: 2, column: 5, endColumn: 18 }] },
    { code: 'FROM archlinux\nRUN pacman -Syu\nRUN pacman -S nginx', errors: [{ line: 2, column: 5, endColumn: 16 }] },
    { code: 'FROM ubuntu\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends mysql-client \\\n    && rm -rf /var/lib/apt/lists/*\nRUN apk update', errors: [{ line: 2, column: 5 }] },
    { code: 'FROM debian\nRUN sudo apt-get -q update && echo done\nRUN apt-get install -y x', errors: [{ line: 2, column: 10, endColumn: 27 }] },
  ],
});
