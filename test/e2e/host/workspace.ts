/**
 * The workspace the in-editor suite runs in: the driver writes it into a temporary folder, the
 * suite (inside VS Code's extension host) opens some of its files and scans the others.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const WORKSPACE_FILES: Record<string, string> = {
  // Opened by the suite. root-user on `FROM node:latest` (0:0-0:16), image-latest-tag on the image (0:5-0:16).
  Dockerfile: 'FROM node:latest\nRUN npm ci\nCMD ["node", "server.js"]\n',
  // Opened by the suite. Service `web` (1:2-1:5) misses cap_drop, no-new-privileges, ...
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n',
  // Never opened: only the workspace scan lints them.
  'api/Dockerfile': 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n',
  'deploy/docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n    privileged: true\n',
  // Never opened and git-ignored: the scan skips it.
  'vendor/Dockerfile': 'FROM busybox:latest\n',
  '.gitignore': 'vendor/\n',
  // The suite checks findings of the whole catalog, hardening advice included: the strict profile,
  // chosen in the workspace's settings as a user would.
  '.vscode/settings.json': '{ "bulwark.profile": "strict" }\n',
};

/** Where the suite writes its results: next to the workspace folder, outside of it. */
export const RESULTS_FILE = 'host-results.json';

/** One check of the suite and how it went. */
export interface StepResult {
  name: string;
  error?: string;
  durationMs: number;
}

export function writeWorkspace(folder: string): void {
  for (const [name, text] of Object.entries(WORKSPACE_FILES)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
}
