import { z } from 'zod';

/** Thrown when a setting is missing or malformed; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

// 0 asks the OS for a free port (tests)
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const mongoUrl = z
  .string({ required_error: 'is required (e.g. mongodb://127.0.0.1:27017/performa_hr)' })
  .refine((v) => /^mongodb(\+srv)?:\/\/[^/\s]+/.test(v), 'must be a mongodb:// or mongodb+srv:// connection string');

const kafkaBrokers = z
  .string({ required_error: 'is required (e.g. 127.0.0.1:9092)' })
  .transform((v) => v.split(',').map((b) => b.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every((b) => /^[^\s:]+:\d{1,5}$/.test(b)), 'must be a comma-separated list of host:port');

/** Settings every service shares; a service extends this with its own. */
export const serviceEnvironment = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** the address to listen on; 0.0.0.0 inside a container */
    HOST: z.string().default('127.0.0.1'),
    MONGO_URL: mongoUrl,
    /** the database name; wins over a name in MONGO_URL's path */
    MONGO_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only').optional(),
    MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** database commands slower than this are logged with their collection and filter fields; 0 = off */
    MONGO_SLOW_COMMAND_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
    KAFKA_BROKERS: kafkaBrokers,
    /** prepended to every topic and consumer group: keeps test runs and tenants apart */
    KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only').default(''),
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3),
    JWT_ALGORITHM: z.enum(['HS256', 'RS256']).default('HS256'),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    JWT_JWKS_URL: z.string().url().optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    /** the relay's safety-net scan, at first; it doubles up to 30 s while scans find nothing. Writes wake the relay at once (outboxPlugin) */
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
    CONSUMER_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).max(60_000).default(200),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.JWT_ALGORITHM === 'HS256' && !env.JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when JWT_ALGORITHM is HS256' });
    if (env.JWT_ALGORITHM === 'RS256' && !env.JWT_JWKS_URL) ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'is required when JWT_ALGORITHM is RS256' });
  });

export function withPort(fallback: number) {
  return z.object({ PORT: port(fallback) });
}

/**
 * Parses `env` with `schema` once; on failure throws a ConfigError whose message names each bad
 * variable and why, so a service refuses to start instead of failing later in a request.
 */
export function parseEnvironment<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data as z.infer<S>;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`));
}

export type ServiceEnvironment = z.infer<typeof serviceEnvironment>;
