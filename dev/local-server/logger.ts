/** Where the local server's lines go; tests and the demo pass their own. */
export interface Logger {
  log(line: string): void;
  error(line: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  log: (line) => console.log(line),
  error: (line, error) => (error === undefined ? console.error(line) : console.error(line, error)),
};
