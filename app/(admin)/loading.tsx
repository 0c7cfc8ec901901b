// Shown inside the admin layout while a page's data loads: the same header block and card frame as
// the pages (PageHeader, then cards), so nothing jumps when the page replaces it.
export default function AdminLoading() {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="animate-pulse motion-reduce:animate-none">
        <div className="mb-6">
          <div className="h-8 w-56 rounded-md bg-slate-200" />
          <div className="mt-1 h-5 w-96 max-w-full rounded-md bg-slate-200" />
        </div>
        <div className="space-y-6">
          {[0, 1].map((card) => (
            <div key={card} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
              <div className="h-5 w-40 rounded bg-slate-200" />
              <div className="mt-4 space-y-3">
                <div className="h-4 w-full rounded bg-slate-100" />
                <div className="h-4 w-11/12 rounded bg-slate-100" />
                <div className="h-4 w-2/3 rounded bg-slate-100" />
              </div>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
