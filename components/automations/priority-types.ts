/** One automation as the priority panel lists it. */
export interface PriorityItem {
  id: string;
  name: string;
  status: "active" | "paused";
}
