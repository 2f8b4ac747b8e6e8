// Facts about this deployment that clients may read without signing in.
import { Module } from '@nestjs/common';
import { MetaController } from './meta.controller.js';

@Module({ controllers: [MetaController] })
export class MetaModule {}
