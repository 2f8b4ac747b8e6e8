import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppConfig } from '../../config/app-config.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { fitLogistic } from './engine/logistic.js';
import type { Component, ScoringModel } from './engine/scoring.js';
import { FittedModel } from './matching.schema.js';

export const PLATFORM = 'platform';

export interface ModelInUse {
  scope: string;
  model: ScoringModel;
  /** Names the model in stored results: `default`, `platform@<time>`, `<companyId>@<time>`. */
  version: string;
}

/** Which scoring model ranks a company's jobs, and refitting models from decisions. */
@Injectable()
export class ScoringModelsService {
  constructor(
    @InjectModel(FittedModel.name) private readonly models: Model<FittedModel>,
    private readonly submissions: SubmissionsService,
    private readonly config: AppConfig,
  ) {}

  defaults(): ScoringModel {
    return { kind: 'weighted', weights: this.config.MATCH_WEIGHTS as Record<Component, number> };
  }

  /** The company's fitted model, else the platform's, else the configured weights. */
  async forCompany(companyId: string): Promise<ModelInUse> {
    const fitted = await this.models.find({ _id: { $in: [companyId, PLATFORM] } }).lean<FittedModel[]>().exec();
    const chosen = fitted.find((m) => m._id === companyId) ?? fitted.find((m) => m._id === PLATFORM);
    if (!chosen) return { scope: 'default', model: this.defaults(), version: 'default' };
    return {
      scope: chosen._id,
      model: { kind: 'logistic', bias: chosen.bias, weights: chosen.weights as Record<Component, number> },
      version: `${chosen._id}@${chosen.fittedAt.toISOString()}`,
    };
  }

  /** Refits every scope with enough labels (both outcomes present); returns what was fitted. */
  async refit(now = new Date()): Promise<{ scope: string; labels: number }[]> {
    const examples = await this.submissions.trainingExamples();
    const scopes = new Map<string, typeof examples>([[PLATFORM, examples]]);
    for (const e of examples) scopes.set(e.companyId, [...(scopes.get(e.companyId) ?? []), e]);
    const fitted: { scope: string; labels: number }[] = [];
    for (const [scope, list] of scopes) {
      const positives = list.filter((e) => e.label === 1).length;
      if (list.length < this.config.MATCH_MIN_LABELS || positives === 0 || positives === list.length) continue;
      const model = fitLogistic(list);
      await this.models
        .updateOne({ _id: scope }, { $set: { bias: model.bias, weights: model.weights, labelCount: list.length, positives, fittedAt: now } }, { upsert: true })
        .exec();
      fitted.push({ scope, labels: list.length });
    }
    return fitted;
  }

  async list(): Promise<{ defaults: ScoringModel; fitted: FittedModel[]; minLabels: number }> {
    const fitted = await this.models.find().sort({ _id: 1 }).lean<FittedModel[]>().exec();
    return { defaults: this.defaults(), fitted, minLabels: this.config.MATCH_MIN_LABELS };
  }
}
