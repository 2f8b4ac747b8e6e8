// Facts about this deployment that clients may read without signing in.
import { Module } from '@nestjs/common';
import { SkillsModule } from '../skills/skills.module.js';
import { MetaController } from './meta.controller.js';

@Module({ imports: [SkillsModule], controllers: [MetaController] })
export class MetaModule {}
