import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { supervised } from '../../bootstrap/lifecycle.js';
import { LOGGER } from '../../common/core.module.js';
import { AppConfig } from '../../config/app-config.js';
import type { OccupationIndex } from './occupations.js';
import type { SkillTaxonomy } from './skill-taxonomy.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy-loader.js';

/** The taxonomy this process loaded at start (TAXONOMY_DATA_DIR), for jobs, uploads and matching. */
@Injectable()
export class SkillsService {
  readonly taxonomy: Taxonomy;

  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    const { taxonomy, missing } = loadTaxonomy(config.TAXONOMY_DATA_DIR || null);
    this.taxonomy = taxonomy;
    const counts = { skills: taxonomy.skills.size, occupations: taxonomy.occupations.size };
    if (missing) {
      // Under npm start the supervisor has said it once already, for every process.
      const level = supervised() ? 'debug' : 'warn';
      logger[level]({ ...counts, reason: missing }, 'matching uses the built-in technology taxonomy only (no ESCO/O*NET import)');
    } else logger.info({ ...counts, dir: config.TAXONOMY_DATA_DIR, sources: taxonomy.sources.map((s) => s.name) }, 'taxonomy loaded');
  }

  get skills(): SkillTaxonomy {
    return this.taxonomy.skills;
  }

  get occupations(): OccupationIndex {
    return this.taxonomy.occupations;
  }

  /** What /v1/meta shows: where the taxonomy comes from, with the attribution its sources require. */
  describe() {
    const t = this.taxonomy;
    return {
      origin: t.origin,
      skills: t.skills.size,
      occupations: t.occupations.size,
      sources: [
        { name: 'Crowdhire built-in', licence: 'CC0 (curated list); MIT (GitHub Linguist language names)', attribution: 'Programming language names from GitHub Linguist.' },
        ...t.sources.map((s) => ({ name: `${s.name} ${s.version}`, licence: s.licence, attribution: s.attribution, modified: s.modified, url: s.url })),
      ],
    };
  }
}
