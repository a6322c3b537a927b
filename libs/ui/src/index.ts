import './lib/register-link';

export { Layout, MainMenu, MAIN_CONTENT_ID, type LayoutProps, type NavigationItem } from './lib/layout';
export { AuthProvider, useSession, type Session } from './lib/session';
export { RequireRole, type RequireRoleProps } from './lib/require-role';
export { LoginPage, loginErrorMessage, safeNextPath } from './lib/login-page';
export { NotFound } from './lib/not-found';
export { AccessibilityPage } from './lib/accessibility-page';
export { ServiceContext, useService, usePageTitle, roleLabels, type ServiceIdentity } from './lib/service';
export { formatEuros, formatPercent } from './lib/format';
export { formatDate, formatDateTime } from './lib/dates';
export { SortableHeader, type SortableHeaderProps } from './lib/sortable-header';
export { UsageChart, type UsageChartProps, type UsageChartSeries } from './lib/usage-chart';
export { FollowUpAlerts, MilestonesTable, PaymentsTable, TargetsSection } from './lib/follow-up-panels';
export { DsfrTable } from './lib/dsfr-table';
