/** The infra CLI talks to a person at a terminal, so it prints plain lines, not JSON. */
export interface InfraLog {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleLog: InfraLog = {
  info: (message) => process.stderr.write(`[infra] ${message}\n`),
  warn: (message) => process.stderr.write(`[infra] warning: ${message}\n`),
};

export const silentLog: InfraLog = { info: () => undefined, warn: () => undefined };
