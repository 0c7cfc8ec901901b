"use client";

import { createContext, useContext, type ReactNode } from "react";

const TeamTimeZone = createContext("UTC");

/** The team's time zone (Settings), handed to every time on the page by the admin layout. */
export function TeamTimeZoneProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <TeamTimeZone.Provider value={timeZone}>{children}</TeamTimeZone.Provider>;
}

export function useTeamTimeZone(): string {
  return useContext(TeamTimeZone);
}
