// Companies and their employers (admins create and attach), and /v1/me. Owns the companies
// collection; membership itself is a field of the user (see UsersService).
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../auth/users.module.js';
import { CompaniesController } from './companies.controller.js';
import { CompaniesService } from './companies.service.js';
import { Company, CompanySchema } from './company.schema.js';
import { MeController } from './me.controller.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Company.name, schema: CompanySchema }]), UsersModule],
  controllers: [CompaniesController, MeController],
  providers: [CompaniesService],
  exports: [CompaniesService],
})
export class CompaniesModule {}
