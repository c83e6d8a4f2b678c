import { ConfigError, parseEnvironment, serviceEnvironment, withPort } from '../src';

const schema = serviceEnvironment.and(withPort(4001));
const good = { MONGO_URL: 'mongodb://127.0.0.1:27017/hr', KAFKA_BROKERS: '127.0.0.1:9092', JWT_SECRET: 'a-secret-of-enough-length' };

describe('service settings', () => {
  it('parses good settings with their defaults', () => {
    const env = parseEnvironment(schema, good);
    expect(env).toMatchObject({ PORT: 4001, KAFKA_BROKERS: ['127.0.0.1:9092'], KAFKA_TOPIC_PREFIX: '', JWT_ALGORITHM: 'HS256', LOG_LEVEL: 'info' });
  });

  it('names each bad variable', () => {
    const attempt = () => parseEnvironment(schema, { ...good, MONGO_URL: 'nonsense', KAFKA_BROKERS: 'kafka', PORT: 'eighty' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MONGO_URL must be a mongodb:\/\/ .*KAFKA_BROKERS must be a comma-separated list of host:port.*PORT/);
  });

  it('requires JWT_SECRET for HS256 and JWT_JWKS_URL for RS256', () => {
    expect(() => parseEnvironment(schema, { ...good, JWT_SECRET: undefined })).toThrow(/JWT_SECRET is required when JWT_ALGORITHM is HS256/);
    expect(() => parseEnvironment(schema, { ...good, JWT_ALGORITHM: 'RS256' })).toThrow(/JWT_JWKS_URL is required when JWT_ALGORITHM is RS256/);
  });

  it('refuses a missing MONGO_URL by name', () => {
    expect(() => parseEnvironment(schema, { ...good, MONGO_URL: undefined })).toThrow(/MONGO_URL is required/);
  });
});
