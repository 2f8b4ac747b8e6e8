// The audit log of admin actions. Global, so any controller can mark a route @Audited; loaded
// by the worker too, since it loads modules whose controllers use it.
import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../auth/users.module.js';
import { AuditController } from './audit.controller.js';
import { AuditEntry, AuditEntrySchema } from './audit.schema.js';
import { AuditService } from './audit.service.js';
import { AuditInterceptor } from './audited.js';

@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: AuditEntry.name, schema: AuditEntrySchema }]), UsersModule],
  controllers: [AuditController],
  providers: [AuditService, AuditInterceptor],
  exports: [AuditService, AuditInterceptor],
})
export class AuditModule {}
