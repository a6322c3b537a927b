import { buildFiness } from '../testing';
import { deskFor } from './desk';

const essms = (count: number, regionCode: string, dep: string, first = 1) =>
  Array.from({ length: count }, (_, i) => ({ finess: buildFiness(dep, 1000 + first + i), regionCode }));

describe('deskFor (003 §4.3)', () => {
  it('003 §4.3: « ESSMS < 50, 1 région → Régional »', () => {
    expect(deskFor(essms(49, '28', '14'))).toEqual({
      desk: 'REGIONAL', multiregional: false, essmsCount: 49, regions: ['28'], pivotRegion: '28', allowedPivots: [], track: 'regional',
    });
  });
  it('003 §4.3: « ESSMS < 50, > 1 région → Régional » at the pivot ARS, multiregional calendar', () => {
    const r = deskFor([...essms(30, '28', '14'), ...essms(19, '93', '13')]);
    expect(r).toMatchObject({ desk: 'REGIONAL', multiregional: true, essmsCount: 49, regions: ['28', '93'], pivotRegion: '28', allowedPivots: ['28', '93'], track: 'multiregional' });
  });
  it('003 §4.3: « ≥ 50, 1 région → Régional »', () => {
    expect(deskFor(essms(120, '28', '14'))).toMatchObject({ desk: 'REGIONAL', essmsCount: 120, pivotRegion: '28', track: 'regional' });
  });
  it('003 §4.3: « ≥ 50, > 1 région → National »', () => {
    expect(deskFor([...essms(49, '28', '14'), ...essms(1, '93', '13')])).toMatchObject({
      desk: 'NATIONAL', multiregional: true, essmsCount: 50, pivotRegion: null, allowedPivots: [], track: 'multiregional',
    });
  });
  it('003 §4.4.1: unique FINESS géographiques — duplicates do not reach 50', () => {
    const list = [...essms(48, '28', '14'), ...essms(1, '93', '13')];
    expect(deskFor([...list, list[0], list[48]])).toMatchObject({ desk: 'REGIONAL', essmsCount: 49 });
  });
  it('platform decision: default pivot = region with most ESSMS', () => {
    expect(deskFor([...essms(3, '28', '14'), ...essms(5, '93', '13')]).pivotRegion).toBe('93');
  });
  it('platform decision: ties → head-office region, then lowest code', () => {
    const tied = [...essms(4, '28', '14'), ...essms(4, '93', '13'), ...essms(2, '11', '75')];
    expect(deskFor(tied, { headOfficeRegion: '93' }).pivotRegion).toBe('93');
    expect(deskFor(tied).pivotRegion).toBe('28');
    expect(deskFor(tied, { headOfficeRegion: '11' }).pivotRegion).toBe('28'); // head office not among the tied
  });
  it('platform decision: the porteur may choose any region of its ESSMS as pivot', () => {
    expect(deskFor([...essms(5, '28', '14'), ...essms(1, '93', '13')], { pivotRegion: '93' }).pivotRegion).toBe('93');
  });
  it('platform decision: a pivot outside the ESSMS regions is an error', () => {
    expect(() => deskFor(essms(5, '28', '14'), { pivotRegion: '93' })).toThrow(expect.objectContaining({ field: 'pivotRegion' }));
  });
  it('no ESSMS', () => {
    expect(deskFor([])).toMatchObject({ desk: 'REGIONAL', essmsCount: 0, regions: [], pivotRegion: null });
  });
});
