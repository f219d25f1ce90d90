#!/bin/sh
# Starts a throwaway database for local development.
set -eu
docker run -d --name webapp-db \
  -e POSTGRES_PASSWORD=devpassword \
  -p 5432:5432 \
  -v /var/run/docker.sock:/var/run/docker.sock \
  postgres:16
