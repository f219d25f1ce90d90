import { ruleTester } from '../../helpers/rule-tester';

ruleTester('sudo-in-run', {
  valid: [
    'FROM debian\nRUN apt-get install -y sudo',
    'FROM debian\nRUN echo "sudo x" && printf \'%s\' "run sudo"',
    'FROM debian\nRUN useradd app && echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app',
    'FROM debian\nRUN cat <<EOF > /etc/motd\nsudo is not needed here\nEOF',
    'FROM debian\nRUN ["echo", "sudo"]',
    'FROM debian\nRUN ./sudoku --solve',
    'FROM debian\n# RUN sudo apt-get update\nRUN true',
  ],
  invalid: [
    { code: 'FROM debian\nRUN sudo apt-get update', errors: [{ line: 2, column: 5, endColumn: 9, message: 'sudo in a RUN' }] },
    { code: 'FROM debian\nRUN apt-get update && \\\n    sudo apt-get install -y curl', name: 'on a continuation line', errors: [{ line: 3, column: 5, endColumn: 9 }] },
    { code: 'FROM debian\nRUN /usr/bin/sudo -u app make', errors: [{ line: 2, column: 5, endColumn: 18 }] },
    { code: 'FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive sudo -E apt-get install -y x', name: 'behind env', errors: [{ line: 2, column: 40, endColumn: 44 }] },
    { code: 'FROM debian\nRUN bash -c "sudo make install"', name: 'inside sh -c', errors: [{ line: 2, column: 14, endColumn: 18 }] },
    { code: 'FROM debian\nRUN ["sudo", "make"]', name: 'exec form', errors: [{ line: 2, column: 6, endColumn: 12 }] },
    { code: 'FROM debian\nRUN <<EOF\nset -e\nsudo make install\nEOF', name: 'heredoc script', errors: [{ line: 4, column: 1, endColumn: 5 }] },
    { code: 'FROM debian\nRUN if [ -x /usr/bin/sudo ]; then sudo true; fi | cat', errors: [{ line: 2, column: 35, endColumn: 39 }] },
    { code: 'FROM debian\nRUN sudo a && sudo b', errors: [{ line: 2, column: 5 }, { line: 2, column: 15 }] },
  ],
});

ruleTester('sudo-in-run', {
  valid: [],
  invalid: [{ name: 'ONBUILD RUN sudo', code: 'FROM ubuntu:24.04\nONBUILD RUN sudo apt-get update\n', errors: [{ line: 2, column: 13, endColumn: 17 }] }],
});
