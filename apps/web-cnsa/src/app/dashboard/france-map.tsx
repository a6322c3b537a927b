import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { geoArea, geoConicConformal, geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { colourScale, NO_DATA_COLOUR, textOn, type Indicator } from './indicators';
import type { DashboardArea } from './operations';

type RegionFeature = Feature<Geometry, { code: string; nom: string }>;

/** Official outlines (IGN Admin Express via gregoiredavid/france-geojson), copied into public/geo/. */
const METROPOLE = '/geo/regions-metropole-simplifiee.geojson';
const OVERSEAS = [
  { code: '01', file: '/geo/region-guadeloupe.geojson' },
  { code: '02', file: '/geo/region-martinique.geojson' },
  { code: '03', file: '/geo/region-guyane.geojson' },
  { code: '04', file: '/geo/region-la-reunion.geojson' },
  { code: '06', file: '/geo/region-mayotte.geojson' },
];

/** d3-geo wants clockwise exterior rings; GeoJSON (RFC 7946) files are counter-clockwise: rewind when inverted. */
function rewind<T extends RegionFeature>(feature: T): T {
  if (geoArea(feature as GeoPermissibleObjects) <= 2 * Math.PI) return feature;
  const g = feature.geometry;
  const rev = (poly: number[][][]) => poly.map((ring) => [...ring].reverse());
  if (g.type === 'Polygon') return { ...feature, geometry: { ...g, coordinates: rev(g.coordinates) } };
  if (g.type === 'MultiPolygon') return { ...feature, geometry: { ...g, coordinates: g.coordinates.map(rev) } };
  return feature;
}

interface Shapes {
  metropole: RegionFeature[];
  overseas: RegionFeature[];
}

function useShapes(): { shapes: Shapes | null; error: boolean } {
  const [shapes, setShapes] = useState<Shapes | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    let alive = true;
    Promise.all([
      fetch(METROPOLE).then((r) => r.json() as Promise<FeatureCollection<Geometry, { code: string; nom: string }>>),
      ...OVERSEAS.map((o) => fetch(o.file).then((r) => r.json() as Promise<RegionFeature>)),
    ])
      .then(([metro, ...dom]) => {
        if (!alive) return;
        const m = metro as FeatureCollection<Geometry, { code: string; nom: string }>;
        setShapes({ metropole: m.features.map(rewind), overseas: (dom as RegionFeature[]).map(rewind) });
      })
      .catch(() => alive && setError(true));
    return () => {
      alive = false;
    };
  }, []);
  return { shapes, error };
}

const WIDTH = 640;
const METRO_HEIGHT = 520;
const INSET = { width: 112, height: 92, top: METRO_HEIGHT + 16 };
const HEIGHT = INSET.top + INSET.height + 24;

export interface FranceMapProps {
  regions: DashboardArea[];
  indicator: Indicator;
  /** Link of a region (drill down), e.g. `/regions/28?annee=2024`. */
  hrefFor: (code: string) => string;
}

/**
 * Choropleth of the 18 regions: metropole (conic conformal, as Lambert-93) and the five overseas regions as
 * insets. Each region is a link (keyboard: Tab, Entrée) labelled with its value; the legend gives the classes.
 * The accessible alternative is the table under the map.
 */
export function FranceMap({ regions, indicator, hrefFor }: FranceMapProps) {
  const { shapes, error } = useShapes();
  const navigate = useNavigate();
  const byCode = useMemo(() => new Map(regions.map((r) => [r.code, r])), [regions]);
  const scale = useMemo(() => colourScale(regions.filter((r) => r.code !== 'NA').map(indicator.value), indicator), [regions, indicator]);

  const drawn = useMemo(() => {
    if (!shapes) return [];
    const metroProjection = geoConicConformal().parallels([44, 49]).rotate([-3, 0]).fitExtent(
      [
        [8, 8],
        [WIDTH - 8, METRO_HEIGHT - 8],
      ],
      { type: 'FeatureCollection', features: shapes.metropole } as FeatureCollection,
    );
    const metroPath = geoPath(metroProjection);
    const items = shapes.metropole.map((f) => ({ f, d: metroPath(f) ?? '', inset: null as null | { x: number; y: number } }));
    const gap = (WIDTH - OVERSEAS.length * INSET.width) / (OVERSEAS.length - 1);
    shapes.overseas.forEach((f, i) => {
      const x = i * (INSET.width + gap);
      const projection = geoMercator().fitExtent(
        [
          [x + 6, INSET.top + 6],
          [x + INSET.width - 6, INSET.top + INSET.height - 6],
        ],
        f,
      );
      items.push({ f, d: geoPath(projection)(f) ?? '', inset: { x, y: INSET.top } });
    });
    return items;
  }, [shapes]);

  if (error) return <p className="fr-error-text">La carte n’a pas pu être chargée : consultez le tableau ci-dessous.</p>;
  if (!shapes) return <p role="status">Chargement de la carte…</p>;

  return (
    <figure className="fr-m-0 cnsa-map" aria-labelledby="carte-titre">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="group" aria-labelledby="carte-titre" style={{ maxWidth: 680, display: 'block' }}>
        {drawn.map(({ f, d, inset }) => {
          const area = byCode.get(f.properties.code);
          const value = area ? indicator.value(area) : null;
          const label = `${f.properties.nom} : ${value === null ? 'non disponible' : indicator.format(value)}`;
          return (
            <g key={f.properties.code}>
              {inset && (
                <>
                  <rect x={inset.x} y={inset.y} width={INSET.width} height={INSET.height} fill="none" stroke="#929292" strokeDasharray="3 2" />
                  <text x={inset.x + INSET.width / 2} y={inset.y + INSET.height + 14} textAnchor="middle" fontSize="11" fill="#3a3a3a">
                    {f.properties.nom}
                  </text>
                </>
              )}
              <a
                href={hrefFor(f.properties.code)}
                aria-label={label}
                className="cnsa-map__region"
                data-region={f.properties.code}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(hrefFor(f.properties.code));
                }}
              >
                <title>{label}</title>
                <path d={d} fill={value === null ? NO_DATA_COLOUR : scale.colourOf(value)} stroke="#161616" strokeWidth={0.7} />
              </a>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <p id="carte-titre" className="fr-text--bold fr-mb-1w">
          {indicator.label} par région
        </p>
        <ul className="cnsa-legend" aria-label={`Légende : ${indicator.label}`}>
          {scale.classes.map((c) => (
            <li key={c.colour}>
              <span className="cnsa-legend__swatch" style={{ backgroundColor: c.colour, color: textOn(c.colour) }} aria-hidden="true" />
              {scale.max === 0 ? indicator.format(0) : c.label}
            </li>
          ))}
          <li>
            <span className="cnsa-legend__swatch" style={{ backgroundColor: NO_DATA_COLOUR }} aria-hidden="true" />
            Non disponible
          </li>
        </ul>
        <p className="fr-text--xs fr-mb-0">
          Contours des régions : IGN — Admin Express (Licence Ouverte / Open Licence Etalab), via le dépôt public gregoiredavid/france-geojson.
          Départements et régions d’outre-mer en encarts (échelles différentes).
        </p>
      </figcaption>
    </figure>
  );
}
