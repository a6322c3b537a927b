/**
 * @esms/domain — the ESMS numérique programme rules as pure functions (no I/O, no framework).
 * Sources: shared/docs/domain-rules.md and the seeds it cites (003 = AAP Normandie 2024, 001 = PACA 2023,
 * 002 = Bretagne 2024, 004 = SAD guide).
 */
export * from './lib/errors';
export * from './lib/finess';
export * from './lib/calendar';
export * from './lib/desk';
export * from './lib/grappe';
export * from './lib/funding';
export * from './lib/payment';
export * from './lib/usage-targets';
export * from './lib/pieces';
export * from './lib/eligibility';
export * from './lib/lifecycle';
export * from './lib/grading';
export * from './lib/committee-ranking';
