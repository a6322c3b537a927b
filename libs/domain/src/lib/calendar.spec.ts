import fc from 'fast-check';
import {
  DEMO_CALENDARS,
  DEMO_NORMANDIE_2026,
  isSubmissionOnTime,
  NORMANDIE_2024,
  PACA_2023,
  parisDate,
  parisEndOfDay,
  parisStartOfDay,
  SHIPPED_CALENDARS,
  trackStatus,
  windowAt,
  type Track,
} from './calendar';

const track = (closesOn: string, opensOn = '2024-01-01'): Track => ({ opensOn, closesOn, windows: [{ code: 'W1', opensOn, closesOn }] });
const iso = (d: Date) => d.toISOString();

describe('Paris days, DST correct', () => {
  it.each([
    ['winter (CET, UTC+1)', '2024-01-15', '2024-01-14T23:00:00.000Z', '2024-01-15T22:59:59.999Z'],
    ['summer (CEST, UTC+2)', '2024-09-15', '2024-09-14T22:00:00.000Z', '2024-09-15T21:59:59.999Z'],
    ['spring forward 2024-03-31 (day of 23 h)', '2024-03-31', '2024-03-30T23:00:00.000Z', '2024-03-31T21:59:59.999Z'],
    ['fall back 2024-10-27 (day of 25 h)', '2024-10-27', '2024-10-26T22:00:00.000Z', '2024-10-27T22:59:59.999Z'],
    ['leap day', '2024-02-29', '2024-02-28T23:00:00.000Z', '2024-02-29T22:59:59.999Z'],
    ['year end', '2023-12-31', '2023-12-30T23:00:00.000Z', '2023-12-31T22:59:59.999Z'],
  ])('%s', (_n, day, start, end) => {
    expect(iso(parisStartOfDay(day))).toBe(start);
    expect(iso(parisEndOfDay(day))).toBe(end);
  });

  it('rejects an invalid date', () => {
    expect(() => parisStartOfDay('2024-02-30')).toThrow(/invalide/);
    expect(() => parisEndOfDay('15/09/2024')).toThrow(/AAAA-MM-JJ/);
  });

  it('property: every instant of a Paris day lies between its start and end, which are 23, 24 or 25 h apart', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), (at) => {
        const day = parisDate(at);
        expect(parisStartOfDay(day).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(parisEndOfDay(day).getTime()).toBeGreaterThanOrEqual(at.getTime());
        const hours = (parisEndOfDay(day).getTime() + 1 - parisStartOfDay(day).getTime()) / 3_600_000;
        expect([23, 24, 25]).toContain(hours);
      }),
    );
  });
});

describe('isSubmissionOnTime — « à minuit » = 23:59:59.999 Paris (domain-rules §1)', () => {
  it.each([
    ['2024-03-31', '2024-03-31T21:59:59.999Z', '2024-03-31T22:00:00.000Z'],
    ['2024-10-27', '2024-10-27T22:59:59.999Z', '2024-10-27T23:00:00.000Z'],
  ])('DST day: closing %s — last millisecond on time, next midnight late', (closesOn, last, next) => {
    expect(isSubmissionOnTime(track(closesOn), new Date(last))).toBe(true);
    expect(isSubmissionOnTime(track(closesOn), new Date(next))).toBe(false);
  });

  it('003 §4.6: « ouvert du 15/01/2024 au 15/09/2024 à minuit » — regional track of Normandie', () => {
    const t = NORMANDIE_2024.tracks.regional;
    expect(isSubmissionOnTime(t, new Date('2024-09-15T23:59:59.999+02:00'))).toBe(true);
    expect(isSubmissionOnTime(t, new Date('2024-09-16T00:00:00.000+02:00'))).toBe(false);
    expect(isSubmissionOnTime(t, new Date('2024-01-15T00:00:00.000+01:00'))).toBe(true);
    expect(isSubmissionOnTime(t, new Date('2024-01-14T23:59:59.999+01:00'))).toBe(false);
  });

  it('domain-rules §1: Paris time whatever the porteur time zone — La Réunion (UTC+4) at 01:30 on 16/09 is still on time', () => {
    expect(isSubmissionOnTime(NORMANDIE_2024.tracks.regional, new Date('2024-09-16T01:30:00+04:00'))).toBe(true);
  });

  it('domain-rules §1: Guadeloupe (UTC−4) at 18:30 on 15/09 local time is already late in Paris', () => {
    expect(isSubmissionOnTime(NORMANDIE_2024.tracks.regional, new Date('2024-09-15T18:30:00-04:00'))).toBe(false);
  });

  it('003 §4.6: « ouvert du 15/01/2024 au 31/05/2024 à minuit » — multiregional track of Normandie', () => {
    const t = NORMANDIE_2024.tracks.multiregional;
    expect(isSubmissionOnTime(t, new Date('2024-05-31T23:59:59.999+02:00'))).toBe(true);
    expect(isSubmissionOnTime(t, new Date('2024-06-01T00:00:00.000+02:00'))).toBe(false);
  });

  it('001: PACA multiregional closes 15/06/2023 at midnight', () => {
    const t = PACA_2023.tracks.multiregional;
    expect(isSubmissionOnTime(t, new Date('2023-06-15T23:59:59.999+02:00'))).toBe(true);
    expect(isSubmissionOnTime(t, new Date('2023-06-16T00:00:00.000+02:00'))).toBe(false);
  });
});

