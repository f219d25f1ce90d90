#!/usr/bin/env node
// The Bulwark language server, as compiled by `npm run build`. The transport comes from the
// arguments: --stdio, --node-ipc or --socket=<port>.
require('../out/server/main.js');
