// Bundles the VS Code extension (client) and the language server into dist/, so the packaged
// extension ships no node_modules.
import { build } from 'esbuild';

// `module` first: jsonc-parser's default (UMD) build loads its parts with a require() esbuild cannot follow.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'] };

await Promise.all([
  build({ ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server.js' }),
]);
