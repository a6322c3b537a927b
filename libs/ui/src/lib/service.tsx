import { createContext, useContext, useEffect } from 'react';
import type { Role } from '@esms/graphql-client';

export interface ServiceIdentity {
  /** Shown in the header and the page titles, e.g. "ESMS numérique — Espace porteur". */
  serviceTitle: string;
  /** Roles this app is made for (the login page and guards use them). */
  roles: Role[];
  /** Where a person without an account creates one (porteurs only). */
  signUpPath?: string;
  /** Where a person who forgot the password asks for a reset link (porteurs). */
  passwordResetPath?: string;
}

export const ServiceContext = createContext<ServiceIdentity>({ serviceTitle: 'ESMS numérique', roles: [] });

export function useService(): ServiceIdentity {
  return useContext(ServiceContext);
}

/** A unique, descriptive document title per page (RGAA 8.6). */
export function usePageTitle(title: string | undefined): void {
  const { serviceTitle } = useService();
  useEffect(() => {
    document.title = title ? `${title} | ${serviceTitle}` : serviceTitle;
  }, [title, serviceTitle]);
}

export const roleLabels: Record<Role, string> = {
  PORTEUR: 'Porteur de projet',
  INSTRUCTEUR: 'Instructeur ARS',
  CD: 'Conseil départemental',
  CNSA: 'CNSA',
};
