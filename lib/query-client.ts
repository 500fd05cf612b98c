import { QueryClient } from "@tanstack/react-query";

/** The one place react-query defaults are decided. */
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