describe('windowAt — « réceptionnés au fil de l’eau dans cette période »', () => {
  it.each([
    ['003 §4.6: 15/01/2024 → W1', NORMANDIE_2024.tracks.regional, '2024-01-15T00:00:00+01:00', 'W1'],
    ['003 §4.6: 31/05/2024 23:59:59.999 → W1', NORMANDIE_2024.tracks.regional, '2024-05-31T23:59:59.999+02:00', 'W1'],
    ['003 §4.6: 01/06/2024 00:00 → W2', NORMANDIE_2024.tracks.regional, '2024-06-01T00:00:00+02:00', 'W2'],
    ['003 §4.6: 15/09/2024 23:59 → W2', NORMANDIE_2024.tracks.regional, '2024-09-15T23:59:00+02:00', 'W2'],
    ['001: 27/04/2023 → W1', PACA_2023.tracks.regional, '2023-04-27T12:00:00+02:00', 'W1'],
    ['001: 28/04/2023 → W2', PACA_2023.tracks.regional, '2023-04-28T00:00:00+02:00', 'W2'],
    ['001: multiregional 15/06/2023 → W1', PACA_2023.tracks.multiregional, '2023-06-15T20:00:00+02:00', 'W1'],
  ])('%s', (_n, t, at, code) => {
    expect(windowAt(t, new Date(at))?.code).toBe(code);
  });

  it('outside every window → null', () => {
    expect(windowAt(NORMANDIE_2024.tracks.regional, new Date('2024-09-16T00:00:00+02:00'))).toBeNull();
    expect(windowAt(NORMANDIE_2024.tracks.regional, new Date('2023-12-31T12:00:00+01:00'))).toBeNull();
  });
});

describe('trackStatus', () => {
  const t = NORMANDIE_2024.tracks.regional;
  it.each([
    ['2024-01-14T23:59:59.999+01:00', 'UPCOMING'],
    ['2024-01-15T00:00:00.000+01:00', 'OPEN'],
    ['2024-09-15T23:59:59.999+02:00', 'OPEN'],
    ['2024-09-16T00:00:00.000+02:00', 'CLOSED'],
  ])('%s → %s', (at, status) => expect(trackStatus(t, new Date(at))).toBe(status));
});

describe('shipped calendars', () => {
  it('domain-rules §1: Normandie 2024 and PACA 2023, windows cover their track without gap', () => {
    expect(SHIPPED_CALENDARS.map((c) => c.id)).toEqual(['normandie-2024', 'paca-2023']);
    for (const c of SHIPPED_CALENDARS) {
      for (const t of [c.tracks.regional, c.tracks.multiregional]) {
        expect(t.windows[0].opensOn).toBe(t.opensOn);
        expect(t.windows[t.windows.length - 1].closesOn).toBe(t.closesOn);
        for (let i = 1; i < t.windows.length; i++) {
          expect(parisStartOfDay(t.windows[i].opensOn).getTime()).toBe(parisEndOfDay(t.windows[i - 1].closesOn).getTime() + 1);
        }
      }
    }
    expect(NORMANDIE_2024.regionCode).toBe('28');
    expect(PACA_2023.regionCode).toBe('93');
  });
});

describe('demo calendars (fictional, demo mode only)', () => {
  it('an open Normandie demo campaign, labelled as fictional, never among the shipped calendars, windows without gap', () => {
    expect(DEMO_CALENDARS.map((c) => c.id)).toEqual(['normandie-2026-demo']);
    expect(DEMO_NORMANDIE_2026.regionCode).toBe('28');
    expect(DEMO_NORMANDIE_2026.label).toMatch(/démonstration/);
    expect(DEMO_NORMANDIE_2026.source).toMatch(/fictif/);
    for (const c of DEMO_CALENDARS) {
      expect(SHIPPED_CALENDARS.some((s) => s.id === c.id)).toBe(false);
      for (const t of [c.tracks.regional, c.tracks.multiregional]) {
        expect(t.windows[0].opensOn).toBe(t.opensOn);
        expect(t.windows[t.windows.length - 1].closesOn).toBe(t.closesOn);
        for (let i = 1; i < t.windows.length; i++) {
          expect(parisStartOfDay(t.windows[i].opensOn).getTime()).toBe(parisEndOfDay(t.windows[i - 1].closesOn).getTime() + 1);
        }
      }
    }
    expect(trackStatus(DEMO_NORMANDIE_2026.tracks.regional, new Date('2026-06-01T12:00:00+02:00'))).toBe('OPEN');
  });
});
