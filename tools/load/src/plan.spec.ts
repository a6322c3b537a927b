import { clockOffsetFor, closingDateFor, closingInstant, loadCampaignCalendar, onTime } from './deadline';
import { buildLoadFlow, type FinessFlow } from './flow';
import { lanes, planRush } from './plan';
import { checkFiness } from '@esms/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('planRush', () => {
  const plan = planRush({ porteurs: 500, submitters: 200, doubleClicks: 20, replays: 20, lateSubmissions: 10, replaysAfterDeadline: 5 });

  it('spreads 200 distinct submitters over the 500 porteurs', () => {
    expect(plan.submitters).toHaveLength(200);
    expect(new Set(plan.submitters).size).toBe(200);
    expect(plan.submitters[0]).toBe(0);
    expect(Math.max(...plan.submitters)).toBeGreaterThan(490);
  });

  it('takes double clicks and replays among the submitters, disjoint', () => {
    const submitters = new Set(plan.submitters);
    expect(plan.doubleClick).toHaveLength(20);
    expect(plan.replay).toHaveLength(20);
    expect([...plan.doubleClick, ...plan.replay, ...plan.replayAfterDeadline].every((i) => submitters.has(i))).toBe(true);
    expect(plan.doubleClick.filter((i) => plan.replay.includes(i))).toEqual([]);
  });

  it('sends the late submissions from porteurs who did not submit', () => {
    expect(plan.late).toHaveLength(10);
    expect(plan.late.filter((i) => plan.submitters.includes(i))).toEqual([]);
  });

  it('is deterministic and refuses an impossible plan', () => {
    expect(planRush({ porteurs: 500, submitters: 200, doubleClicks: 20, replays: 20, lateSubmissions: 10, replaysAfterDeadline: 5 })).toEqual(plan);
    expect(() => planRush({ porteurs: 10, submitters: 11, doubleClicks: 0, replays: 0, lateSubmissions: 0, replaysAfterDeadline: 0 })).toThrow(/submitters/);
    expect(() => planRush({ porteurs: 10, submitters: 5, doubleClicks: 3, replays: 3, lateSubmissions: 0, replaysAfterDeadline: 0 })).toThrow(/doubleClicks/);
    expect(() => planRush({ porteurs: 10, submitters: 5, doubleClicks: 0, replays: 0, lateSubmissions: 6, replaysAfterDeadline: 0 })).toThrow(/lateSubmissions/);
  });
});

describe('lanes', () => {
  it('deals each group round-robin over the connections, each porteur once, lanes in porteur order', () => {
    expect(lanes([[0, 1, 2, 3, 4, 5, 6]], 3)).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
    expect(lanes([[0, 1]], 50)).toEqual([[0], [1]]);
    expect(lanes([[1, 4], [0, 2, 3]], 2)).toEqual([[0, 1, 3], [2, 4]]);
  });

  it('gives each of 50 lanes 4 of the 200 submitters and 6 other porteurs', () => {
    const plan = planRush({ porteurs: 500, submitters: 200, doubleClicks: 0, replays: 0, lateSubmissions: 0, replaysAfterDeadline: 0 });
    const submitters = new Set(plan.submitters);
    const dealt = lanes([plan.submitters, Array.from({ length: 500 }, (_, i) => i).filter((i) => !submitters.has(i))], 50);
    expect(dealt).toHaveLength(50);
    expect(dealt.every((l) => l.length === 10 && l.filter((p) => submitters.has(p)).length === 4)).toBe(true);
    expect(new Set(dealt.flat()).size).toBe(500);
  });
});

describe('the deadline of the rush (server clock, Europe/Paris)', () => {
  it('closes at midnight Paris after the closing date, and the domain agrees at the millisecond', () => {
    const calendar = loadCampaignCalendar('charge-x', '2026-11-27', '28');
    const closesAt = closingInstant('2026-11-27');
    expect(closesAt.toISOString()).toBe('2026-11-27T23:00:00.000Z'); // winter time: UTC+1
    expect(onTime(calendar, new Date(closesAt.getTime() - 1))).toBe(true);
    expect(onTime(calendar, closesAt)).toBe(false);
    expect(calendar.tracks.regional.opensOn).toBe('2026-08-30');
    expect(calendar.year).toBe(2026);
  });

  it('uses summer time on a summer closing date', () => {
    expect(closingInstant('2026-06-30').toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('closes tomorrow (Paris) so that the campaign stays open on the real clock while seeding', () => {
    expect(closingDateFor(Date.parse('2026-11-26T23:30:00Z'))).toBe('2026-11-28'); // already the 27th in Paris
    expect(closingDateFor(Date.parse('2026-11-26T10:00:00Z'))).toBe('2026-11-27');
  });

  it('sets the clock offset so that the server reads closing − lead at the rush start', () => {
    const closesAt = closingInstant('2026-11-27');
    const rushStart = Date.parse('2026-11-26T10:00:00Z');
    const offset = clockOffsetFor(rushStart, closesAt, 60_000);
    expect(new Date(rushStart + offset).toISOString()).toBe('2026-11-27T22:59:00.000Z');
  });
});

describe('buildLoadFlow', () => {
  const demo = JSON.parse(readFileSync(join(__dirname, '../../demo-data/demo-structures.json'), 'utf8')) as FinessFlow;
  const normandie = ['14', '27', '50', '61', '76'];
  const { flow, organismes } = buildLoadFlow(demo, 40, normandie);

  it('gives one organisme per porteur, each with 1–2 open ESSMS of the region, every FINESS valid and unique', () => {
    expect(organismes).toHaveLength(40);
    expect(flow.pmej).toHaveLength(40);
    const numbers = organismes.flatMap((o) => [o.finessEj, ...o.essms]);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => checkFiness(n).ok)).toBe(true);
    for (const o of organismes) {
      expect(o.essms.length).toBeGreaterThanOrEqual(1);
      expect(o.essms.length).toBeLessThanOrEqual(2);
      expect(o.essms.every((f) => normandie.includes(f.slice(0, 2)))).toBe(true);
    }
  });

  it('reuses no FINESS of the demo flow and names the clones', () => {
    const demoText = JSON.stringify(demo.pmej);
    expect(organismes.some((o) => demoText.includes(`"${o.finessEj}"`) || o.essms.some((f) => demoText.includes(`"${f}"`)))).toBe(false);
    expect(organismes[0].name).toMatch(/\(charge 1\)$/);
  });
});
