import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from './config/app-config.js';

/** The MongoDB connection, shared by the API and the worker. */
export const DatabaseModule = MongooseModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    uri: config.MONGODB_URI,
    serverSelectionTimeoutMS: 5_000,
    // Keep trying for about STARTUP_TIMEOUT_MS, then give up with the reason (lifecycle.ts).
    retryAttempts: Math.max(0, Math.ceil(config.STARTUP_TIMEOUT_MS / 6_000) - 1),
    retryDelay: 1_000,
    // Indexes are part of the design (unique keys stand in for transactions). Development and
    // tests build them at start; production builds them as a deploy step (npm run db:indexes),
    // so no API or worker replica starts an index build on a live collection.
    autoIndex: config.MONGO_AUTO_INDEX,
  }),
});
