import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from './config/app-config.js';

/** The MongoDB connection, shared by the API and the worker. */
export const DatabaseModule = MongooseModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    uri: config.MONGODB_URI,
    serverSelectionTimeoutMS: 5_000,
    // Indexes are part of the design (unique keys stand in for transactions), so build them.
    autoIndex: true,
  }),
});
