import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { boundedMessages } from './bounded-input';
import { startServer } from './server';

// The transport (--stdio, --node-ipc, --socket=N) comes from the command line; over stdio, every
// message's size is checked before the reader buffers it.
if (process.argv.includes('--stdio')) {
  const input = process.stdin.pipe(boundedMessages());
  input.on('error', (error) => {
    process.stderr.write(`Bulwark language server: ${error.message}; the connection is closed.\n`);
    process.exit(1);
  });
  startServer(createConnection(ProposedFeatures.all, input, process.stdout));
} else {
  startServer(createConnection(ProposedFeatures.all));
}
