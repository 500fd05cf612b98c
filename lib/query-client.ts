import { QueryClient } from "@tanstack/react-query";

/**
 * The one place react-query defaults are decided. The browser keeps one client for the tab
 * (components/providers.tsx); each server page makes its own for the request, fetches the
 * first view into it under the domain's query key, and hands it over with
 * <HydrationBoundary state={dehydrate(queryClient)}> to the client component that reads it.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server components render the first view; don't refetch it immediately on hydration.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: 1,
      },
    },
  });
}
