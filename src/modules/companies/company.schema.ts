import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** An employer organisation; its employers are users whose companyId points here. */
@Schema({ collection: 'companies', timestamps: true, versionKey: false })
export class Company {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, trim: true })
  name: string;

  @Prop({ type: String })
  website?: string;

  /** The admin who created it. */
  @Prop({ type: String, required: true })
  createdBy: string;

  createdAt: Date;
  updatedAt: Date;
}

export const CompanySchema = SchemaFactory.createForClass(Company);
CompanySchema.index({ createdAt: -1, _id: -1 });
