// Skills: the taxonomy (built-in, extended by an ESCO/O*NET import), finding skills in text,
// resolving requirements, job titles to occupations and years of experience. Used by jobs,
// uploads and matching alike; depends on none of them.
import { Module } from '@nestjs/common';
import { SkillsService } from './skills.service.js';

@Module({ providers: [SkillsService], exports: [SkillsService] })
export class SkillsModule {}
