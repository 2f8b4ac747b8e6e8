// The whole environment, validated once at boot into one typed object. A process reads
// configuration only from here: no `process.env` lookups elsewhere in src/.
import 'reflect-metadata';
import { Transform } from 'class-transformer';
import { QueueName } from '../queues/queue.types.js';
import { IsRedisSpec, OneRedisTopology } from './redis-settings.js';
import { type CreditPack, flag, IntSetting, IsParsedSetting, parsePacks, parseWeights, trimmed } from './config-parsers.js';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, Matches, MinLength, NotEquals, Validate, ValidateIf } from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Only for development and tests; production must set its own (see FINGERPRINT_SECRET). */
export const DEV_FINGERPRINT_SECRET = 'crowdhire-development-fingerprint-key-not-secret';

export type { CreditPack } from './config-parsers.js';

export class AppConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IntSetting(0, 65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '0.0.0.0';

  @trimmed()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// or mongodb+srv:// URL' })
  MONGODB_URI = '';

  /** One Redis node. Or a Cluster (REDIS_CLUSTER_NODES) or a Sentinel group (REDIS_SENTINELS): exactly one of the three. */
  @trimmed()
  @ValidateIf((c: AppConfig) => c.REDIS_CLUSTER_NODES.length === 0 && c.REDIS_SENTINELS.length === 0 && !(c.REDIS_QUEUE_URL && c.REDIS_CACHE_URL))
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL (or set REDIS_CLUSTER_NODES or REDIS_SENTINELS instead)' })
  REDIS_URL = '';

  /** A Redis Cluster's nodes (host:port, comma-separated; a few are enough to discover the rest). */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((n) => n.trim()).filter(Boolean) : value))
  @IsArray()
  @Matches(/^[\w.-]+:\d{1,5}$/, { each: true, message: 'must be a comma-separated list of host:port' })
  @ValidateIf((c: AppConfig) => c.REDIS_CLUSTER_NODES.length > 0)
  @Validate(OneRedisTopology)
  REDIS_CLUSTER_NODES: string[] = [];

  /** Redis Sentinels (host:port, comma-separated), with the name of the master they watch. */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((n) => n.trim()).filter(Boolean) : value))
  @IsArray()
  @Matches(/^[\w.-]+:\d{1,5}$/, { each: true, message: 'must be a comma-separated list of host:port' })
  @ValidateIf((c: AppConfig) => c.REDIS_SENTINELS.length > 0)
  @Validate(OneRedisTopology)
  REDIS_SENTINELS: string[] = [];

  @ValidateIf((c: AppConfig) => c.REDIS_SENTINELS.length > 0)
  @IsString()
  @IsNotEmpty({ message: 'is required with REDIS_SENTINELS' })
  REDIS_SENTINEL_NAME = '';

  /** Password for REDIS_CLUSTER_NODES or REDIS_SENTINELS (a REDIS_URL carries its own). */
  @IsString()
  REDIS_PASSWORD = '';

  /** TLS for REDIS_CLUSTER_NODES or REDIS_SENTINELS (a REDIS_URL says rediss://). */
  @flag()
  @IsBoolean()
  REDIS_TLS = false;

  /**
   * Queues (and fleet heartbeats) on a deployment of their own, which must not evict keys:
   * redis://, rediss://, redis+cluster://host:port,... or redis+sentinel://host:port,.../master.
   */
  @trimmed()
  @ValidateIf((c: AppConfig) => c.REDIS_QUEUE_URL !== '')
  @Validate(IsRedisSpec)
  REDIS_QUEUE_URL = '';

  /** The read cache and rate limits on a deployment of their own (it may evict keys). Same forms. */
  @trimmed()
  @ValidateIf((c: AppConfig) => c.REDIS_CACHE_URL !== '')
  @Validate(IsRedisSpec)
  REDIS_CACHE_URL = '';

  @Matches(/^[a-z0-9][a-z0-9:_-]{0,63}$/i, { message: 'must be 1-64 letters, digits, ":", "_" or "-"' })
  REDIS_KEY_PREFIX = 'crowdhire';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IntSetting(1, 256)
  WORKER_CONCURRENCY = 4;

  /** Build indexes when a process starts (default: outside production); production runs `npm run db:indexes`. */
  @flag()
  @IsBoolean()
  MONGO_AUTO_INDEX = true;

  /** How long a starting process waits for MongoDB and Redis to answer before it gives up. */
  @IntSetting(1000)
  STARTUP_TIMEOUT_MS = 60_000;

  /** How often each worker's outbox relay looks for work to queue (again). */
  @IntSetting(50)
  OUTBOX_POLL_MS = 1_000;

  /** A queued job not finished within this is queued again (Redis lost it, or its worker died). */
  @IntSetting(1_000)
  OUTBOX_REDELIVER_MS = 120_000;

  /** The queues a worker process consumes (comma-separated): scale files, matching and payments separately. */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((q) => q.trim()).filter(Boolean) : value))
  @IsArray()
  @ArrayNotEmpty({ message: `must name at least one queue of ${Object.values(QueueName).join(', ')}` })
  @IsIn(Object.values(QueueName), { each: true, message: `must be a comma-separated list of ${Object.values(QueueName).join(', ')}` })
  WORKER_QUEUES: QueueName[] = Object.values(QueueName);

  /** The worker's own HTTP port for /health/live, /health/ready and /metrics (0: any free port). */
  @IntSetting(0, 65535)
  WORKER_HEALTH_PORT = 3001;

  /** How long a stopping worker waits for active jobs, and the API for in-flight requests. */
  @IntSetting(0)
  SHUTDOWN_GRACE_MS = 10_000;

  /** How long the API answers readiness with 503 before it stops listening (load balancers). */
  @IntSetting(0)
  SHUTDOWN_DRAIN_MS = 0;

  @IntSetting(100)
  WORKER_HEARTBEAT_INTERVAL_MS = 5_000;

  @IntSetting(0)
  QUEUE_KEEP_COMPLETED = 1_000;

  @IntSetting(0)
  QUEUE_KEEP_FAILED = 5_000;

  /**
   * The built-in development identity provider (signs tokens for `npm run token`, serves its
   * JWKS under /dev-idp). On by default outside production; refused in production.
   */
  @flag()
  @IsBoolean()
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production')
  @IsIn([false], { message: 'must be false in production: the development identity provider signs any token asked for' })
  AUTH_DEV_IDP = true;

  /** Expected `iss` of access tokens. With the development provider: its fixed issuer. */
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER = 'crowdhire-dev-idp';

  /** Expected `aud` of access tokens. */
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = 'crowdhire-api';

  /** The provider's JWKS. Unset with the development provider: the API's own /dev-idp/jwks.json. */
  @ValidateIf((c: AppConfig) => !c.AUTH_DEV_IDP || c.AUTH_JWKS_URI !== '')
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL (required when AUTH_DEV_IDP is false)' })
  AUTH_JWKS_URI = '';

  /** The claim that carries the user's roles (Auth0 puts custom claims under a namespace). */
  @IsString()
  @IsNotEmpty()
  AUTH_ROLES_CLAIM = 'https://crowdhire.dev/roles';

  @IntSetting(0, 300)
  AUTH_CLOCK_TOLERANCE_S = 30;

  /** The claim naming the employer's company, when the provider assigns it (Auth0 organisations). */
  @IsString()
  @IsNotEmpty()
  AUTH_COMPANY_CLAIM = 'https://crowdhire.dev/company';

  /** Browser origins allowed to call the API (comma-separated); empty allows none. */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((o) => o.trim()).filter(Boolean) : value))
  @IsArray()
  @Matches(/^https?:\/\/[^/\s]+$/, { each: true, message: 'must be a comma-separated list of origins like https://app.example.com' })
  CORS_ORIGINS: string[] = [];

  /**
   * Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed, e.g. the load
   * balancer's addresses. Empty: the client is the socket's peer and the header is ignored, so
   * nobody can pick the address the rate limit counts.
   */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((o) => o.trim()).filter(Boolean) : value))
  @IsArray()
  @Matches(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)(\/\d{1,3})?$/i, { each: true, message: 'must be a comma-separated list of IP addresses or CIDR ranges' })
  TRUSTED_PROXIES: string[] = [];

  /** `/metrics` needs `Authorization: Bearer <token>` when set; in production it is off without one. */
  @IsString()
  @ValidateIf((c: AppConfig) => c.METRICS_TOKEN !== '')
  @MinLength(16, { message: 'must be at least 16 characters' })
  METRICS_TOKEN = '';

  /** The browsable docs and /openapi.json; off by default in production. */
  @flag()
  @IsBoolean()
  API_DOCS_ENABLED = true;

  /** Requests one client (IP) may make per window, counted across all API instances in Redis. */
  @IntSetting(1)
  RATE_LIMIT_MAX = 600;

  @IntSetting(1)
  RATE_LIMIT_WINDOW_S = 60;

  /** CV uploads per client per window, on top of the general limit (they cost the most). */
  @IntSetting(1)
  RATE_LIMIT_UPLOADS_MAX = 30;

  /** Cached reads (jobs, candidate profiles) in Redis; false serves every read from MongoDB. */
  @flag()
  @IsBoolean()
  CACHE_ENABLED = true;

  @IntSetting(1)
  CACHE_TTL_S = 300;

  /** Where the development provider keeps its signing key (created on first use). */
  @IsString()
  @IsNotEmpty()
  DEV_IDP_KEY_FILE = '.data/dev-idp/signing-key.json';

  /**
   * Key of the HMACs that fingerprint candidates' email, phone and profile URL for duplicate
   * detection. Required in production; changing it forgets every existing fingerprint.
   */
  @IsString()
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production')
  @MinLength(32, { message: 'must be at least 32 characters (required in production)' })
  @NotEquals(DEV_FINGERPRINT_SECRET, { message: 'must be set to a secret of your own in production' })
  FINGERPRINT_SECRET = DEV_FINGERPRINT_SECRET;

  /** Region assumed for phone numbers written without a country code (ISO 3166 alpha-2). */
  @Matches(/^[A-Z]{2}$/, { message: 'must be a two-letter region code such as US or DE' })
  PHONE_DEFAULT_REGION = 'US';

  /** How long the first accepted submission owns a person for a company. */
  @IntSetting(1, 3650)
  OWNERSHIP_WINDOW_DAYS = 180;

  /** Open submissions per job a sourcer may have: new (too few decisions to judge), in good standing, over a threshold. */
  @IntSetting(1)
  SUBMISSION_CAP_NEW = 5;

  @IntSetting(1)
  SUBMISSION_CAP_GOOD = 10;

  @IntSetting(1)
  SUBMISSION_CAP_POOR = 2;

  /** Decided submissions (delivered or disqualified) before a sourcer's shares are judged. */
  @IntSetting(1)
  QUALITY_MIN_DECIDED = 10;

  /** Default weights of the match score components (name:weight, comma-separated); fitted models replace them. */
  @Transform(({ value }) => (typeof value === 'string' ? parseWeights(value) : value))
  @IsParsedSetting()
  MATCH_WEIGHTS: Record<string, number> = { mustHave: 35, niceToHave: 15, text: 20, experience: 10, seniority: 8, location: 7, salary: 5 };

  /** Score a submission needs (with every must-have found) to pass the AI check, unless its job sets one. */
  @IntSetting(0, 100)
  MATCH_THRESHOLD = 50;

  /**
   * Directory holding the taxonomy imported from ESCO and O*NET (npm run taxonomy:import);
   * empty or without one, matching uses the built-in technology taxonomy and says so at start.
   */
  @IsString()
  TAXONOMY_DATA_DIR = '';

  /**
   * A matching worker writes a ranking index snapshot (object storage) once its index is this
   * many candidate changes ahead of the stored one; new workers start from it. 0: never.
   */
  @IntSetting(0)
  MATCH_SNAPSHOT_CHANGES = 5_000;

  /** Ranked results kept per job and per candidate. */
  @IntSetting(1, 500)
  MATCH_RESULTS = 50;

  /** Decisions (labels) a company, or the platform, needs before a fitted model replaces the weights. */
  @IntSetting(2)
  MATCH_MIN_LABELS = 30;

  /** How often the worker refits the models from employers' decisions. */
  @IntSetting(1)
  MATCH_REFIT_EVERY_MINUTES = 60;

  /** Largest CV upload accepted (bytes); larger answers 413 before the body is read. */
  @IntSetting(1024)
  UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

  /** Where uploaded files are kept: local disk, or an S3-compatible bucket. */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  @IsString()
  @IsNotEmpty()
  STORAGE_LOCAL_DIR = '.data/uploads';

  @ValidateIf((c: AppConfig) => c.STORAGE_DRIVER === 's3')
  @IsString()
  @IsNotEmpty({ message: 'is required when STORAGE_DRIVER=s3' })
  S3_BUCKET = '';

  /** Custom endpoint for S3-compatible stores (MinIO, R2...); empty for AWS. */
  @ValidateIf((c: AppConfig) => c.S3_ENDPOINT !== '')
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  S3_ENDPOINT = '';

  @IsString()
  S3_REGION = 'us-east-1';

  @IsString()
  S3_ACCESS_KEY_ID = '';

  @IsString()
  S3_SECRET_ACCESS_KEY = '';

  @flag()
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Limits of CV text extraction: pages, characters kept, seconds, and a DOCX's unzipped size. */
  @IntSetting(1)
  CV_MAX_PAGES = 50;

  @IntSetting(1000)
  CV_MAX_CHARS = 200_000;

  @IntSetting(1)
  CV_MAX_SECONDS = 20;

  @IntSetting(1024)
  DOCX_MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024;

  /** Threads that extract CV text in a worker process (0: one per core), and each one's heap budget in MiB. */
  @IntSetting(0, 256)
  CV_THREADS = 0;

  @IntSetting(64)
  CV_THREAD_HEAP_MIB = 512;

  /** Outbound webhooks: the first retry waits this long, each next one twice as long. */
  @IntSetting(10)
  WEBHOOK_BACKOFF_MS = 60_000;

  /** Outbound webhooks: an event is retried for this long after it happened, then given up. */
  @IntSetting(1_000)
  WEBHOOK_RETRY_WINDOW_MS = 3 * 24 * 3600 * 1000;

  /** Outbound webhooks: an endpoint failing without a success for this long is disabled. */
  @IntSetting(1_000)
  WEBHOOK_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;

  /** Outbound webhooks: a delivery not answered within this fails (and is retried). */
  @IntSetting(100, 60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Outbound webhooks may target loopback, private and link-local addresses (development and tests only). */
  @flag()
  @IsBoolean()
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production')
  @IsIn([false], { message: 'must be false in production: webhooks could then reach the internal network and the metadata service' })
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** How long a worker may hold a job without renewing its lock before another takes it over. */
  @IntSetting(1000)
  WORKER_LOCK_MS = 15_000;

  /** Credits, Stripe Checkout, webhooks and payouts. Off: deliveries need no credit, payment routes answer 503. */
  @flag()
  @IsBoolean()
  PAYMENTS_ENABLED = false;

  @ValidateIf((c: AppConfig) => c.PAYMENTS_ENABLED)
  @Matches(/^(sk|rk)_(test|live)_\S+$/, { message: 'must be a Stripe secret key (sk_test_... or sk_live_...); required when PAYMENTS_ENABLED=true' })
  STRIPE_SECRET_KEY = '';

  @ValidateIf((c: AppConfig) => c.PAYMENTS_ENABLED)
  @Matches(/^whsec_\S+$/, { message: 'must be a Stripe webhook signing secret (whsec_...); required when PAYMENTS_ENABLED=true' })
  STRIPE_WEBHOOK_SECRET = '';

  /** Stripe's API address; only changed to point at a local stand-in (tests). */
  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'must be a URL like https://api.stripe.com' })
  STRIPE_API_URL = 'https://api.stripe.com';

  /** How long one process owns a Stripe event it is processing; after that a retry may take it over. */
  @IntSetting(1_000)
  STRIPE_EVENT_LEASE_MS = 60_000;

  /** Credit packs on sale: name:credits:price:currency, price in minor units (cents). */
  @Transform(({ value }) => (typeof value === 'string' ? parsePacks(value) : value))
  @IsParsedSetting()
  CREDIT_PACKS: CreditPack[] = [
    { name: 'calibration', credits: 10, price: 25_000, currency: 'USD' },
    { name: 'batch-20', credits: 20, price: 45_000, currency: 'USD' },
  ];

  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  CHECKOUT_SUCCESS_URL = 'http://localhost:3000/admin/?checkout=success';

  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  CHECKOUT_CANCEL_URL = 'http://localhost:3000/admin/?checkout=cancelled';

  /** Where Stripe Connect onboarding returns sourcers. */
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  CONNECT_RETURN_URL = 'http://localhost:3000/admin/?connect=done';

  /** Sourcer earnings, in minor units of EARNINGS_CURRENCY. */
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' })
  EARNINGS_CURRENCY = 'USD';

  @IntSetting(0)
  EARNING_PER_DELIVERY = 100;

  @IntSetting(0)
  EARNING_HIRE_BOUNTY = 50_000;

  /** A "totally irrelevant" verdict within this many days of delivery takes the delivery earning back. */
  @IntSetting(0)
  EARNING_REVERSAL_DAYS = 14;

  /** Balances below this are not paid out yet. */
  @IntSetting(1)
  PAYOUT_MINIMUM = 1_000;

  /** When the payout run happens (cron, UTC); admins can also start it. */
  @IsString()
  @IsNotEmpty()
  PAYOUT_CRON = '0 6 * * 1';

  /** The dashboard's sign-in in production: the OIDC provider (authorization code with PKCE). */
  @ValidateIf((c: AppConfig) => c.ADMIN_OIDC_AUTHORITY !== '')
  @Matches(/^https:\/\/\S+$/, { message: 'must be the https URL of the OIDC issuer' })
  ADMIN_OIDC_AUTHORITY = '';

  @ValidateIf((c: AppConfig) => c.ADMIN_OIDC_AUTHORITY !== '')
  @IsString()
  @IsNotEmpty({ message: 'is required when ADMIN_OIDC_AUTHORITY is set' })
  ADMIN_OIDC_CLIENT_ID = '';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}
