import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventEnvelope } from './envelope';

/** schemas/events at the repository root, from src/ or dist/ alike. */
export const CONTRACTS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'schemas', 'events');

export class ContractViolation extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`event ${eventType} breaks its contract: ${problems.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

/**
 * The event contracts: one JSON Schema for the envelope, and one per event type and version for its
 * `data` (schemas/events/<type>.v<version>.json). Checked when an event is written to the outbox and
 * again when it is consumed, so neither side can drift from the contract unseen.
 */
export class ContractRegistry {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly envelopeValidator: ValidateFunction;

  constructor(dir = CONTRACTS_DIR) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    this.envelopeValidator = ajv.compile(JSON.parse(readFileSync(path.join(dir, 'envelope.json'), 'utf8')));
    for (const file of readdirSync(dir)) {
      const match = /^(.+)\.v(\d+)\.json$/.exec(file);
      if (!match) continue;
      this.validators.set(`${match[1]}@${match[2]}`, ajv.compile(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))));
    }
  }

  has(type: string, version: number): boolean {
    return this.validators.has(`${type}@${version}`);
  }

  /** Throws ContractViolation unless the envelope and its data match their contracts. */
  validate(event: unknown): asserts event is EventEnvelope {
    if (!this.envelopeValidator(event)) {
      const type = typeof event === 'object' && event && 'type' in event ? String((event as { type: unknown }).type) : '(unknown type)';
      throw new ContractViolation(type, describe(this.envelopeValidator));
    }
    const typed = event as EventEnvelope;
    const validator = this.validators.get(`${typed.type}@${typed.version}`);
    if (!validator) throw new ContractViolation(typed.type, [`no contract for ${typed.type} version ${typed.version} in schemas/events`]);
    if (!validator(typed.data)) throw new ContractViolation(typed.type, describe(validator, 'data'));
  }
}

function describe(validator: ValidateFunction, prefix = ''): string[] {
  return (validator.errors ?? []).map((e) => `${prefix}${e.instancePath || (prefix ? '' : '/')} ${e.message ?? 'is invalid'}`.trim());
}
