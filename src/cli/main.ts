// `boundwise lint|profile|lsp`: one engine for terminals, CI and other editors.
import { version } from '../../package.json';
import { UsageError } from './args';
import { runLintCommand } from './lint';
import { runProfileCommand } from './profile';
import { startServer } from '../../server/lsp/main';

const USAGE = `Usage: boundwise <command> [options]

Commands:
  lint [PATH...]     report concurrency problems in Python, JavaScript and TypeScript files
  profile SCRIPT     run a script under a sampling profiler, classify it and recommend a fix
  lsp --stdio        run the language server for any LSP client

Run 'boundwise <command> --help' for a command's options. Version ${version}.
`;

const LSP_USAGE = `Usage: boundwise lsp --stdio | --node-ipc | --socket=PORT | --pipe=NAME

Runs the Boundwise language server (diagnostics, hover, quick fixes) for any LSP client:
Neovim, Helix, Emacs, Sublime Text, Zed. The client starts it and talks over the transport.

Options:
  --stdio            talk over standard input and output (what most clients use)
  --node-ipc         talk over a Node IPC channel (the client is a Node process)
  --socket=PORT      connect to the client's socket on PORT
  --pipe=NAME        connect to the client's named pipe
  -h, --help         show this help
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lint':
      return runLintCommand(rest, version);
    case 'profile':
      return runProfileCommand(rest);
    case 'lsp': {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(LSP_USAGE);
        return 0;
      }
      if (!rest.includes('--stdio') && !rest.some((a) => a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
        throw new UsageError('boundwise lsp: choose a transport, e.g. --stdio');
      }
      startServer();
      return new Promise<number>(() => undefined); // serves until the client exits
    }
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case '-V':
    case '--version':
      process.stdout.write(`${version}\n`);
      return 0;
    case undefined:
      process.stderr.write(USAGE);
      return 2;
    default:
      throw new UsageError(`boundwise: unknown command '${command}' (expected lint, profile or lsp)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      if (error.message.startsWith('boundwise lint')) process.stderr.write(`Run 'boundwise lint --help' for usage.\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`boundwise: internal error: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 3;
    }
  },
);
