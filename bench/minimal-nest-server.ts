// The second baseline for bench/http.bench.ts: the smallest Nest application on the Fastify
// adapter (one controller, no global providers), as its own process like the API. What our
// API adds beyond this is our own per-request work.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller('health')
class LiveController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [LiveController] })
class MinimalModule {}

const app = await NestFactory.create<NestFastifyApplication>(MinimalModule, new FastifyAdapter(), { logger: false });
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.send?.({ type: 'ready' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
