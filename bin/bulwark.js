#!/usr/bin/env node
'use strict';
// The CLI is written in TypeScript under cli/; `tsc -p .` compiles it into out/.
require('../out/cli/main.js');
