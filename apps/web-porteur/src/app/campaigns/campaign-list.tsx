import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { CAMPAIGNS_QUERY, type Campaign, type PeriodStatus, type RegionContacts } from '@esms/graphql-client';
import { formatDay } from '../shared/dates';

export const PERIOD_LABELS: Record<PeriodStatus, { label: string; severity: 'success' | 'info' | 'error' }> = {
  OPEN: { label: 'Ouverte', severity: 'success' },
  UPCOMING: { label: 'À venir', severity: 'info' },
  CLOSED: { label: 'Close', severity: 'error' },
};

export function PeriodBadge({ status }: { status: PeriodStatus }) {
  const { label, severity } = PERIOD_LABELS[status];
  return (
    <Badge as="span" small severity={severity}>
      {label}
    </Badge>
  );
}

function Contacts({ region }: { region: RegionContacts }) {
  return (
    <div>
      <h4 className="fr-h6 fr-mb-1w">Vos contacts en {region.name}</h4>
      <p className="fr-text--sm fr-mb-1w">
        <strong>ARS {region.name}</strong>
      </p>
      {region.ars.absentFromAnnex && region.ars.genericEmails.length === 0 && region.ars.referents.length === 0 ? (
        <p className="fr-text--sm">Contacts non publiés : écrivez à l’ARS par son site.</p>
      ) : (
        <ul className="fr-text--sm">
          {region.ars.genericEmails.map((email) => (
            <li key={email}>
              <a href={`mailto:${email}`}>{email}</a>
            </li>
          ))}
          {region.ars.referents.map((referent) => (
            <li key={referent.email}>
              {referent.name} — <a href={`mailto:${referent.email}`}>{referent.email}</a>
            </li>
          ))}
        </ul>
      )}
      {region.grades && (
        <>
          <p className="fr-text--sm fr-mb-1w">
            <strong>GRADeS : {region.grades.name}</strong>
            {region.grades.website && (
              <>
                {' '}
                — <a href={region.grades.website} target="_blank" rel="noreferrer" title={`Site du GRADeS ${region.grades.name} (nouvelle fenêtre)`}>site web</a>
              </>
            )}
          </p>
          <ul className="fr-text--sm">
            {region.grades.contacts.map((contact) => (
              <li key={`${contact.name}-${contact.email ?? ''}`}>
                {contact.name}
                {contact.role ? ` (${contact.role})` : ''}
                {contact.email && (
                  <>
                    {' '}
                    — <a href={`mailto:${contact.email}`}>{contact.email}</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function CampaignCard({ campaign, headingLevel = 3 }: { campaign: Campaign; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="fr-p-3w fr-mb-3w" style={{ border: '1px solid var(--border-default-grey)' }} aria-labelledby={`campagne-${campaign.id}`} data-testid="campaign">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-7">
          <Heading id={`campagne-${campaign.id}`} className="fr-h5 fr-mb-1w">
            {campaign.label} <PeriodBadge status={campaign.status} />
          </Heading>
          {campaign.tracks.map((track) => (
            <div key={track.kind} className="fr-mb-2w">
              <p className="fr-mb-1w">
                <strong>{track.label}</strong> : du {formatDay(track.opensOn)} au {formatDay(track.closesOn)} à 23 h 59 (heure de Paris){' '}
                <PeriodBadge status={track.status} />
              </p>
              {track.windows.length > 0 && (
                <ul className="fr-text--sm fr-mb-0">
                  {track.windows.map((window) => (
                    <li key={window.code}>
                      Fenêtre {window.code} : du {formatDay(window.opensOn)} au {formatDay(window.closesOn)} <PeriodBadge status={window.status} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
          <p className="fr-text--xs fr-mb-0">Source : {campaign.source}</p>
        </div>
        <div className="fr-col-12 fr-col-md-5">
          <Contacts region={campaign.region} />
        </div>
      </div>
    </article>
  );
}

const ORDER: Record<PeriodStatus, number> = { OPEN: 0, UPCOMING: 1, CLOSED: 2 };

/** The calls for projects (AAP) with their calendars and the region's contacts. */
export function CampaignList({ headingLevel = 3, onlyCurrent = false }: { headingLevel?: 2 | 3; onlyCurrent?: boolean }) {
  const { data, loading, error } = useQuery(CAMPAIGNS_QUERY);
  if (loading && !data) return <p role="status">Chargement des campagnes…</p>;
  if (error && !data) return <Alert severity="error" small description="Les campagnes ne peuvent pas être affichées pour le moment. Réessayez dans quelques instants." />;
  const campaigns = [...(data?.campaigns ?? [])]
    .filter((c) => !onlyCurrent || c.status !== 'CLOSED')
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.year - a.year || a.label.localeCompare(b.label));
  if (campaigns.length === 0) return <p>Aucune campagne ouverte ou à venir pour le moment.</p>;
  return (
    <div>
      {campaigns.map((campaign) => (
        <CampaignCard key={campaign.id} campaign={campaign} headingLevel={headingLevel} />
      ))}
    </div>
  );
}
