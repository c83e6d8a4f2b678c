import { parseEnvironment } from '@performa/platform';
import { z } from 'zod';

const url = z.string().url();

/** The gateway's settings; subgraph URLs default to the ports in DESIGN.md. */
export const gatewayEnvironment = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default('127.0.0.1'),
    JWT_ALGORITHM: z.enum(['HS256', 'RS256']).default('HS256'),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    JWT_JWKS_URL: z.string().url().optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    HR_URL: url.default('http://127.0.0.1:4001/graphql'),
    STRATEGY_URL: url.default('http://127.0.0.1:4002/graphql'),
    FINANCE_URL: url.default('http://127.0.0.1:4003/graphql'),
    SCORECARD_URL: url.default('http://127.0.0.1:4004/graphql'),
    NOTIFICATIONS_URL: url.default('http://127.0.0.1:4005/graphql'),
    /** "introspect" composes from the running subgraphs (dev only); default serves schemas/supergraph.graphql */
    SUPERGRAPH: z.enum(['file', 'introspect']).default('file'),
    SUPERGRAPH_PATH: z.string().optional(),
    MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
    MAX_COST: z.coerce.number().int().min(1).default(20_000),
    MAX_BODY_BYTES: z.coerce.number().int().min(1_000).default(1_000_000),
    /** the limit for a postActuals batch upload alone */
    MAX_BATCH_BODY_BYTES: z.coerce.number().int().min(1_000).default(32 * 1024 * 1024),
    /** comma-separated origins allowed to call from a browser, or * */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  })
  .superRefine((env, ctx) => {
    if (env.JWT_ALGORITHM === 'HS256' && !env.JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when JWT_ALGORITHM is HS256' });
    if (env.JWT_ALGORITHM === 'RS256' && !env.JWT_JWKS_URL) ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'is required when JWT_ALGORITHM is RS256' });
  });

export type GatewayEnvironment = z.infer<typeof gatewayEnvironment>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): GatewayEnvironment {
  return parseEnvironment(gatewayEnvironment, env);
}
