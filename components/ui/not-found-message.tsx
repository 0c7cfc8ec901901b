import Link from "next/link";

/**
 * The 404 message, without a landmark of its own: app/not-found.tsx wraps it in <main> for
 * addresses that match nothing; inside the admin layout (a page's notFound()) the layout's <main>
 * already holds it.
 */
export function NotFoundMessage() {
  return (
    <div className="flex min-h-[60vh] items-center justify-center px-4 py-16">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">There is nothing at this address. It may have been deleted.</p>
        <Link
          href="/"
          className="mt-6 inline-flex items-center rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
