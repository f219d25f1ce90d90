import { EXIT_TROUBLE, run } from './run';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A reader that stops early (`bulwark scan | head`) closes the pipe: that is not a failure of the scan.
  if (error.code === 'EPIPE') return;
  process.stderr.write(`bulwark: could not write the report: ${error.message}\n`);
  process.exitCode = EXIT_TROUBLE;
});

void run(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
