import { NotFoundMessage } from "@/components/ui/not-found-message";

// Inside the admin layout (which has its own <main>), a missing record renders just the message.
export default function AdminNotFound() {
  return <NotFoundMessage />;
}
