import { randomUUID } from 'node:crypto';
import { ConflictError } from '@performa/platform';
import type { StrategyModels, TermRecord } from './models';

const VISION_ID = 'vision';

/** Terms of office and the one vision (not events: nothing else needs them yet). */
export class TermStore {
  constructor(private readonly models: StrategyModels) {}

  list(): Promise<TermRecord[]> {
    return this.models.Term.find().sort({ startYear: 1 }).lean<TermRecord[]>();
  }

  get(id: string): Promise<TermRecord | null> {
    return this.models.Term.findById(id).lean<TermRecord>();
  }

  async create(startYear: number): Promise<TermRecord> {
    const term: TermRecord = { _id: randomUUID(), startYear, endYear: startYear + 3 };
    try {
      await this.models.Term.create(term);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new ConflictError(`A term starting ${startYear} already exists.`, { field: 'startYear' });
      throw error;
    }
    return term;
  }

  async vision(): Promise<string | null> {
    return (await this.models.Vision.findById(VISION_ID).lean())?.text ?? null;
  }

  async setVision(text: string, actor: string): Promise<string> {
    await this.models.Vision.updateOne({ _id: VISION_ID }, { $set: { text, updatedBy: actor } }, { upsert: true });
    return text;
  }
}
