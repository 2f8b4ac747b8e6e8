// Skill names and aliases in the built-in taxonomy that are also ordinary English words or
// first names, written by the Crowdhire team (CC0). They count as skills only in a skills
// context (see skill-context.ts): "Go" in "Python, Go" or "services in Go", not "go to market";
// "Ruby 3.2" but not "Ruby Smith". Imported taxonomies bring their own list (see import/).

/** First names (and words that are mostly first names in a CV's header or references). */
export const FIRST_NAMES = [
  'ada', 'grace', 'julia', 'ruby', 'crystal', 'dylan', 'janet', 'jasmin', 'jolie', 'pascal', 'leo', 'wren', 'stan', 'opal', 'max',
  'sage', 'cadence', 'charity', 'mercury', 'igor', 'curry', 'phoenix', 'apollo', 'julie', 'jade',
];

/** Ordinary words. */
export const COMMON_WORDS = [
  // Languages and tools named after things.
  'go', 'rust', 'swift', 'express', 'spring', 'chef', 'puppet', 'salt', 'unity', 'scheme', 'factor', 'fancy', 'clean', 'click', 'cool',
  'dune', 'edge', 'elm', 'fluent', 'forth', 'glyph', 'hack', 'ink', 'just', 'kit', 'lark', 'lean', 'less', 'limbo', 'liquid', 'logos',
  'mask', 'metal', 'mint', 'monkey', 'move', 'nickel', 'ninja', 'pan', 'parrot', 'pic', 'pickle', 'polar', 'pony', 'quake', 'reason',
  'red', 'ring', 'riot', 'rouge', 'sail', 'self', 'slash', 'slice', 'slim', 'squirrel', 'star', 'tape', 'tea', 'turtle', 'volt',
  'verse', 'wisp', 'zap', 'alloy', 'arc', 'beef', 'berry', 'blade', 'bun', 'carbon', 'clarity', 'clue', 'gin', 'harbour', 'mocha',
  'mermaid', 'vault', 'sketch', 'electron', 'helm', 'babel', 'jest', 'ember', 'flex', 'console', 'eagle', 'pact', 'lex', 'genie',
  'boo', 'bison', 'blueprint', 'tact', 'talon', 'uno', 'sway', 'smithy', 'sieve', 'slang', 'turing', 'fennel', 'hare', 'latte',
  'lobster', 'mojo', 'nasal', 'nit', 'noir', 'pike', 'pug', 'rascal', 'scenic', 'teal', 'terra', 'cue', 'dart', 'chapel', 'papyrus',
  'processing', 'racket', 'sass', 'stylus', 'svelte', 'gap', 'diff', 'bootstrap', 'flask', 'cypress', 'ionic', 'storybook', 'celery',
  'consul', 'sentry', 'spark', 'airflow', 'snowflake', 'tableau', 'excel', 'maven', 'rails', 'rake', 'torch', 'transformers',
  'redshift', 'octave', 'swagger', 'latex', 'gas', 'wit', 'bat', 'batch', 'mongoose', 'prisma', 'vite', 'astro', 'deno', 'koa',
  'tokio', 'gin', 'solid', 'oak', 'shell', 'apex', 'assembly', 'basic', 'logo', 'turing', 'mercury', 'io',
  // Practices and fields that are also everyday words.
  'progress', 'velocity', 'monitoring', 'documentation', 'security', 'search', 'caching', 'messaging', 'mobile', 'cloud', 'email',
  'mail', 'containers', 'embedded', 'commit', 'node', 'nest', 'make', 'man', 'raw', 'sum', 'sums', 'hash', 'hashes', 'checksum', 'be',
  'bird', 'apples', 'cake', 'coffee', 'compose', 'conf', 'cron', 'inc', 'opts', 'snippet', 'redirects', 'robots', 'readline', 'hosts',
  'ignore', 'cv', 'cd', 'ci', 'ml', 'dl', 'pm', 'ls', 'sh', 'ts', 'tf', 'ui', 'ux', 'ai', 'word', 'access', 'project', 'teams',
  'outlook', 'publisher', 'project', 'delphi', 'oracle', 'access', 'dynamics',
  // Single letters: "R&D", "Plan B", "vitamin C".
  'b', 'c', 'd', 'e', 'j', 'm', 'r', 'v', 'q',
];
