import { z } from "zod";
import { stepSchema } from "@/lib/automations/schema";

/** The automation's name and steps when the run started (the run's `snapshot`): edits do not change a running run. */
export const runSnapshotSchema = z.object({ automationName: z.string(), steps: z.array(stepSchema) });
export type RunSnapshot = z.infer<typeof runSnapshotSchema>;
