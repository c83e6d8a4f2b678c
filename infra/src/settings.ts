/**
 * MONGO_URL and KAFKA_BROKERS, when set, win over every provider; they are checked here so that a
 * typo stops a run at once with the variable's name instead of a hang in the first test.
 */
export class InfraConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'InfraConfigError';
  }
}

export function parseMongoUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InfraConfigError('MONGO_URL', `"${value}" is not a MongoDB connection string (expected mongodb://host:port/...)`);
  }
  if (url.protocol !== 'mongodb:' && url.protocol !== 'mongodb+srv:') {
    throw new InfraConfigError('MONGO_URL', `"${value}" must start with mongodb:// or mongodb+srv://`);
  }
  if (!url.hostname) throw new InfraConfigError('MONGO_URL', `"${value}" names no host`);
  return value;
}

export function parseKafkaBrokers(value: string): string[] {
  const brokers = value
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new InfraConfigError('KAFKA_BROKERS', 'is empty (expected host:port[,host:port…])');
  for (const broker of brokers) {
    const match = /^([A-Za-z0-9.\-_[\]:]+):(\d{1,5})$/.exec(broker);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      throw new InfraConfigError('KAFKA_BROKERS', `"${broker}" is not host:port`);
    }
  }
  return brokers;
}
